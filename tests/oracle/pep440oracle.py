#!/usr/bin/env python3
"""pep440oracle.py -- venvmk's PEP 440 module against packaging, case by case.

Usage:  python3 tests/oracle/pep440oracle.py TOOL [SEED]

The script runs itself again under the interpreter whose pip vendors the newest
packaging here (pip._vendor.packaging is the oracle: what pip itself decides).
It draws a few thousand versions and specifiers from tricky pieces (every
spelling PEP 440 normalizes, trailing zeros, huge numbers, local labels,
wildcards, near misses that are invalid), asks packaging, asks TOOL
(tests/helpers/pep440tool) the same questions, and prints every difference.
Exit status 1 on any difference.  packaging's quirks are part of the answer:
a SpecifierSet is a frozenset, so of "===1.0.0,===V1.0" (equal once
canonicalized) only the first counts, and "~=" drops the last release number
of the version as written ("~=1.4.5.c1" is not "~=1.4.5rc1").

Excluded, each a known difference between packaging releases (and counted):

* packaging 22-25 raise InvalidVersion from SpecifierSet.contains() when the set
  holds "===X" where X is not a version and prereleases is None (the property
  "does this specifier name a pre-release" parses X).  packaging 26.0 (pypa/
  packaging#954) treats such an X as naming none, and so does venvmk.

Not generated, for the same reason (venvmk follows the newer releases):

* non-ASCII text: packaging <= 26.0 let re.IGNORECASE match letters such as
  U+017F (long s) against "post" or a local label (26.1, pypa/packaging#1102,
  restricts to ASCII); venvmk reads ASCII only.
* numbers of more than 4300 digits: Python 3.11+ refuses to convert them
  (ValueError, not InvalidVersion); venvmk compares digit strings of any length.
"""
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pep508oracle  # noqa: E402  (which interpreter has the newest packaging)

if __name__ == "__main__":
    newest = max(pep508oracle.candidates(), key=lambda c: pep508oracle.vkey(pep508oracle.vendored(c)))
    if pep508oracle.vendored(newest) == "0":
        newest = sys.executable
    if os.path.realpath(newest) != os.path.realpath(sys.executable) or os.environ.get("PYTHONHASHSEED") != "0":
        # the newest packaging; and a fixed string hash, which orders a SpecifierSet's members
        os.execve(newest, [newest] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    try:
        import pip._vendor.packaging.specifiers  # noqa: F401
    except ImportError:
        print("no interpreter with pip._vendor.packaging")
        sys.exit(77)

from pip._vendor import packaging  # noqa: E402
from pip._vendor.packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: E402
from pip._vendor.packaging.version import InvalidVersion, Version  # noqa: E402

SEP = ["", ".", "-", "_"]
PRE = ["a", "A", "alpha", "Alpha", "b", "beta", "BETA", "c", "C", "rc", "RC", "pre", "preview", "Pre"]
POST = ["post", "POST", "rev", "r", "Rev", "R"]
NUMS = ["0", "1", "2", "00", "01", "10", "3", "12", "007", "99999999999999999999999"]
LOCAL = ["abc", "1", "01", "ABC", "a1", "0", "z", "ubuntu", "10", "dev", "post1"]


def num(r):
    return r.choice(NUMS)


def suffixes(r):
    s = ""
    if r.random() < 0.45:
        s += r.choice(SEP) + r.choice(PRE) + r.choice(SEP + [""] * 3) + r.choice([""] + NUMS)
    if r.random() < 0.35:
        if r.random() < 0.3:
            s += "-" + num(r)
        else:
            s += r.choice(SEP) + r.choice(POST) + r.choice(SEP + [""] * 3) + r.choice([""] + NUMS)
    if r.random() < 0.35:
        s += r.choice(SEP) + r.choice(["dev", "DEV", "Dev"]) + r.choice(SEP + [""] * 3) + r.choice([""] + NUMS)
    return s


def local(r):
    parts = [r.choice(LOCAL) for _ in range(r.randint(1, 3))]
    out = parts[0]
    for p in parts[1:]:
        out += r.choice([".", "-", "_"]) + p
    return "+" + out


def release(r, n=None):
    n = n or r.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
    return ".".join(num(r) if r.random() < 0.4 else str(r.randint(0, 3)) for _ in range(n))


def version(r, allow_local=True):
    v = r.choice(["", "", "", "v", "V"])
    if r.random() < 0.15:
        v += r.choice(["0", "1", "01", "2"]) + "!"
    v += release(r) + suffixes(r)
    if allow_local and r.random() < 0.25:
        v += local(r)
    if r.random() < 0.1:
        v = r.choice([" ", "\t", "  "]) + v + r.choice(["", " ", "\n"])
    return v


BROKEN = ["", " ", "v", "V1", "1.0+", "1.0+.", "+1", "1..0", "1.0-", "1.0_", "1.0a1b2", "1.0.post",
          "1!", "!1", "1.0+abc..d", "1.0dev-", "1.0-dev", "1.0.*", "1.0a1.*", "1 0", "1.0 a1",
          "1.0+a b", "1,0", "1.0+-a", "1.0+a-", "vv1", "1!2!3", "1.0.post1.post2", "1.0rc1a1",
          "1.0.dev1.dev2", "1.0+_", ".1", "1.", "1.0-r", "1.0-1-1", "1.0alpha.beta", "a1.0",
          "1.0+ab+cd", "1.0post-1", "1.0.r-1", "1.0pre-1a", "1.0-rc.1", "1.0c.r.dev"]


def mutate(r, s):
    s = list(s)
    for _ in range(r.randint(1, 2)):
        op = r.random()
        i = r.randint(0, len(s))
        if op < 0.4:
            s.insert(i, r.choice(["!", "+", ".", "-", "_", "*", "a", "x", " ", "v", "0", "r", "c", "p"]))
        elif s and op < 0.8:
            del s[min(i, len(s) - 1)]
        else:
            s.insert(i, r.choice(["..", "+a", "post", "dev", "rc", "-1"]))
    return "".join(s)


def a_version(r):
    x = r.random()
    if x < 0.08:
        return r.choice(BROKEN)
    if x < 0.2:
        return mutate(r, version(r))
    return version(r)


def nearby(r, base):
    """a version close to BASE (a packaging Version): the interesting side of a specifier"""
    rel = list(base.release)
    x = r.random()
    if x < 0.2:
        rel = rel[:r.randint(1, len(rel))]
    elif x < 0.4:
        rel = rel + [0] * r.randint(1, 2)
    elif x < 0.6:
        i = r.randrange(len(rel))
        rel[i] = max(0, rel[i] + r.choice([-1, 1]))
    elif x < 0.7:
        rel = rel + [r.randint(0, 2)]
    elif x < 0.8:
        rel[-1] += 1
    elif x < 0.9 and len(rel) > 1:
        rel = rel[:-2] + [rel[-2] + r.choice([-1, 1]), r.randint(0, 2)]
    v = ("%d!" % base.epoch if base.epoch and r.random() < 0.9 else "") + ".".join(map(str, rel))
    if r.random() < 0.4:
        if base.pre and r.random() < 0.5:
            v += base.pre[0] + str(max(0, base.pre[1] + r.choice([-1, 0, 1])))
        else:
            v += r.choice(["a", "b", "rc"]) + r.choice(["0", "1", "2"])
    if r.random() < 0.3:
        v += ".post" + r.choice(["0", "1", "2"]) if not base.post or r.random() < 0.5 else ".post%d" % base.post
    if r.random() < 0.3:
        v += ".dev" + r.choice(["0", "1", "2"])
    if r.random() < 0.25:
        v += "+" + r.choice(["abc", "1", "local.7", "ubuntu-1"])
    return v


OPS = ["==", "!=", "<=", ">=", "<", ">", "~=", "==="]


def a_specifier(r):
    op = r.choice(OPS + ["==", ">=", "<", "!=", "~="])
    allow_local = op in ("==", "!=") or r.random() < 0.05
    if op == "===":
        v = r.choice([version(r), "foo", "1.0", "1.0.0", "V1.0", "1.0-1", "", "a b", "1.0;", "1.0)", "1.0,"])
    else:
        v = version(r, allow_local).strip()
        if r.random() < 0.05:
            v = mutate(r, v)
    if op in ("==", "!=") and r.random() < 0.3 or r.random() < 0.02:
        v = r.choice(["", "v"]) + r.choice(["", "1!"]) + release(r) + ".*"
    if op == "~=" and r.random() < 0.15:
        v = release(r, 1) + suffixes(r)
    return op + r.choice(["", "", " ", "\t"]) + v + r.choice(["", "", " "])


def a_set(r):
    n = r.choice([0, 1, 1, 1, 2, 2, 3])
    specs = [a_specifier(r) for _ in range(n)]
    if r.random() < 0.1:
        specs.insert(r.randint(0, len(specs)), r.choice(["", " ", "junk", ">=", "=1.0", "=>1.0"]))
    return r.choice(["", " ", ",", ""]) + r.choice([",", ", ", " ,", ","]).join(specs) + r.choice(["", " ", ","])


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def norm(v):
    try:
        return str(Version(v))
    except InvalidVersion:
        return "invalid"


def cmpv(a, b):
    try:
        x, y = Version(a), Version(b)
    except InvalidVersion:
        return "invalid"
    return str((x > y) - (x < y))


def match(spec, v, flag):
    try:
        s = SpecifierSet(spec)
    except InvalidSpecifier:
        return "invalid-spec"
    try:
        x = Version(v)
    except InvalidVersion:
        return "invalid-version"
    pre = {"pre": True, "nopre": False, "": None}[flag]
    try:
        return "true" if s.contains(x, prereleases=pre) else "false"
    except InvalidVersion:
        # packaging 22-25: SpecifierSet.prereleases parses the X of "===X"
        if pre is None and any(t.operator == "===" and norm(t.version) == "invalid" for t in s):
            return None
        raise


def main():
    tool = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 440
    r = random.Random(seed)
    cases = []	# (tool line, expected, kind)

    for _ in range(1500):
        v = a_version(r)
        cases.append(("norm\t" + esc(v), norm(v), "norm"))
    pool = [version(r) for _ in range(60)]
    pool += [str(Version(p)) for p in pool if norm(p) != "invalid"]
    for p in list(pool[:40]):
        if norm(p) != "invalid":
            pool += [nearby(r, Version(p)) for _ in range(4)]
    for _ in range(2000):
        a = r.choice(pool)
        b = r.choice(pool) if r.random() < 0.5 else nearby(r, Version(a)) if norm(a) != "invalid" else a_version(r)
        cases.append(("cmp\t%s\t%s" % (esc(a), esc(b)), cmpv(a, b), "cmp"))
    for _ in range(1700):
        spec = a_set(r)
        try:
            # (sorted: a SpecifierSet's order follows the string hash, which varies by run)
            bases = [Version(t.version[:-2] if t.version.endswith(".*") else t.version)
                     for t in sorted(SpecifierSet(spec), key=str) if t.operator != "===" or norm(t.version) != "invalid"]
        except (InvalidSpecifier, InvalidVersion):
            bases = []
        for _ in range(3):
            v = nearby(r, r.choice(bases)) if bases and r.random() < 0.85 else a_version(r)
            flag = r.choice(["", "", "pre", "nopre"])
            cases.append(("match\t%s\t%s\t%s" % (esc(spec), esc(v), flag), match(spec, v, flag), "match"))

    out = subprocess.run([tool], input="".join(c[0] + "\n" for c in cases), capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        sys.exit("pep440tool failed")
    got = out.stdout.split("\n")[:-1]
    if len(got) != len(cases):
        sys.exit("pep440tool gave %d answers to %d questions" % (len(got), len(cases)))
    bad, counts, skipped = 0, {}, 0
    for (line, want, kind), have in zip(cases, got):
        counts[kind] = counts.get(kind, 0) + 1
        if want is None:
            skipped += 1
        elif want != have:
            bad += 1
            if bad <= 30:
                print("DIFF %r: packaging %s, venvmk %s" % (line, want, have))
    print("packaging %s (pip %s), seed %d: %s; %d excluded (=== on a non-version, prereleases=None); %d differences"
          % (packaging.__version__, __import__("pip").__version__, seed,
             ", ".join("%d %s" % (counts[k], k) for k in sorted(counts)), skipped, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
