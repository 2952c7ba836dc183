"""pep508oracle.py -- venvmk's PEP 508 markers and dependency specifiers against packaging.

Usage:  python3 tests/oracle/pep508oracle.py drive TOOL CORPUSDIR [SEED]

The driver finds every interpreter here whose pip vendors packaging.markers
(pyenv's, Debian's), draws a few hundred marker expressions from tricky pieces
and adds every marker of the requirements corpus (read with pip's own parser).
Each interpreter evaluates them with its own pip._vendor.packaging, against its
own default_environment() (this file, run as "eval", must therefore stay valid
Python 2.7); TOOL (tests/helpers/pep440tool) evaluates them against that same
environment, and every difference is printed.  Then the newest packaging parses
generated and corpus requirement lines ("dep") and TOOL must read them alike.
Exit status 1 on any difference.

venvmk follows packaging 24.1 (pip 24.2's), the newest here.  Excluded, each a
documented difference between packaging releases (and counted):

* packaging 22-25 raise InvalidVersion when a marker compares a value that is
  not a PEP 440 version (platform_release "6.18.44-fc-v1045") with an operator
  and a version that form a valid specifier (pypa/packaging#774).  21.3 and
  26.0+ (pypa/packaging#932) call the comparison false, and so does venvmk;
  the interpreters with 21.3 check those answers.
* packaging < 22 (pyparsing, before the handwritten parser of 22.0): string
  literals are not Python literals (no escapes), extra names are compared
  unnormalized (PEP 685 came in 22.0), a version comparison excludes
  pre-releases (22.0 passes prereleases=True), "===" compares a non-version
  as the raw string (LegacyVersion), and "python_version < '3'or ..." parses
  differently around a missing space.  Expressions that touch one of these are
  not compared under those interpreters.

Not generated: \\N{...} escapes and NUL in strings (venvmk refuses them: no
name table, C strings), non-ASCII text (Python's \\b and str.lower() are Unicode-
aware, venvmk's ASCII), a trailing newline (accepted before 26.3, pypa/packaging
#1345), and "extras" / "dependency_groups" (packaging 25.0+, PEP 751: the
scenario test checks them by hand).
"""
import json
import os
import random
import subprocess
import sys

EXTRAS = ["", "test", "Foo.Bar", "foo-bar", "FOO__bar"]


def packaging_version():
    from pip._vendor import packaging
    v = getattr(packaging, "__version__", None)
    if v is None:
        from pip._vendor.packaging import __about__
        v = __about__.__version__
    return v


def do_eval():
    """print this interpreter's packaging version and environment, then answer one line of cases"""
    from pip._vendor.packaging.markers import Marker, default_environment
    env = dict((k, v) for k, v in default_environment().items())
    sys.stdout.write(json.dumps({"packaging": packaging_version(), "env": env}) + "\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line.strip():
        return
    out = []
    for expr, extras in json.loads(line):
        try:
            m = Marker(expr)
        except Exception:
            out.append(["invalid"] * len(extras))
            continue
        row = []
        for x in extras:
            try:
                row.append("true" if m.evaluate({"extra": x}) else "false")
            except Exception as e:
                row.append("error:" + type(e).__name__)
        out.append(row)
    sys.stdout.write(json.dumps(out) + "\n")


def deps(texts):
    """the newest packaging on requirement lines: the fields pep440tool's "dep" prints"""
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import Specifier
    from pip._vendor.packaging.utils import canonicalize_name
    from pip._vendor.packaging import _parser
    out = []
    for text in texts:
        try:
            r = Requirement(text)
            p = _parser.parse_requirement(text)
        except Exception:
            out.append("invalid")
            continue
        specs = [str(Specifier(s)) for s in p.specifier.split(",") if s.strip()]
        ev = ""
        for x in ("", "test", "Foo.Bar"):
            if r.marker is None:
                ev += "-"
                continue
            try:
                ev += "T" if r.marker.evaluate({"extra": x}) else "F"
            except Exception as e:
                ev += "?" if type(e).__name__ == "InvalidVersion" else "E"
        out.append("\t".join([p.name, canonicalize_name(p.name), ",".join(p.extras), ",".join(specs),
                              p.url or "-", ev]))
    return out


# ---------------------------------------------------------------- the driver

VARS = ["python_version", "python_full_version", "os_name", "os.name", "sys_platform", "sys.platform",
        "platform_release", "platform_system", "platform_version", "platform.version", "platform_machine",
        "platform.machine", "platform_python_implementation", "platform.python_implementation",
        "python_implementation", "implementation_name", "implementation_version", "extra"]
OPS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in", "not  in", "not\tin"]
VALUES = ["3.8", "3.12", "3.13.0rc1", "3.*", "3.13.*", "2.7.*", "3", "3.13.0+local", "2.7", "3.10", "3.1",
          "3.9.0", "3.11", "3.11.*", "3.7.0a1", "win32", "darwin", "nt", "Windows", "x", "foo bar", " 3.8",
          "3.8 ", "==3.8", "=3.8", "pypy", "PyPy", "aarch64", "arm", "6", "6.18", "5.4.0-custom", "test",
          "Foo.Bar", "foo-bar", "FOO__bar", "1.0", "in", "and", "", "lin", "64", "PREEMPT", "3.1*",
          "v3.8", "3.8.0.0", "3!3.8", "3.8-1", "3.8.post1", "3.13.0.dev0", "cp", "Py"]
KEYS = ["python_version", "os_name", "extra", "python_implementation", "sys_platform", "platform_release"]
ESCAPES = ["\\t", "\\x41", "\\u00e9", "\\U0001F600", "\\101", "\\\\", "\\q", "\\d", "\\'", '\\"', "\\n",
           "\\x4", "\\u12"]


def sp(r):
    return r.choice(["", " ", " ", " ", "  ", "\t"])


def quoted(r, s, plain=False):
    if not plain and r.random() < 0.04:
        i = r.randint(0, len(s))
        s = s[:i] + r.choice(ESCAPES) + s[i:]
    q = r.choice(["'", '"'])
    if q in s:
        q = "'" if q == '"' else '"'
    return q + s + q


def item(r, envvals, plain):
    """one comparison; PLAIN ones avoid what packaging < 22 reads differently"""
    vals = VALUES + envvals
    var = r.choice(VARS)
    op = r.choice(OPS[:-3] + ["not in"] if plain else OPS)
    while plain and op == "===":
        op = r.choice(OPS)
    x = r.random()
    if var == "extra" or x < 0.08:
        var = "extra"
        op = r.choice(["==", "!=", "==", "in", "not in", "<", "~="])
        val = r.choice(["test", "foo-bar", "", "a"] if plain else EXTRAS[1:] + ["", "a", "1.0"])
    else:
        val = r.choice(vals)
    s = quoted(r, val, plain)
    y = r.random()
    if y < 0.6:
        return var + sp(r) + op + sp(r) + s
    if y < 0.88:
        return s + sp(r) + op + sp(r) + var
    if y < 0.94:
        return var + sp(r) + op + sp(r) + r.choice(VARS)
    return quoted(r, r.choice(vals), plain) + sp(r) + op + sp(r) + quoted(r, r.choice(KEYS + vals[:3]), plain)


def expr(r, envvals, depth=0, plain=False):
    n = r.choice([1, 1, 2, 2, 3, 4]) if depth < 3 else 1
    parts = []
    for i in range(n):
        if depth < 3 and r.random() < 0.2:
            a = "(" + sp(r) + expr(r, envvals, depth + 1, plain) + sp(r) + ")"
        else:
            a = item(r, envvals, plain)
        if i:
            parts.append(r.choice([" and ", " or ", " and ", " or ", "\tand\t", "  or "]))
        parts.append(a)
    return "".join(parts)


def mutate(r, s):
    i = r.randint(0, len(s))
    x = r.random()
    if x < 0.35:
        return s[:i] + s[i + 1:]
    if x < 0.7:
        return s[:i] + r.choice(["(", ")", "'", '"', "<", "=", " and", "or ", " in ", "not", "x", " "]) + s[i:]
    return s[:i]


def corpus_requirements(top):
    from pip._internal.req.req_file import parse_requirements
    from pip._internal.network.session import PipSession
    session = PipSession()
    reqs = []
    for dirpath, _, files in sorted(os.walk(top)):
        for f in sorted(files):
            if not f.endswith(".txt"):
                continue
            try:
                for pr in parse_requirements(os.path.join(dirpath, f), session=session):
                    if not pr.is_editable and pr.requirement not in reqs:
                        reqs.append(pr.requirement)
            except Exception:
                pass
    return reqs


def corpus_markers(reqs):
    """the marker text of each corpus requirement, as written"""
    from pip._vendor.packaging.requirements import Requirement
    import re
    out = []
    for text in reqs:
        try:
            req = Requirement(text)
        except Exception:
            continue
        if req.marker is None:
            continue
        m = re.search(r"[ \t];", text) if req.url else re.search(";", text)
        if m and m.end() < len(text):
            out.append(text[m.end():])
    return out


def candidates():
    cands = [sys.executable, "/usr/bin/python3", "/usr/bin/python2"]
    try:
        root = subprocess.check_output(["pyenv", "root"], stderr=open(os.devnull, "w")).decode().strip()
        for v in sorted(os.listdir(os.path.join(root, "versions"))):
            cands.append(os.path.join(root, "versions", v, "bin", "python"))
    except (OSError, subprocess.CalledProcessError):
        pass
    seen, out = set(), []
    for c in cands:
        if os.path.exists(c) and os.path.realpath(c) not in seen:
            seen.add(os.path.realpath(c))
            out.append(c)
    return out


def vendored(py):
    """the version of packaging in PY's pip, read from its files (0 when not found)"""
    import glob
    import re
    prefix = os.path.dirname(os.path.dirname(os.path.realpath(py)))
    for d in glob.glob(prefix + "/lib/python*/site-packages/pip/_vendor/packaging") + \
            glob.glob(prefix + "/lib/python3/dist-packages/pip/_vendor/packaging"):
        for f in ("__init__.py", "__about__.py"):
            try:
                m = re.search(r'__version__ = "([^"]+)"', open(os.path.join(d, f)).read())
            except IOError:
                continue
            if m:
                return m.group(1)
    return "0"


def servers(cands):
    """start "eval" in every candidate at once; (path, packaging version, environment, process) of those that work"""
    procs = [(c, subprocess.Popen([c, os.path.abspath(__file__), "eval"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=open(os.devnull, "w"))) for c in cands]
    out = []
    for c, p in procs:
        line = p.stdout.readline()
        try:
            info = json.loads(line.decode())
        except ValueError:
            p.stdin.close()
            p.wait()
            continue
        out.append((c, info["packaging"], info["env"], p))
    return out


def vkey(v):
    return tuple(int(x) if x.isdigit() else 0 for x in v.split(".")[:3])


def legacy_touch(expr, extras):
    """whether EXPR uses something packaging < 22 reads differently (see the docstring)"""
    from pip._vendor.packaging.markers import Marker
    from pip._vendor.packaging.utils import canonicalize_name
    from pip._vendor.packaging.version import Version
    import re
    if "\\" in expr or "===" in expr or re.search(r"not(?! in\b)", expr):
        return True
    # pyparsing needs no space between a variable and in / not
    names = "|".join(re.escape(v) for v in VARS)
    if re.search(r"(%s)(in|not)|\bin(%s)" % (names, names), expr):
        return True
    try:
        m = Marker(expr)
    except Exception:
        return False
    lits = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", expr)] + list(extras)

    def touch(ms):
        for x in ms:
            if isinstance(x, list):
                if touch(x):
                    return True
            elif isinstance(x, tuple):
                lhs, rhs = x[0], x[2]
                # (packaging 22+ has normalized the literal already: look at the text)
                if "extra" in (lhs.value, rhs.value) and any(canonicalize_name(v) != v for v in lits):
                    return True
                if type(lhs).__name__ == "Value":
                    try:
                        if Version(lhs.value).is_prerelease:
                            return True
                    except Exception:
                        pass
        return False
    return touch(m._markers)


def run(cmd, data):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(data.encode("utf-8"))
    if p.returncode != 0:
        sys.stderr.write(err.decode("utf-8", "replace"))
        sys.exit("%s failed" % cmd[0])
    return out.decode("utf-8")


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def drive(tool, corpus, seed):
    import warnings
    warnings.simplefilter("ignore")	# ast.literal_eval on "\d" and the like
    r = random.Random(seed)
    here = os.path.abspath(__file__)
    cands = candidates()
    newest = max(cands, key=lambda c: vkey(vendored(c)))
    if vendored(newest) == "0":
        newest = sys.executable
    if os.path.realpath(newest) != os.path.realpath(sys.executable) or os.environ.get("PYTHONHASHSEED") != "0":
        # the driver reads the corpus and the rules with the newest packaging too, with a
        # fixed string hash (it orders a SpecifierSet's members, and so what packaging raises)
        os.execve(newest, [newest, here] + sys.argv[1:], dict(os.environ, PYTHONHASHSEED="0"))
    interps = servers(cands)
    if not interps:
        print("no interpreter with pip._vendor.packaging.markers")
        sys.exit(77)
    envvals = sorted(set(v for t in interps for v in t[2].values()))
    reqs = corpus_requirements(corpus)
    exprs = corpus_markers(reqs)
    ncorpus = len(exprs)
    while len(exprs) < ncorpus + 400:
        e = expr(r, envvals)
        exprs.append(mutate(r, e) if r.random() < 0.1 else e)
    cases = [[e, ["", r.choice(EXTRAS[1:])]] for e in exprs]
    # and some that packaging < 22 reads as the newer ones do, for the old interpreters
    for _ in range(200):
        e = expr(r, envvals, plain=True)
        cases.append([mutate(r, e) if r.random() < 0.05 else e, ["", r.choice(["test", "foo-bar"])]])
    touched = [legacy_touch(e, x) for e, x in cases]
    for py, pv, env, p in interps:
        mine = [c for c, t in zip(cases, touched) if not t or vkey(pv) >= (22,)]
        p.stdin.write((json.dumps(mine) + "\n").encode())
        p.stdin.close()

    # every interpreter's answers, and TOOL's to the same questions (one run)
    lines, want, where, stats = [], [], [], []
    for py, pv, env, p in interps:
        mine = [c for c, t in zip(cases, touched) if not t or vkey(pv) >= (22,)]
        results = json.loads(p.stdout.readline().decode())
        p.wait()
        st = {"py": py, "pv": pv, "n": 0, "skipped": 2 * (len(cases) - len(mine)), "diffs": 0}
        stats.append(st)
        for (e, extras), row in zip(mine, results):
            for x, res in zip(extras, row):
                if vkey(pv) >= (22,) and res == "error:InvalidVersion":
                    st["skipped"] += 1
                    continue
                lines.append("marker\t%s\t%s\t%s" % (esc(e), esc(json.dumps(env)), esc(x)))
                want.append(res.split(":")[0])
                where.append(st)
                st["n"] += 1
    texts = list(reqs) + [a_requirement(r, envvals) for _ in range(600)]
    env = [t[2] for t in interps if t[1] == max((t[1] for t in interps), key=vkey)][0]
    lines += ["dep\t%s\t%s" % (esc(t), esc(json.dumps(env))) for t in texts]
    got = run([tool], "".join(l + "\n" for l in lines)).split("\n")[:-1]
    if len(got) != len(lines):
        sys.exit("pep440tool gave %d answers to %d questions" % (len(got), len(lines)))

    bad = 0
    for l, w, g, st in zip(lines, want, got, where):
        if w != g:
            st["diffs"] += 1
            bad += 1
            if bad <= 20:
                print("DIFF %s (packaging %s) %r: packaging %s, venvmk %s" % (st["py"], st["pv"], l.split("\t")[1], w, g))
    for st in stats:
        print("%s: packaging %s, %d marker evaluations compared, %d excluded, %d differences"
              % (st["py"], st["pv"], st["n"], st["skipped"], st["diffs"]))
    print("markers: %d expressions (%d from the corpus), each with 2 extras; answers %s"
          % (len(cases), ncorpus, ", ".join("%d %s" % (want.count(k), k) for k in ("true", "false", "invalid", "error"))))

    nd = 0
    for t, w, g in zip(texts, deps(texts), got[len(want):]):
        # "?": packaging 22-25 raised InvalidVersion (see the docstring); any answer goes
        w, g = w.split("\t"), g.split("\t")
        if len(w) == len(g) == 6:
            w[5] = "".join(b if a == "?" else a for a, b in zip(w[5], g[5]))
        if w != g:
            nd += 1
            if nd <= 15:
                print("DIFF dep %r:\n  packaging %r\n  venvmk    %r" % (t, "\t".join(w), "\t".join(g)))
    print("requirements: packaging %s, %d lines (%d from the corpus): %d differences"
          % (max((t[1] for t in interps), key=vkey), len(texts), len(reqs), nd))
    sys.exit(1 if bad or nd else 0)


NAMES = ["foo", "Foo.Bar", "foo_bar", "foo-", "foo_", "a", "1", "zope.interface", "x-y.z", "-foo", ".foo",
         "foo..bar", "Django", "pkg9"]
SPECS = [">=1.0", "==1.0.*", "<2,>=1", "~=1.4.2", "===1.0", "===1.0,<2", "!=1.3.*", "== 1.0", ">= 1.0 , < 2",
         "==1.0+local", ">=1.0.*", ">=1.0+local", "~=1", "==1.0,", ",>=1", "<=v2", "===foo)", ">1.0a1",
         "=1.0", "==1.0.dev1", "==1.0rc1.post2", ">=1.0,,<2", "== 1.*", "===", "=== 1.0"]
URLS = ["https://example.com/foo-1.0.tar.gz", "file:///tmp/x.whl", "git+https://g.com/x.git@v1;x",
        "https://x/y#sha256=00", "./local"]


def a_requirement(r, envvals):
    s = sp(r) + r.choice(NAMES) + sp(r)
    if r.random() < 0.3:
        ex = [r.choice(["a", "B_c", "d.e", "1", "-x", "a b"]) for _ in range(r.randint(0, 3))]
        s += "[" + sp(r) + r.choice([",", ", ", " ,"]).join(ex) + sp(r) + r.choice(["]", "]", ""]) + sp(r)
    x = r.random()
    if x < 0.15:
        s += "@" + sp(r) + r.choice(URLS)
        if r.random() < 0.5:
            s += r.choice([" ;", " ; ", ";", "  ;\t"]) + expr(r, envvals, 2)
        return s
    if x < 0.7:
        spec = r.choice(SPECS)
        s += ("(" + sp(r) + spec + sp(r) + ")") if r.random() < 0.3 else spec
    if r.random() < 0.4:
        s += sp(r) + r.choice([";", "; ", " ;"]) + expr(r, envvals, 2)
    s += sp(r)
    return mutate(r, s) if r.random() < 0.08 else s


if __name__ == "__main__":
    if sys.argv[1] == "eval":
        do_eval()
    elif sys.argv[1] == "drive":
        drive(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 508)
    else:
        sys.exit("usage: pep508oracle.py drive TOOL CORPUSDIR [SEED]")
