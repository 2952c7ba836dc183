#!/usr/bin/env python3
"""Build a small offline wheelhouse for the venvmk test suite.

Usage: python3 tests/mkwheelhouse.py OUTDIR [--bench N]

Writes tiny pure-Python wheels (PEP 427, tag py3-none-any) straight
with zipfile: no setuptools, no network.  Output is deterministic
(fixed zip timestamps and ordering) and each file is written to a
temporary name then renamed, so re-runs and concurrent runs are safe.
Debian's bundled wheels in /usr/share/python-wheels/ (pip, setuptools,
wheel) are copied in too, for offline --no-build-isolation installs.

Stdlib only; runs on Python 3.7+.
"""

import argparse
import base64
import hashlib
import os
import re
import shutil
import sys
import tempfile
import zipfile

TAG = "py3-none-any"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SYSTEM_WHEELS = "/usr/share/python-wheels"


def script_module(message):
    """Module body defining main(), which prints message."""
    return "def main():\n    print(%r)\n\n\nif __name__ == '__main__':\n    main()\n" % message


def packages(bench):
    """Yield (name, version, module, requires, scripts, body) tuples.

    scripts maps a console-script name to "module:function".
    """
    for ver in ("1.0", "1.1", "2.0"):
        yield ("alpha", ver, "alpha", [], {"alpha-version": "alpha:main"},
               script_module("alpha " + ver))
    for ver, req in (("1.0", "alpha>=1.0"), ("2.0", "alpha>=2.0")):
        yield ("beta", ver, "beta", [req], {"beta-hello": "beta:main"},
               script_module("hello from beta " + ver))
    for ver in ("1.0", "1.5"):
        yield ("gamma", ver, "gamma", [], {"gamma": "gamma:main"},
               script_module("gamma " + ver))
    for ver in ("0.1", "0.2"):
        yield ("delta", ver, "delta", [], {}, "")
    yield ("hello-cli", "1.0", "hello_cli", [], {"hello": "hello_cli:main"},
           script_module("Hello from a venvmk environment!"))
    for i in range(1, bench + 1):
        name = "benchpkg%02d" % i
        yield (name, "1.0", name, [], {}, "VALUE = %d\n" % i)


def record_line(path, data):
    digest = hashlib.sha256(data).digest()
    b64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (path, b64, len(data))


def wheel_files(name, version, module, requires, scripts, body):
    """Return an ordered list of (archive path, bytes) for one wheel."""
    dist = re.sub(r"[-_.]+", "_", name)
    info = "%s-%s.dist-info" % (dist, version)
    init = '"""Test package %s."""\n\n__version__ = "%s"\n\n%s' % (
        name, version, body)
    meta = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version,
            "Summary: venvmk test package " + name]
    meta += ["Requires-Dist: " + r for r in requires]
    wheel = ["Wheel-Version: 1.0", "Generator: venvmk-mkwheelhouse",
             "Root-Is-Purelib: true", "Tag: " + TAG]
    files = [(module + "/__init__.py", init),
             (info + "/METADATA", "\n".join(meta) + "\n\n"),
             (info + "/WHEEL", "\n".join(wheel) + "\n")]
    if scripts:
        eps = ["[console_scripts]"]
        eps += ["%s = %s" % kv for kv in sorted(scripts.items())]
        files.append((info + "/entry_points.txt", "\n".join(eps) + "\n"))
    files.append((info + "/top_level.txt", module + "\n"))
    files = [(p, s.encode("utf-8")) for p, s in files]
    record = [record_line(p, d) for p, d in files] + [info + "/RECORD,,"]
    files.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    return "%s-%s-%s.whl" % (dist, version, TAG), files


def atomic_write(outdir, filename, writer):
    """Call writer(tmp_path) then rename the result to outdir/filename."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".whl", dir=outdir)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, os.path.join(outdir, filename))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_wheel(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in files:
            zi = zipfile.ZipInfo(arcname, date_time=ZIP_DATE)
            zi.external_attr = 0o100644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zf.writestr(zi, data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--bench", type=int, default=0, metavar="N",
                    help="also build benchpkg01..benchpkgNN")
    args = ap.parse_args(argv)
    if args.bench < 0:
        ap.error("--bench must not be negative")
    os.makedirs(args.outdir, exist_ok=True)

    written = []
    for spec in packages(args.bench):
        filename, files = wheel_files(*spec)
        atomic_write(args.outdir, filename,
                     lambda tmp, f=files: write_wheel(tmp, f))
        written.append(filename)

    if os.path.isdir(SYSTEM_WHEELS):
        for fn in sorted(os.listdir(SYSTEM_WHEELS)):
            if fn.endswith(".whl"):
                src = os.path.join(SYSTEM_WHEELS, fn)
                atomic_write(args.outdir, fn,
                             lambda tmp, s=src: shutil.copyfile(s, tmp))
                written.append(fn)

    for fn in written:
        print(os.path.join(args.outdir, fn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
