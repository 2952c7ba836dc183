#!/usr/bin/env python3
"""pip's own resolver as the oracle for venvmk's solver (src/solve/solver.c).

Usage: python3 tests/oracle/solveroracle.py SOLVE CORPUS WORKDIR

For each scenario of CORPUS (tests/resolve/*.txt, the format tests/helpers/solve.c reads)
that pip can express, writes its candidates as tiny wheels (only METADATA counts:
Requires-Dist, Requires-Python, Provides-Extra) into WORKDIR/NAME/, and runs this
interpreter's pip:

    pip install --dry-run --ignore-installed --report R.json --no-index --find-links DIR REQS

(--pre when the scenario says pre, its constraints through -c), in two worker processes
that import pip once each and call its main(): most of a pip run is its start. Then
compares with SOLVE (tests/helpers/solve FILE): both fail, or both succeed with the same versions; where the
scenario says "oracle valid" (several answers), only that both agree on success (the
helper checks its own answer's validity). Left out, and said: "oracle skip" (yanked needs
an index page), a Python other than this interpreter's, another platform.
Exit 0 when all agree, 1 otherwise.
"""

import base64
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile


def parse(path):
    sc = {"python": "3.11", "platform": "linux", "pre": False, "require": [], "constrain": [],
          "pkgs": [], "oracle": "", "fail": None}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word in ("python", "platform", "oracle"):
            sc[word] = rest
        elif word == "pre":
            sc["pre"] = True
        elif word in ("require", "constrain"):
            sc[word].append(rest)
        elif word == "fail":
            sc["fail"] = rest
        elif word == "pkg":
            toks = rest.split()
            p = {"name": toks[0], "version": toks[1], "python": None, "yanked": False,
                 "deps": [], "extras": []}
            for t in toks[2:]:
                if t.startswith("python="):
                    p["python"] = t[len("python="):]
                elif t == "yanked":
                    p["yanked"] = True
            sc["pkgs"].append(p)
        elif word == "dep":
            sc["pkgs"][-1]["deps"].append(rest)
        elif word == "extra":
            sc["pkgs"][-1]["extras"].append(rest)
    return sc


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel(outdir, p):
    dist = re.sub(r"[-_.]+", "_", p["name"])
    info = "%s-%s.dist-info" % (dist, p["version"])
    meta = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + p["version"]]
    if p["python"]:
        meta.append("Requires-Python: " + p["python"])
    meta += ["Provides-Extra: " + e for e in p["extras"]]
    meta += ["Requires-Dist: " + d for d in p["deps"]]
    files = {info + "/METADATA": "\n".join(meta) + "\n\n",
             info + "/WHEEL": "Wheel-Version: 1.0\nGenerator: solveroracle\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (name, digest, len(text.encode())))
    record.append(info + "/RECORD,,")
    files[info + "/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(os.path.join(outdir, "%s-%s-py3-none-any.whl" % (dist, p["version"])), "w") as z:
        for name, text in files.items():
            z.writestr(name, text)


def runpip(args):
    """pip's main() in this process (pip is imported once: most of a pip run is its start); its status and output"""
    import contextlib
    import io
    import logging
    from pip._internal.cli.main import main as pipmain
    out = io.StringIO()
    logging.getLogger().handlers.clear()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            rc = pipmain(args)
        except SystemExit as e:
            rc = e.code
    return rc or 0, out.getvalue()


def pip(sc, work):
    os.makedirs(work, exist_ok=True)
    for p in sc["pkgs"]:
        wheel(work, p)
    cmd = ["install", "--isolated", "-q", "--dry-run", "--ignore-installed",
           "--report", os.path.join(work, "report.json"), "--no-index", "--find-links", work]
    if sc["pre"]:
        cmd.append("--pre")
    if sc["constrain"]:
        with open(os.path.join(work, "constraints.txt"), "w") as f:
            f.write("\n".join(sc["constrain"]) + "\n")
        cmd += ["-c", os.path.join(work, "constraints.txt")]
    rc, out = runpip(cmd + sc["require"])
    if rc:
        return None, out
    with open(os.path.join(work, "report.json")) as f:
        report = json.load(f)
    return sorted("%s %s" % (norm(i["metadata"]["name"]), i["metadata"]["version"])
                  for i in report["install"]), out


def ours(solve, path):
    r = subprocess.run([solve, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode == 1:
        return None, r.stdout
    if r.returncode:
        return "error", r.stdout
    return sorted(" ".join(line.split()[:2]) for line in r.stdout.splitlines()), r.stdout


def one(solve, path, workdir):
    name = os.path.basename(path)[:-len(".txt")]
    sc = parse(path)
    here = "%d.%d" % sys.version_info[:2]
    if sc["oracle"].startswith("skip"):
        return name, "skip", "the scenario says: " + sc["oracle"]
    if sc["python"] != here or sc["platform"] != sys.platform:
        return name, "skip", "for Python %s on %s, not %s on %s" % (sc["python"], sc["platform"], here, sys.platform)
    theirs, plog = pip(sc, os.path.join(workdir, name))
    mine, olog = ours(solve, path)
    if mine == "error" or (mine is None) != (theirs is None):
        return name, "differ", "pip: %s\n%s\nvenvmk: %s\n%s" % (theirs, plog, mine, olog)
    if mine is not None and sc["oracle"] != "valid" and mine != theirs:
        return name, "differ", "pip: %s\nvenvmk: %s" % (theirs, mine)
    return name, "agree", ""


def main():
    solve, corpus, workdir = sys.argv[1:4]
    paths = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".txt"))
    bad = 0
    agreed = 0
    for k in list(os.environ):
        if k.startswith("PIP_"):
            del os.environ[k]
    os.environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as ex:
        for name, verdict, detail in ex.map(one, [solve] * len(paths), paths, [workdir] * len(paths)):
            print("%s: %s%s" % (name, verdict, (" (" + detail + ")") if verdict == "skip" else ""))
            if verdict == "differ":
                print(detail)
                bad += 1
            agreed += verdict == "agree"
    print("%d agree, %d differ" % (agreed, bad))
    if agreed < 20:
        print("too few scenarios compared")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
