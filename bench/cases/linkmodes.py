"""Case 10: how files come from the cache (issue 14), with link-mode clone, hardlink and
copy, the cache and the envs on XFS with reflink (an image on a loop device, mounted here:
needs root, mkfs.xfs): 10a an env of 30 wheels and pip's seed made where there is none,
10b its recreate (a line changed, the env in place), both of fingerprints seen before.
The case is skipped, saying why, where the image cannot be made or mounted."""

import os
import shlex
import shutil
import subprocess

from common import fmt_time, fmt_ratio, log

KEY = "linkmodes"
TITLE = "10a. link modes on XFS: an env made where there is none (issue 14)"
TITLE_B = "10b. link modes on XFS: a recreate, the env in place (issue 14)"
MODES = ("clone", "hardlink", "copy")


def setup(bench):
    bench.link_skip = None
    bench.link_mount = None
    if not shutil.which("mkfs.xfs"):
        bench.link_skip = "no mkfs.xfs (Debian's xfsprogs)"
        return []
    img, mnt = bench.p("xfs.img"), bench.p("xfs")
    os.makedirs(mnt, exist_ok=True)
    with open(img, "wb") as f:
        f.truncate(1 << 30)
    for argv in (["mkfs.xfs", "-q", "-m", "reflink=1", img], ["mount", "-o", "loop", img, mnt]):
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        if p.returncode != 0:
            bench.link_skip = "`%s` failed: %s" % (" ".join(argv[:2]), p.stdout.strip()[:300])
            return []
    bench.link_mount = mnt
    n = bench.size["pkgs"]
    pins = ["benchpkg%02d==1.0\n" % i for i in range(1, n + 1)]
    for m in MODES:
        os.makedirs(os.path.join(mnt, m), exist_ok=True)
        with open(os.path.join(mnt, m, "requirements.txt"), "w") as f:
            f.write("".join(pins))
        # 10b: going from either list to the other drops a line (and adds one): a recreate
        d = os.path.join(mnt, "re-" + m)
        os.makedirs(d, exist_ok=True)
        for name, drop in (("a.txt", n - 1), ("b.txt", n - 2)):
            with open(os.path.join(d, name), "w") as f:
                f.write("".join(p for i, p in enumerate(pins) if i != drop))
        shutil.copy(os.path.join(d, "a.txt"), os.path.join(d, "requirements.txt"))
    return []


def close(bench):
    mnt = getattr(bench, "link_mount", None)
    if mnt:
        if subprocess.run(["umount", mnt]).returncode != 0:
            subprocess.run(["umount", "-l", mnt])
        img = bench.p("xfs.img")
        out = subprocess.run(["losetup", "-j", img], stdout=subprocess.PIPE, universal_newlines=True).stdout
        for line in out.splitlines():
            subprocess.run(["losetup", "-d", line.split(":")[0]])
        bench.link_mount = None


def run(bench):
    if bench.link_skip:
        bench.skipped.append(("10 (link modes)", bench.link_skip))
        log("\n== 10: skipped: %s" % bench.link_skip)
        return
    mnt = bench.link_mount
    env = dict(bench.env)
    env["VENVMK_CACHE_DIR"] = os.path.join(mnt, "cache")
    vm = bench.venvmk
    rows = []
    for m in MODES:
        d = os.path.join(mnt, m)
        argv = [vm, "-q", "-C", d, "--link-mode=" + m, "--dir", "env", "-r", "requirements.txt", "sync"]
        # the first sync fills the cache and the report cache: every timed run is a recreate
        bench.run(argv, cwd=mnt, env=env)
        rows.append(dict(name=m, cmd=argv, prepare=["rm", "-rf", os.path.join(d, "env"), os.path.join(d, "env.venvmk")],
                         base=None if m == "hardlink" else "hardlink", kind="venvmk"))
        shown = bench.out([vm, "-C", d, "--link-mode=" + m, "--dir", "env", "show"], cwd=mnt, env=env)
        used = [l.split("(", 1)[-1].rstrip(")") for l in shown.splitlines() if l.startswith("cache:")]
        rows[-1]["used"] = used[0] if used else "?"
        bench.premise(m == "clone" and used and used[0].startswith("clones")
                      or m == "hardlink" and used and used[0].startswith("hard links")
                      or m == "copy" and used and used[0].startswith("copies"),
                      "case 10: link-mode %s placed %s" % (m, used[0] if used else "nothing"))
    bench.hyperfine("10", TITLE, rows, mnt, bench.size["linkmodes"], env=env, flush=True)
    rows = []
    for m in MODES:
        d = os.path.join(mnt, "re-" + m)
        argv = [vm, "-q", "-C", d, "--link-mode=" + m, "--dir", "env", "-r", "requirements.txt", "sync"]
        # both lists synced twice: each timed run is a recreate of a fingerprint seen before
        for _ in range(2):
            for name in ("b.txt", "a.txt"):
                shutil.copy(os.path.join(d, name), os.path.join(d, "requirements.txt"))
                bench.run(argv, cwd=mnt, env=env)
        flip = ("cd %s && if cmp -s requirements.txt a.txt; then cp b.txt requirements.txt; "
                "else cp a.txt requirements.txt; fi" % shlex.quote(d))
        rows.append(dict(name=m, cmd=argv, prepare=["sh", "-c", flip],
                         base=None if m == "hardlink" else "hardlink", kind="venvmk"))
    bench.hyperfine("10b", TITLE_B, rows, mnt, bench.size["linkmodes"], env=env, flush=True)
    bench.link_carried = None
    try:
        with open(os.path.join(mnt, "re-clone", "env", ".venvmk-link")) as f:
            for line in f:
                if line.startswith("carried "):
                    bench.link_carried = int(line.split()[1])
    except OSError:
        pass
    bench.premise(bool(bench.link_carried), "case 10b: the clone recreate carried no file over")


def targets(bench, judge):
    c, h = bench.row("10b", "clone"), bench.row("10b", "hardlink")
    ca, ha = bench.row("10", "clone"), bench.row("10", "hardlink")
    if not (c and h and ca and ha):
        if getattr(bench, "link_skip", None):
            return [("14. A recreate with clones as fast as with hard links (XFS)", "skipped: " + bench.link_skip,
                     "not measured")]
        return []
    return [("14. A recreate of %d wheels and pip's seed with clones is as fast as with hard links (XFS with "
             "reflink), within 5%%" % bench.size["pkgs"],
             "10b recreate: clone %s median vs hard link %s: %s (copy %s); 10a where there is no env: "
             "clone %s vs %s: %s" % (
                 fmt_time(c["median"]), fmt_time(h["median"]), fmt_ratio(c["ratio"]),
                 fmt_time(bench.row("10b", "copy")["median"]),
                 fmt_time(ca["median"]), fmt_time(ha["median"]), fmt_ratio(ca["ratio"])),
             judge(c["ratio"] <= 1.05))]


def report(bench, w):
    if getattr(bench, "link_skip", None):
        w("## 10. Link modes on XFS (issue 14)\n")
        w("Skipped in this run: %s.\n" % bench.link_skip)
        return
    g = bench.group("10")
    if not g:
        return
    w("## 10. Link modes on XFS (issue 14)\n")
    w("### 10a. An env made where there is none\n")
    w("An env of a fingerprint seen before (no pip: venvmk writes the env and places pip, setuptools and "
      "the %d wheels from its cache), the env and `env.venvmk/` removed before each run, with the cache and the "
      "envs on a 1 GiB XFS image with reflink (`mkfs.xfs -m reflink=1`) on a loop device. `clone` clones every "
      "file (`FICLONE`) but the compiled ones, which it hard-links (Python only replaces a `.pyc` whole); "
      "`hardlink` links every file; `copy` copies every file. A clone and a copy cost an inode per file, a "
      "link none: with those two modes a forked child places files beside venvmk, a directory at a time. "
      "What each row placed, as `venvmk show` says: %s.\n" % (
          bench.size["pkgs"], "; ".join("%s: %s" % (r["name"], r["used"]) for r in g["rows"])))
    w(bench.table(g))
    g = bench.group("10b")
    if not g:
        return
    w("### 10b. A recreate, the env in place\n")
    w("The same envs' recreate: before each run the requirements go from one list of %d of the %d pins to "
      "the other (a line dropped, another added), both synced before, so venvmk keeps the env aside, makes "
      "the new one from its cache and drops the old one, all of it timed. With `clone` and `copy` the files "
      "of the old env that are its own and unchanged since venvmk placed them are linked into the new one, "
      "not cloned or copied again: the clone recreate's last run carried %s files over.\n" % (
          bench.size["pkgs"] - 1, bench.size["pkgs"], bench.link_carried))
    w(bench.table(g))


def inputs(bench):
    return ["- **Case 10** syncs the %d pins of case 5 in three projects of its own on the XFS image, one per "
            "link mode, each with `--link-mode` forced; 10b, in three more, lists of %d of them that differ "
            "in a line." % (bench.size["pkgs"], bench.size["pkgs"] - 1)]
