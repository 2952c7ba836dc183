"""Case 3: an mtime-only change (`touch` every requirements file), then sync: venvmk re-reads
and finds nothing to do; the timestamp Makefiles run pip."""

from common import fmt_ratio, fmt_time  # noqa: F401

KEY = "touch"
TITLE = "3. mtime-only change: touch every requirements file, then sync"
NEEDS = ("noop_make", "noop_sync")      # the projects p1 and p2*
TS = "timestamp Makefile"
TS2 = "timestamp Makefile, pip only"


def setup(bench):
    for name, (d, fs) in [(k, (v["dir"], v["files"])) for k, v in bench.inputs.items()] + \
            [("p1", ("p1", bench.p1_files))]:
        bench.write("touch-%s.sh" % name, "sleep 0.02\ncd %s && touch %s\n" % (bench.p(d), " ".join(fs)))
    return []


def count_pass(bench, key, row, method):
    """Run ROW's prepare and command COUNT times outside hyperfine; count pip runs."""
    n = bench.size["count_passes"]
    env = dict(bench.env)
    tf = bench.data("trace-count-%s" % key.replace(" ", "_").replace(":", ""))
    open(tf, "w").close()
    env["VENVMK_TRACE"] = tf
    pips = procs = 0
    cmd = list(row["cmd"])
    if method == "echo":
        cmd = [a for a in cmd if a != "-s"]
    for _ in range(n):
        bench.run(row["prepare"], bench.T, env)
        p = bench.run(cmd, bench.T, env)
        if method == "echo":
            pips += sum(1 for line in p.stdout.splitlines() if "pip install" in line)
    if method == "trace":
        with open(tf) as f:
            lines = f.read().splitlines()
        procs = sum(1 for line in lines if not line.startswith("venvmk native-"))
        pips = sum(1 for line in lines if " -m pip install" in line or " -m pip download " in line)
    return pips / n, procs / n, n


def run(bench):
    vm = bench.venvmk
    tp1 = ["sh", bench.p("touch-p1.sh")]
    rows = [
        dict(name=TS, cmd=["make", "-s", "-C", "p1", "-f", "stamp.mk"], prepare=tp1, kind="other",
             input="small", count="echo"),
        dict(name=TS2, cmd=["make", "-s", "-C", "p1", "-f", "stamp2.mk"], prepare=tp1, kind="other",
             input="small", count="echo", base=TS),
        dict(name="venv.mk", cmd=["make", "-s", "-C", "p1", "-f", "venvmk.mk"], prepare=tp1,
             base=TS, also=[TS2], kind="venvmk", input="small", count="trace"),
        dict(name="venvmk sync: small", cmd=[vm, "-C", bench.inputs["small"]["dir"], "sync"],
             prepare=["sh", bench.p("touch-small.sh")], base=TS, also=[TS2], kind="venvmk", input="small",
             count="trace"),
    ]
    for k in ("hash", "big", "nested"):
        rows.append(dict(name="venvmk sync: %s" % k, cmd=[vm, "-C", bench.inputs[k]["dir"], "sync"],
                         prepare=["sh", bench.p("touch-%s.sh" % k)], base="venvmk sync: small", kind="venvmk",
                         input=k, count="trace"))
    g = bench.hyperfine("3", "mtime-only change: touch every requirements file, then sync", rows, bench.T,
                       bench.size["mid"], trace=True)
    starts = [l for l in g["trace"] if " -m pip " in l or " -m venv" in l or "virtualenv" in l
              or l.startswith("venvmk native-")]
    bench.premise(not starts, "case 3: a touch made venvmk start pip or a build: %s" % starts[:3])
    for r in rows:
        r["pip_runs"], r["processes"], r["count_passes"] = count_pass(bench, "3-" + r["name"], r, r["count"])
        if r["count"] == "echo":
            r["processes"] = None
    for r in rows[:2]:
        bench.premise(r["pip_runs"] == 1, "case 3: the %s did not run pip once per touch" % r["name"])


def targets(bench, judge):
    t = []
    g3 = bench.group("3")
    if g3:
        vmrows = [r for r in g3["rows"] if r["kind"] == "venvmk"]
        pips = sum(r["pip_runs"] for r in vmrows)
        t.append(("An mtime-only change starts no pip, ever",
                  "venvmk: %g pip runs per touch (%d rows, %d counted touches each, %g processes); both "
                  "timestamp Makefiles: %g per touch" % (
                      pips, len(vmrows), vmrows[0]["count_passes"], sum(r["processes"] for r in vmrows),
                      g3["rows"][0]["pip_runs"]),
                  "met" if pips == 0 else "**not met**"))
    return t


def report(bench, w):

    g = bench.group("3")
    if g:
        w("## 3. mtime-only change: `touch` every requirements file\n")
        w("hyperfine's `--prepare` touches every requirements file of the project before each run (3 files for "
          "the small input, %d for the nested one). venvmk then reads and hashes the files again, finds the same "
          "fingerprint, records the new stats and does nothing else. Both timestamp Makefiles see a newer "
          "file: the usual one (README's fragment) runs `python3 -m venv` over the existing env, which seeds "
          "pip again, then `pip install -r`; the *pip only* variant makes the env once in a rule of its own and "
          "runs only `pip install -r`. The larger inputs show how venvmk's re-read grows (against its small "
          "input). Pip runs were counted in %d further touch-and-sync pass%s per row: from `VENVMK_TRACE` "
          "(every process venvmk starts) for venvmk, from the recipe lines make echoes for the Makefiles.\n" % (
              len(bench.inputs["nested"]["files"]), bench.size["count_passes"],
              "" if bench.size["count_passes"] == 1 else "es"))
