#!/usr/bin/env python3
"""Write tiny wheels and sdists for a test's own index: no setuptools, no network.

Usage: python3 tests/mkdists.py OUTDIR SPEC...

SPEC is NAME==VERSION:KIND[:REQ;REQ...], KIND one of
  wheel    a py3-none-any wheel (tests/mkwheelhouse.py's kind)
  static   an sdist whose PKG-INFO (Metadata-Version 2.2) lists its Requires-Dist (PEP 643)
  dynamic  an sdist whose PKG-INFO says "Dynamic: Requires-Dist" and lists none: only its
           build backend knows the REQs
  broken   a dynamic sdist whose build backend fails (its metadata cannot be had)
Each sdist (NAME-VERSION.tar.gz, PEP 625) builds with an in-tree PEP 517 backend and no
build requirements, so pip builds it offline in a fraction of a second.  Output is
deterministic.  Stdlib only.
"""

import gzip
import io
import os
import re
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkwheelhouse  # noqa: E402

BACKEND = '''"""An in-tree PEP 517 backend: the wheel written with zipfile."""
import base64, hashlib, os, zipfile
NAME, VERSION, MODULE, REQUIRES, BROKEN = %r, %r, %r, %r, %r
DIST = NAME.replace("-", "_")
INFO = "%%s-%%s.dist-info" %% (DIST, VERSION)
def _meta():
    lines = ["Metadata-Version: 2.1", "Name: " + NAME, "Version: " + VERSION]
    return "\\n".join(lines + ["Requires-Dist: " + r for r in REQUIRES]) + "\\n\\n"
def get_requires_for_build_wheel(config_settings=None):
    if BROKEN:
        raise RuntimeError("broken on purpose")
    return []
def prepare_metadata_for_build_wheel(directory, config_settings=None):
    os.makedirs(os.path.join(directory, INFO))
    with open(os.path.join(directory, INFO, "METADATA"), "w") as f:
        f.write(_meta())
    return INFO
def _line(path, data):
    d = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%%s,sha256=%%s,%%d" %% (path, d, len(data))
def build_wheel(directory, config_settings=None, metadata_directory=None):
    files = [(MODULE + "/__init__.py", open(os.path.join(MODULE, "__init__.py"), "rb").read()),
             (INFO + "/METADATA", _meta().encode()),
             (INFO + "/WHEEL", b"Wheel-Version: 1.0\\nGenerator: mkdists\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")]
    files.append((INFO + "/RECORD", ("\\n".join([_line(p, d) for p, d in files] + [INFO + "/RECORD,,"]) + "\\n").encode()))
    name = "%%s-%%s-py3-none-any.whl" %% (DIST, VERSION)
    with zipfile.ZipFile(os.path.join(directory, name), "w") as z:
        for p, d in files:
            z.writestr(p, d)
    return name
'''

PYPROJECT = '''[build-system]
requires = []
build-backend = "backend"
backend-path = ["."]
'''


def sdist(outdir, name, version, kind, requires):
    dist = re.sub(r"[-_.]+", "_", name).lower()
    module = dist
    root = "%s-%s" % (dist, version)
    info = ["Metadata-Version: 2.2", "Name: " + name, "Version: " + version]
    if kind in ("dynamic", "broken"):
        info.append("Dynamic: Requires-Dist")
    else:
        info += ["Requires-Dist: " + r for r in requires]
    files = [
        ("PKG-INFO", "\n".join(info) + "\n\n"),
        ("pyproject.toml", PYPROJECT),
        ("backend.py", BACKEND % (name, version, module, list(requires), kind == "broken")),
        (module + "/__init__.py", '__version__ = "%s"\n' % version),
    ]
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for path, text in files:
            data = text.encode()
            ti = tarfile.TarInfo(root + "/" + path)
            ti.size, ti.mtime, ti.mode = len(data), 0, 0o644
            tf.addfile(ti, io.BytesIO(data))
    with open(os.path.join(outdir, root + ".tar.gz"), "wb") as f:
        f.write(buf.getvalue())


def main(argv):
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    for spec in argv[2:]:
        nv, kind, *rest = spec.split(":", 2)
        name, version = nv.split("==")
        requires = [r for r in (rest[0].split(";") if rest else []) if r]
        if kind == "wheel":
            module = re.sub(r"[-_.]+", "_", name).lower()
            fn, files = mkwheelhouse.wheel_files(name, version, module, requires, {}, "")
            mkwheelhouse.write_wheel(os.path.join(outdir, fn), files)
        elif kind in ("static", "dynamic", "broken"):
            sdist(outdir, name, version, kind, requires)
        else:
            sys.exit("mkdists.py: %s: unknown kind %r" % (spec, kind))


if __name__ == "__main__":
    main(sys.argv)
