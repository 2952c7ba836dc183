"""tagsoracle.py: packaging's answers, for tests/oracle/wheel-tags-match-packaging.sh.

Run by the interpreter under test:

  tagsoracle.py info DIR...
      this Python's version, its pip's packaging dir (or "") and version, then the
      newest packaging among the DIRs it can run (newer than its pip's) and its version
  tagsoracle.py [--packaging DIR] all OUT NAME...
      OUT.markers: default_environment() as KEY=VALUE lines, the values quoted as
      venvmk's query quotes them; OUT.tags: sys_tags(), one a line; OUT.rank:
      "INDEX NAME", the best tag of each wheel name (-1: none, or not a wheel's)
  tagsoracle.py [--packaging DIR] sim OUT KEY=VALUE...
      OUT.tags: sys_tags() with the facts tagsdump list takes patched in

Without --packaging it uses the interpreter's own pip._vendor.packaging. venvmk
follows packaging 26.3; an older packaging is brought to 26.3's rules by these
changes, each said on stderr, so that what remains to compare is exact:

  22.0  compatible_tags() gives cpXY-none-any for CPython (pypa/packaging#541)
  26.3  linux_ARCH comes before manylinux and musllinux (pypa/packaging#160)

Exit 3: this packaging cannot be run here, or lacks the rules to simulate;
exit 4: it has no tags module (pip 18's), so only OUT.markers was written.
"""
import os
import re
import sys
import tempfile


def version_of(d):
    for f in ("__init__.py", "__about__.py"):
        try:
            with open(os.path.join(d, f)) as fh:
                m = re.search(r'^__version__ = "([^"]+)"', fh.read(), re.M)
        except (IOError, OSError):
            continue
        if m:
            return m.group(1)
    return None


def vtuple(v):
    return tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[.+]", v)[:3])


def load(d):
    """packaging from directory D (or pip's own when None), or None."""
    try:
        if d is None:
            from pip._vendor import packaging
            from pip._vendor.packaging import markers
        else:
            top = tempfile.mkdtemp()
            os.symlink(os.path.abspath(d), os.path.join(top, "packaging"))
            sys.path.insert(0, top)
            import packaging
            from packaging import markers
    except Exception:  # ImportError, SyntaxError: not for this Python
        for m in [m for m in sys.modules if m == "packaging" or m.startswith("packaging.")]:
            del sys.modules[m]
        if d is not None:
            sys.path.remove(top)
        return None
    try:  # packaging.tags came in 19.0, parse_wheel_filename in 20.9
        from importlib import import_module
        tags = import_module(packaging.__name__ + ".tags")
        utils = import_module(packaging.__name__ + ".utils")
        utils.parse_wheel_filename
    except (ImportError, AttributeError):
        tags = utils = None
    return packaging, tags, markers, utils


def bring_up(packaging, tags):
    """Patch an older packaging to 26.3's tag rules; returns what was changed."""
    v = vtuple(packaging.__version__)
    said = []
    if v < (22, 0):
        compat = tags.compatible_tags

        def compatible_tags(python_version=None, interpreter=None, platforms=None):
            if interpreter is None and tags.interpreter_name() == "cp":
                interpreter = "cp" + tags.interpreter_version()
            return compat(python_version, interpreter, platforms)
        tags.compatible_tags = compatible_tags
        said.append("cpXY-none-any (22.0)")
    if v < (26, 3):
        linux = tags._linux_platforms

        def linux_platforms(*a, **k):
            p = list(linux(*a, **k))
            return [x for x in p if x.startswith("linux_")] + [x for x in p if not x.startswith("linux_")]
        tags._linux_platforms = linux_platforms
        tags.linux_platforms_of_old = linux
        said.append("linux_ARCH first (26.3)")
    sys.stderr.write("# packaging %s%s\n" % (packaging.__version__, said and ", brought up to 26.3: " + ", ".join(said) or ""))


def simulate(packaging, tags, facts):
    """Patch the facts venvmk's tagsdump list takes into packaging; False when it lacks their rules."""
    v = vtuple(packaging.__version__)
    # before 24.0 the ABI came from SOABI and Py_NOGIL; abi3t came in 26.1
    if v < (24, 0) or ("t" in facts.get("abiinfo", "") and v < (26, 1)):
        return False
    import platform
    import sysconfig
    from importlib import import_module
    ml = import_module(tags.__name__.rsplit(".", 1)[0] + "._manylinux")
    mu = import_module(tags.__name__.rsplit(".", 1)[0] + "._musllinux")
    names = {"cpython": "cp", "pypy": "pp"}
    tags.interpreter_name = lambda: names.get(facts["implname"], facts["implname"])
    abi = facts.get("abiinfo", "")
    cv = {"py_version_nodot": facts.get("nodot") or None, "EXT_SUFFIX": facts.get("extsuffix"),
          "Py_DEBUG": int("d" in abi), "WITH_PYMALLOC": int("m" in abi),
          "Py_GIL_DISABLED": int("t" in abi), "Py_UNICODE_SIZE": 4 if "u" in abi else 2}
    tags._get_config_var = lambda name, warn=False: cv.get(name)
    sysconfig.get_platform = lambda: facts["platform"]
    platform.system = lambda: facts["system"]
    getattr(tags, "linux_platforms_of_old", tags._linux_platforms).__defaults__ = (facts.get("bits") == "32",)
    g = re.match(r"(\d+)\.(\d+)", facts.get("glibc", ""))
    ml._get_glibc_version = lambda: g and (int(g.group(1)), int(g.group(2))) or (-1, -1)
    m = re.match(r"(\d+)\.(\d+)", facts.get("musl", ""))
    mu._get_musl_version = lambda *a: m and mu._MuslVersion(int(m.group(1)), int(m.group(2))) or None
    e = [int(x) for x in facts.get("elf", "0 0 0 0").split()]
    ml._is_linux_i686 = lambda *a: e[:3] == [1, 1, 3]
    ml._is_linux_armhf = lambda *a: (e[:3] == [1, 1, 40] and e[3] & 0xFF000000 == 0x05000000
                                     and e[3] & 0x400 == 0x400)
    return True


def quote(s):
    """One line, as venvmk's interpreter query writes a value: %XX for '%', controls and non-ASCII."""
    if not isinstance(s, bytes):
        s = s.encode("utf-8", "surrogateescape")
    return "".join(32 <= b < 127 and b != 37 and chr(b) or "%%%02X" % b for b in bytearray(s))


def ranks(tags, utils, supported, names):
    best = {}
    for i, t in enumerate(supported):
        best.setdefault(t, i)
    for name in names:
        try:
            found = [best[str(t)] for t in utils.parse_wheel_filename(name)[3] if str(t) in best]
        except Exception:  # InvalidWheelFilename, InvalidVersion
            found = []
        yield "%d %s" % (min(found) if found else -1, name)


def info(cands):
    """This Python's version, its pip's packaging dir, and the newest other packaging it runs."""
    print("%d.%d.%d" % tuple(sys.version_info[:3]))
    got = load(None)
    own = got and os.path.dirname(os.path.realpath(got[0].__file__)) or ""
    print(own)
    print(got and got[0].__version__ or "")
    found = sorted(((vtuple(version_of(d) or "0"), d) for d in cands if version_of(d)), reverse=True)
    for v, d in found:
        if os.path.realpath(d) == own or (got and v <= vtuple(got[0].__version__)):
            continue
        got = load(d)
        if got and got[1]:
            print(d)
            print(got[0].__version__)
            break


def main():
    args = sys.argv[1:]
    if args[:1] == ["info"]:
        info(args[1:])
        return 0
    d = None
    if args[:1] == ["--packaging"]:
        d, args = args[1], args[2:]
    got = load(d)
    if not got or len(args) < 2:
        return 3
    packaging, tags, markers, utils = got
    mode, out, args = args[0], args[1], args[2:]
    if mode == "all":
        with open(out + ".markers", "w") as f:
            env = markers.default_environment()
            f.write("".join("%s=%s\n" % (k, quote(env[k])) for k in sorted(env)))
        if not tags:
            sys.stderr.write("# packaging %s: markers, no tags module\n" % packaging.__version__)
            return 4
    elif mode != "sim" or not tags:
        return 2
    bring_up(packaging, tags)
    if mode == "sim" and not simulate(packaging, tags, dict(a.split("=", 1) for a in args)):
        return 3
    supported = [str(t) for t in tags.sys_tags()]
    with open(out + ".tags", "w") as f:
        f.write("".join(t + "\n" for t in supported))
    if mode == "all":
        with open(out + ".rank", "w") as f:
            f.write("".join(r + "\n" for r in ranks(tags, utils, supported, args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
