"""Case 12 (issue 27): the no-op `venvmk lock`.  The real stack of case 11 (its index server),
locked and synced once; then, in one hyperfine invocation, `venvmk lock -o pylock.toml` with
its inputs unchanged (the lock records their fingerprint: no request, no process, the file
and its mtime left alone) against the no-op `venvmk sync` of the same declaration."""

import os

from common import fmt_ratio, fmt_time
from . import index, resolve

KEY = "lockwrite"
TITLE = "12. the no-op `venvmk lock` against the no-op sync (issue 27)"
NEEDS = ("resolve",)    # the real stack's index server

NL = "venvmk lock -o pylock.toml (no-op)"
NS = "venvmk sync (no-op)"


def setup(bench):
    bench.write("c12/requirements.txt", "".join(r + "\n" for r in resolve.stackwheels.STACK_REQS))
    return []


def run(bench):
    srv = bench.server11
    env = index.index_env(bench, srv["url"])
    c12 = bench.p("c12")
    decl = [bench.venvmk, "--no-conf", "--dir", "env", "-r", "requirements.txt"]
    rows = [
        dict(name=NS, cmd=decl + ["sync"], kind="other"),
        dict(name=NL, cmd=decl + ["lock", "-o", "pylock.toml"], base=NS, kind="venvmk"),
    ]
    for r in rows + rows:
        bench.run(r["cmd"], c12, env)
    lock = os.path.join(c12, "pylock.toml")
    st = os.stat(lock)
    before = os.path.getsize(srv["log"])
    g = bench.hyperfine("12", "the no-op lock and the no-op sync of the real stack", rows, c12, bench.size["fast"],
                        env=env, trace=True)
    with open(srv["log"]) as f:
        f.seek(before)
        reqs = [l for l in f.read().splitlines() if not l.startswith("MARK ")]
    t = bench.tally(g["trace"])
    bench.premise(t["procs"] == 0 and not g["trace"] and not reqs,
                  "case 12: the no-op lock and sync started %d processes (%d trace lines) and made %d requests "
                  "(expected none)" % (t["procs"], len(g["trace"]), len(reqs)))
    st2 = os.stat(lock)
    bench.premise(st2.st_mtime_ns == st.st_mtime_ns and st2.st_ino == st.st_ino,
                  "case 12: the no-op lock rewrote pylock.toml")
    g["requests"] = len(reqs)
    for r in rows:
        r.update(procs_per_run=0 if not g["trace"] else None, requests=len(reqs) / (2 * r["runs"]))


def targets(bench, judge):
    r = bench.row("12", NL)
    if not r:
        return []
    s = bench.row("12", NS)
    return [("27. The no-op `venvmk lock` (inputs unchanged) within 1.5× the no-op `venvmk sync`",
             "%s median vs %s: %s; no process, no request, the lock's mtime unchanged" % (
                 fmt_time(r["median"]), fmt_time(s["median"]), fmt_ratio(r["ratio"])),
             judge(r["ratio"] <= 1.5))]


def report(bench, w):
    g = bench.group("12")
    if not g:
        return
    w("## 12. Writing locks: the no-op `venvmk lock` (issue 27)\n")
    w("Case 11's real stack (`requirements.txt` names `%s`), locked and synced twice before the timing: `venvmk "
      "--no-conf --dir env -r requirements.txt lock -o pylock.toml` finds that the lock records the inputs' "
      "fingerprint and does nothing, and `… sync` finds the env fresh. Both in one hyperfine invocation, with "
      "`VENVMK_TRACE` set and the index's log watched: over all runs neither started a process or made a "
      "request, and `pylock.toml` kept its inode and mtime.\n" % "`, `".join(resolve.stackwheels.STACK_REQS))
    w(bench.table(g, cols=("median", "range", "ratio", "started")))
