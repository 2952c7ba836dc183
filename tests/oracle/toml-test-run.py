#!/usr/bin/env python3
"""Run a toml-test decoder over the TOML 1.0 cases of an extracted toml-test tree.

usage: toml-test-run.py DECODER TREE [-v]

TREE is a checkout or `git archive` of toml-lang/toml-test (it holds
tests/files-toml-1.0.0).  Each valid case must exit 0 with JSON equal to the
case's .json, compared as toml-test compares: integers and floats by value (nan
and inf by name), dates and times as instants; each invalid case must exit
non-zero without a crash.  Prints the failures and the totals; exits 1 if any
case failed.  Not part of make check: toml-test is not shipped with venvmk.
"""
import datetime
import json
import math
import os
import subprocess
import sys


def isvalue(v):
    return isinstance(v, dict) and len(v) == 2 and "type" in v and "value" in v


def when(kind, s):
    s = s.replace(" ", "T").replace("t", "T").replace("z", "Z")
    if "." in s:
        # Python keeps microseconds: cut (not round) longer fractions, as toml-test allows
        head, frac = s.split(".", 1)
        digits = len(frac) - len(frac.lstrip("0123456789"))
        s = head + "." + (frac[:digits] + "000000")[:6] + frac[digits:]
    if kind == "time-local":
        return datetime.time.fromisoformat(s)
    if kind == "date-local":
        return datetime.date.fromisoformat(s)
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def floatval(s):
    s = s.lower().lstrip("+")
    if s.endswith("nan"):
        return "nan"
    return float(s)


def same(want, have, path="(root)"):
    """None when equal, else a description of the first difference."""
    if isvalue(want):
        if not isvalue(have):
            return f"{path}: want a {want['type']} value, have {json.dumps(have)[:80]}"
        if want["type"] != have["type"]:
            return f"{path}: want type {want['type']}, have {have['type']}"
        w, h, kind = want["value"], have["value"], want["type"]
        try:
            if kind == "float":
                ok = floatval(w) == floatval(h)
            elif kind == "integer":
                ok = int(w) == int(h)
            elif kind in ("datetime", "datetime-local", "date-local", "time-local"):
                ok = when(kind, w) == when(kind, h)
            elif kind == "bool":
                ok = w.lower() == h.lower()
            else:
                ok = w == h
        except ValueError as e:
            return f"{path}: cannot read {h!r} as a {kind}: {e}"
        return None if ok else f"{path}: want {w!r}, have {h!r}"
    if isinstance(want, dict):
        if not isinstance(have, dict) or isvalue(have):
            return f"{path}: want a table, have {json.dumps(have)[:80]}"
        if set(want) != set(have):
            return f"{path}: keys differ: missing {sorted(set(want) - set(have))}, extra {sorted(set(have) - set(want))}"
        for k in want:
            d = same(want[k], have[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(want, list):
        if not isinstance(have, list) or len(want) != len(have):
            return f"{path}: want an array of {len(want)}, have {json.dumps(have)[:80]}"
        for i, (w, h) in enumerate(zip(want, have)):
            d = same(w, h, f"{path}[{i}]")
            if d:
                return d
        return None
    return f"{path}: unexpected {want!r} in the expected output"


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    decoder, tree = args
    tests = os.path.join(tree, "tests")
    with open(os.path.join(tests, "files-toml-1.0.0")) as f:
        cases = [l.strip() for l in f if l.strip().endswith(".toml")]
    counts = {"valid": [0, 0], "invalid": [0, 0]}
    for case in cases:
        kind = case.split("/", 1)[0]
        with open(os.path.join(tests, case), "rb") as f:
            doc = f.read()
        p = subprocess.run([decoder], input=doc, capture_output=True, timeout=10)
        counts[kind][1] += 1
        err = None
        if p.returncode < 0 or p.returncode > 125:
            err = f"crashed ({p.returncode}): {p.stderr.decode(errors='replace')[-300:]}"
        elif kind == "invalid":
            if p.returncode == 0:
                err = "accepted"
            elif verbose:
                print(f"ok {case}: {p.stderr.decode(errors='replace').strip()}")
        elif p.returncode != 0:
            err = f"rejected: {p.stderr.decode(errors='replace').strip()}"
        else:
            with open(os.path.join(tests, case[:-5] + ".json")) as f:
                want = json.load(f)
            try:
                have = json.loads(p.stdout)
            except ValueError as e:
                have, err = None, f"bad JSON: {e}"
            err = err or same(want, have)
        if err:
            print(f"FAIL {case}: {err}")
        else:
            counts[kind][0] += 1
    for kind, (ok, n) in counts.items():
        print(f"{kind}: {ok}/{n} passed")
    sys.exit(0 if all(ok == n for ok, n in counts.values()) else 1)


if __name__ == "__main__":
    main()
