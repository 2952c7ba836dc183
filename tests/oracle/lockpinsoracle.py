#!/usr/bin/env python3
"""lockpinsoracle.py -- the pins venvmk lock keeps of a pylock.toml, against tomllib.

usage: lockpinsoracle.py LOCKPINSTOOL DIR [-n COUNT] [--seed N]

Writes COUNT pylock.toml documents into DIR: packages whose names and versions are drawn
from tricky pieces (separators to normalize, names PEP 508 refuses, versions PEP 440
normalizes or refuses, spaces and controls, a newline that would add a line to pip's
constraints file), spelled as basic, literal or escaped TOML strings, some packages
without a version, and a few documents that are not TOML.  LOCKPINSTOOL
(tests/helpers/lockpinstool) reads them all in one run.  tomllib decides what each
document says, and the pins are what lockpins promises (src/parse/lockpins.h): for each
package with a version, in order, "canon==version" when the name is a PEP 508 name and
the version printable ASCII with no space that packaging's Version parses (canon is PEP
503's normal form); a document tomllib rejects is an error.  packaging is the one pip
vendors when there is no other.  Prints every difference; exit status 1 on any.

Not generated: NUL (a C string ends there; tomllib keeps it), and documents tomllib
reads that are not pylock.toml (the reader's own checks are fuzz_pylock's and the lock
tests').
"""
import os
import random
import re
import subprocess
import sys
import tomllib

try:
    from packaging.version import InvalidVersion, Version
except ImportError:
    from pip._vendor.packaging.version import InvalidVersion, Version

NAMES = ["alpha", "Beta_Pkg", "zope.interface", "a..b", "A-_.B", "x", "9lives", "py-", "-py",
         "_x", "a b", "a\tb", "naïve", "a[b]", "a==b", "a\nb", "", "UPPER", "one.two-three_four"]
VERSIONS = ["1.0", "2.0rc1", "v1.0", "1!2.0.post1.dev3", "1.0+Local.7", "01.002", "1.0-1", "1.0.*",
            "not-a-version", "", " 1.0", "1.0 ", "1.0\u001d", "1.0\x7f", "1\n-i http://127.0.0.1:1/",
            "1.0\t", "१.0", "1.0;x", "=1.0", "1.0a", "1.0.RC.2", "1.0_dev", "0" * 40]
NAME_RE = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.I | re.A)


def tomlstr(rng, s):
    """S as a TOML string: basic with escapes, or literal when it can be."""
    if rng.random() < 0.3 and not re.search(r"['\x00-\x08\x0a-\x1f\x7f]", s):
        return "'" + s + "'"
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7f or (rng.random() < 0.1 and c.isalnum()):
            out.append("\\u%04X" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def document(rng):
    """a pylock.toml's text"""
    lines = ['lock-version = "1.0"', 'created-by = "lockpinsoracle"']
    for _ in range(rng.randint(0, 5)):
        lines += ["", "[[packages]]", "name = " + tomlstr(rng, rng.choice(NAMES))]
        if rng.random() < 0.85:
            lines.append("version = " + tomlstr(rng, rng.choice(VERSIONS)))
        lines.append('sdist = {url = "https://127.0.0.1/x.tar.gz", hashes = {sha256 = "%s"}}' % ("a" * 64))
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.05:
        text += rng.choice(['name = "again"\n', "[[packages]\n", 'x = "\x01"\n'])
    return text


def expected(text):
    """the pins lockpins promises for TEXT, or None when tomllib rejects it"""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    pins = []
    for p in doc.get("packages", []):
        name, version = p["name"], p.get("version")
        if version is None or not NAME_RE.match(name) or not re.fullmatch(r"[\x21-\x7e]+", version):
            continue
        try:
            Version(version)
        except InvalidVersion:
            continue
        pins.append(re.sub(r"[-_.]+", "-", name).lower() + "==" + version)
    return pins


def main():
    args = sys.argv[1:]
    count, seed = 200, 1
    if "-n" in args:
        count = int(args.pop(args.index("-n") + 1)); args.remove("-n")
    if "--seed" in args:
        seed = int(args.pop(args.index("--seed") + 1)); args.remove("--seed")
    tool, outdir = args
    rng = random.Random(seed)
    want = {}
    for i in range(count):
        d = os.path.join(outdir, "d%d" % i)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "pylock.toml")
        text = document(rng)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        want[path] = expected(text)
    out = subprocess.run([tool, "pylock"] + list(want), capture_output=True, text=True, check=True).stdout
    got, cur = {}, None
    for line in out.split("\n")[:-1]:
        if line.startswith("== "):
            path, status = line[3:].rsplit(" ", 1)
            cur = path
            got[cur] = [] if status == "ok" else None
        else:
            got[cur].append(line)
    bad = 0
    pins = sum(len(w) for w in want.values() if w)
    for path, w in want.items():
        if got.get(path, "missing") != w:
            bad += 1
            print("FAIL: %s: tomllib and packaging say %r, lockpins %r" % (path, w, got.get(path, "missing")))
    errors = sum(1 for w in want.values() if w is None)
    print("%d documents (%d not TOML), %d pins: %d disagreements" % (count, errors, pins, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
