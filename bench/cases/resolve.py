"""Case 11 (issue 26): resolving without pip.  venvmk resolves with its own solver by default
(VENVMK_RESOLVE unset or =venvmk): the project pages fetched together, each candidate's
metadata from the index's PEP 658 file, no pip run.  VENVMK_RESOLVE=pip hands the resolution
to pip as before.  Every row goes through the test index (tests/indexserver.py) at 50 ms per
request (0 in a smoke run), pip's cache off:

    a   case 8's 31 wheels, a first sync: venvmk (cache new; interpreter facts and pip seed
        cached), VENVMK_RESOLVE=pip venvmk (seed cached), pip's dry run alone, and
        `python3 -m venv && pip install -r`
    b   a real stack (bench/stackwheels.py: a Sphinx documentation set of 28 distributions out
        of 76 candidate versions), a first sync: venvmk (cache new; seed cached) against
        `python3 -m venv && pip install -r` and pip's dry run alone
    c   resolving alone, the same stack: `venvmk lock -o pylock.toml` with its cache new, with
        the metadata cached (the lock and the kept pages removed: the pages are fetched again),
        and with the metadata and the pages cached (the lock removed: every page revalidated,
        304), against pip's dry run writing its report
    d   a backtracking set (bt-a with many versions of which only the oldest fits), cold and
        with metadata cached: `venvmk lock` against pip's dry run

Pip runs (VENVMK_TRACE) and requests (the server's log) are counted per run as case 8 counts
them, with case 8's marker script (prep8.sh); the premise of every own-resolver row is that it
starts no pip."""

import os

import stackwheels
from common import fmt_ratio, fmt_time, log
from . import index

KEY = "resolve"
TITLE = "11. resolving without pip: case 8's set, a real stack, resolving alone, backtracking (issue 26)"
NEEDS = ("index",)      # its index server, prep8.sh, its seed cache, dryenv and the request counting

VN = "venvmk, first sync (cache new)"
VS = "venvmk, first sync (interpreter facts and pip seed cached)"
VP = "VENVMK_RESOLVE=pip venvmk, first sync (seed cached)"
D = "python3 -m venv + pip install -r"
E = "pip's dry run alone"
ER = "pip's dry run writing its report"
LC = "venvmk lock -o pylock.toml (cache new)"
LM = "venvmk lock -o pylock.toml (metadata cached)"
LR = "venvmk lock -o pylock.toml (metadata cached, pages revalidated: 304)"


def delay(bench):
    return max(bench.size["delays"])


def setup(bench):
    bench.stack_wheels = stackwheels.write_stack(bench.p("wheels-stack"))
    bench.bt = bench.size["backtrack"]
    bench.bt_wheels = stackwheels.write_backtrack(bench.p("wheels-bt"), *bench.bt)
    bench.server11 = index.start_server(bench, bench.p("wheels-stack"), "11-%dms" % delay(bench), delay(bench))
    bench.server11d = index.start_server(bench, bench.p("wheels-bt"), "11d-%dms" % delay(bench), delay(bench))
    with open(bench.p("c8", "requirements.txt")) as f:
        bench.write("c11a/requirements.txt", f.read())
    stack = "".join(r + "\n" for r in stackwheels.STACK_REQS)
    for d in ("c11a", "c11b"):
        bench.write(d + "/venv_pip.sh", "set -e\npython3 -m venv env\nenv/bin/pip install -r requirements.txt\n")
    bench.write("c11b/requirements.txt", stack)
    bench.write("c11c/requirements.txt", stack)
    bench.write("c11d/requirements.txt", "bt-a\nbt-b\n")
    for name in ("11a-new", "11a-seed", "11a-pip", "11b-new", "11b-seed", "11c-new", "11c-meta", "11c-reval", "11d-new",
                 "11d-meta"):
        os.makedirs(bench.p("cache-" + name), exist_ok=True)
    return []


def close(bench):
    for k in ("server11", "server11d"):
        if getattr(bench, k, None):
            index.stop_servers({0: getattr(bench, k)})


def dry(bench, report="/dev/null"):
    return [bench.p("c8", "dryenv/bin/python"), "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
            "-q", "--dry-run", "--ignore-installed", "--report", report, "-r", "requirements.txt"]


def vm(bench, how, cache, *args):
    """venvmk through env(1), VENVMK_RESOLVE=HOW, with its own CACHE: every venvmk row pays the
    same extra exec."""
    return ["env", "VENVMK_RESOLVE=" + how, bench.venvmk, "--cache-dir=" + bench.p("cache-" + cache)] + list(args)


def timed(bench, key, title, rows, d, srv, runs=None):
    """Time ROWS in $BENCH/D through SRV and count each row's requests and pip runs."""
    env = index.index_env(bench, srv["url"])
    with open(srv["log"], "a") as f:
        f.write("MARK setup\n")
    g = bench.hyperfine(key, title, rows, bench.p(d), runs or bench.size["resolve"], env=env, trace=True, flush=True)
    g["delay_ms"] = srv["delay"]
    index.count(bench, rows, srv["log"], bench.tracefile(key))
    n = (g["warmup"] + g["runs"]) * g["rounds"]
    for r in rows:
        bench.premise(r["counted_runs"] == n, "case %s: %s: %d marked runs, expected %d" % (
            key, r["name"], r["counted_runs"], n))
        if r.get("own"):
            bench.premise(r["pip_runs"] == 0 and r["requests_pip"] == 0,
                          "case %s: %s (venvmk's own resolver) started %g pips per run (expected none)" % (
                              key, r["name"], r["pip_runs"]))
    return g


def prep(bench, srv, key):
    return lambda rid, *paths: ["sh", bench.p("prep8.sh"), srv["log"], bench.tracefile(key), rid] + list(paths)


def run(bench):
    run11a(bench)
    run11b(bench)
    run11c(bench)
    run11d(bench)


def run11a(bench):
    srv = bench.servers8[delay(bench)]
    key = "11a"
    p = prep(bench, srv, key)
    rm = ("env", "env.venvmk")
    sync = ["--dir", "env", "-r", "requirements.txt", "sync"]
    rows = [
        dict(name=D, id="d", cmd=["sh", "venv_pip.sh"], prepare=p("d", *rm), kind="other", pip_runs=1),
        # a floor, as in case 8: it installs nothing, so it is not a tool a sync replaces
        dict(name=E, id="e", cmd=dry(bench), prepare=p("e"), kind="floor", pip_runs=1),
        dict(name=VP, id="p", cmd=vm(bench, "pip", "11a-pip", *sync),
             prepare=p("p", *(index.seeded(bench, bench.p("cache-11a-pip")) + rm)), base=D, also=[E], kind="venvmk"),
        dict(name=VN, id="n", cmd=vm(bench, "venvmk", "11a-new", *sync),
             prepare=p("n", *(rm + (bench.p("cache-11a-new"),))), base=E, also=[D, VP], kind="venvmk", own=True),
        dict(name=VS, id="s", cmd=vm(bench, "venvmk", "11a-seed", *sync),
             prepare=p("s", *(index.seeded(bench, bench.p("cache-11a-seed")) + rm)), base=E, also=[D, VP],
             kind="venvmk", own=True),
    ]
    npk = index.npkgs(bench)
    timed(bench, key, "case 8's %d wheels, a first sync through the index at %d ms per request" % (
        npk, srv["delay"]), rows, "c11a", srv)
    byid = {r["id"]: r for r in rows}
    bench.premise(byid["p"]["pip_runs"] >= 1, "case 11a: %s started no pip" % VP)
    for rid in ("n", "s"):
        r = byid[rid]
        bench.premise(r["wheel_files_min"] == npk and r["wheel_gets_max"] == 1,
                      "case 11a: %s: a run GET as few as %d of the %d wheel files and one up to %d times" % (
                          r["name"], r["wheel_files_min"], npk, r["wheel_gets_max"]))
    bench.has_pkgs(bench.p("c11a", "env"), "case 11a", n=bench.size["pkgs"], names=["hello_cli"])


def stack_ok(bench, envdir, label):
    """Premise: the env at ENVDIR holds the stack's 28 distributions at the versions pip picks."""
    p = bench.run([os.path.join(envdir, "bin/python"), "-c", "import importlib.metadata as m\n"
                   "for d in m.distributions(): print(d.metadata['Name'].lower(), d.version)"], check=False)
    got = dict(l.split() for l in (p.stdout or "").splitlines() if l.strip())
    want = stackwheels.STACK_PICKS
    bad = {k: got.get(k) for k, v in want.items() if got.get(k) != v}
    n = sum(1 for k in got if k in stackwheels.STACK)
    bench.extra["stack_installed"] = n
    bench.premise(not bad and n >= 25, "%s: the env holds %d of the stack's distributions; wrong versions: %s" % (
        label, n, bad))


def run11b(bench):
    srv = bench.server11
    key = "11b"
    p = prep(bench, srv, key)
    rm = ("env", "env.venvmk")
    sync = ["--dir", "env", "-r", "requirements.txt", "sync"]
    rows = [
        dict(name=D, id="d", cmd=["sh", "venv_pip.sh"], prepare=p("d", *rm), kind="other", pip_runs=1),
        dict(name=E, id="e", cmd=dry(bench), prepare=p("e"), kind="floor", pip_runs=1),
        dict(name=VN, id="n", cmd=vm(bench, "venvmk", "11b-new", *sync),
             prepare=p("n", *(rm + (bench.p("cache-11b-new"),))), base=D, also=[E], kind="venvmk", own=True),
        dict(name=VS, id="s", cmd=vm(bench, "venvmk", "11b-seed", *sync),
             prepare=p("s", *(index.seeded(bench, bench.p("cache-11b-seed")) + rm)), base=D, also=[E],
             kind="venvmk", own=True),
    ]
    timed(bench, key, "a real stack (a Sphinx docs set), a first sync through the index at %d ms per request" %
          srv["delay"], rows, "c11b", srv)
    stack_ok(bench, bench.p("c11b", "env"), "case 11b")


def run11c(bench):
    srv = bench.server11
    key = "11c"
    p = prep(bench, srv, key)
    lock = ["-r", "requirements.txt", "lock", "-o", "pylock.toml"]
    rows = [
        dict(name=ER, id="e", cmd=dry(bench, "report.json"), prepare=p("e", "report.json"), kind="other",
             pip_runs=1),
        dict(name=LC, id="c", cmd=vm(bench, "venvmk", "11c-new", *lock),
             prepare=p("c", "pylock.toml", bench.p("cache-11c-new")), base=ER, kind="venvmk", own=True),
        dict(name=LM, id="m", cmd=vm(bench, "venvmk", "11c-meta", *lock),
             prepare=p("m", "pylock.toml", bench.p("cache-11c-meta", "pages")),
             base=ER, also=[LC], kind="venvmk", own=True),
        dict(name=LR, id="r", cmd=vm(bench, "venvmk", "11c-reval", *lock), prepare=p("r", "pylock.toml"),
             base=ER, also=[LC, LM], kind="venvmk", own=True),
    ]
    env = index.index_env(bench, srv["url"])
    bench.traced(rows[2], bench.p("c11c"), env)       # the metadata of every candidate into cache-11c-meta
    bench.traced(rows[3], bench.p("c11c"), env)       # the metadata and the pages (with their ETags) into cache-11c-reval
    timed(bench, key, "resolving the real stack alone at %d ms per request" % srv["delay"], rows, "c11c", srv)
    for r in rows[1:]:
        bench.premise(r["requests"] > 0, "case 11c: %s made no request: it did not resolve" % r["name"])
    bench.premise(rows[3]["not_modified"] == rows[3]["requests"],
                  "case 11c: %s: %g of %g requests per run answered 304" % (
                      LR, rows[3]["not_modified"], rows[3]["requests"]))
    check_lock(bench, "c11c", "case 11c", stackwheels.STACK_PICKS)


def check_lock(bench, d, label, picks):
    """Premise: $BENCH/D/pylock.toml pins each of PICKS at its version."""
    try:
        with open(bench.p(d, "pylock.toml")) as f:
            text = f.read()
    except OSError as e:
        bench.premise(False, "%s: no pylock.toml: %s" % (label, e))
        return
    bad = [k for k, v in picks.items() if 'name = "%s"\nversion = "%s"' % (k, v) not in text]
    bench.premise(not bad, "%s: pylock.toml does not pin %s as pip does" % (label, ", ".join(bad)))


def run11d(bench):
    srv = bench.server11d
    key = "11d"
    p = prep(bench, srv, key)
    lock = ["-r", "requirements.txt", "lock", "-o", "pylock.toml"]
    rows = [
        dict(name=ER, id="e", cmd=dry(bench, "report.json"), prepare=p("e", "report.json"), kind="other",
             pip_runs=1),
        dict(name=LC, id="c", cmd=vm(bench, "venvmk", "11d-new", *lock),
             prepare=p("c", "pylock.toml", bench.p("cache-11d-new")), base=ER, kind="venvmk", own=True),
        dict(name=LM, id="m", cmd=vm(bench, "venvmk", "11d-meta", *lock),
             prepare=p("m", "pylock.toml", bench.p("cache-11d-meta", "pages")),
             base=ER, also=[LC], kind="venvmk", own=True),
    ]
    env = index.index_env(bench, srv["url"])
    bench.traced(rows[2], bench.p("c11d"), env)
    timed(bench, key, "a backtracking set (%d candidate versions) at %d ms per request" % (
        bench.bt_wheels, srv["delay"]), rows, "c11d", srv, bench.size["backtrack_runs"])
    check_lock(bench, "c11d", "case 11d", {"bt-a": "1.0", "bt-b": "1.%d" % bench.bt[1], "bt-z": "1.5"})


def targets(bench, judge):
    t = []
    n, s, e = (bench.row("11a", x) for x in (VN, VS, E))
    if n:
        p = bench.row("11a", VP)
        t.append(("26. Case 8's %d-wheel first sync at %d ms per request, venvmk's own resolver, cache new: at "
                  "most 0.2× pip's dry run alone, and no pip run" % (index.npkgs(bench), bench.group("11a")["delay_ms"]),
                  "%s median vs %s: %s; interpreter facts and pip seed cached %s (%s); VENVMK_RESOLVE=pip %s; "
                  "%g and %g pip runs, %g and %g requests per sync (own resolver, VENVMK_RESOLVE=pip)" % (
                      fmt_time(n["median"]), fmt_time(e["median"]), fmt_ratio(n["ratio"]), fmt_time(s["median"]),
                      fmt_ratio(s["ratio"]), fmt_time(p["median"]), n["pip_runs"], p["pip_runs"], n["requests"],
                      p["requests"]),
                  judge(n["ratio"] <= 0.2 and n["pip_runs"] == 0)))
    n, s, d = (bench.row("11b", x) for x in (VN, VS, D))
    if n:
        t.append(("26. A first sync of a real stack (%s distributions, a Sphinx docs set) at %d ms per request, "
                  "cache new: at most 0.35× `python -m venv && pip install -r`" % (
                      bench.extra.get("stack_installed", "?"), bench.group("11b")["delay_ms"]),
                  "%s median vs %s: %s; seed cached %s (%s); %g pip runs, %g requests per sync" % (
                      fmt_time(n["median"]), fmt_time(d["median"]), fmt_ratio(n["ratio"]), fmt_time(s["median"]),
                      fmt_ratio(s["ratio"]), n["pip_runs"], n["requests"]),
                  judge(n["ratio"] <= 0.35 and n["pip_runs"] == 0)))
    c, m, r = bench.row("11c", LC), bench.row("11c", LM), bench.row("11c", LR)
    if c:
        t.append(("27. `venvmk lock` of the real stack at %d ms per request, cold: at most 0.15× pip's dry run "
                  "writing its report (this pip has no `pip lock`)" % bench.group("11c")["delay_ms"],
                  "%s median vs %s: %s; metadata cached %s (%s); pages revalidated (304) %s (%s)" % (
                      fmt_time(c["median"]), fmt_time(bench.row("11c", ER)["median"]), fmt_ratio(c["ratio"]),
                      fmt_time(m["median"]), fmt_ratio(m["ratio"]), fmt_time(r["median"]), fmt_ratio(r["ratio"])),
                  judge(c["ratio"] <= 0.15 and c["pip_runs"] == 0)))
    return t


def report(bench, w):
    ga = bench.group("11a")
    if not ga:
        return
    w("## 11. Resolving without pip (issue 26)\n")
    w("venvmk resolves with its own solver by default (`VENVMK_RESOLVE` unset or `venvmk`): it fetches the project "
      "pages of every name it meets together, reads each candidate's metadata from the index's PEP 658 file "
      "(`/files/NAME.whl.metadata`, which the test index serves), and starts no pip; `VENVMK_RESOLVE=pip` hands the "
      "resolution to pip as before (with this pip, 23.2.1, `pip download -d` into venvmk's cache). Every row goes "
      "through the test index (`tests/indexserver.py`, 127.0.0.1) at %d ms per request with `PIP_NO_CACHE_DIR=1`. "
      "The venvmk rows start as `env VENVMK_RESOLVE=… venvmk --cache-dir=$BENCH/cache-11… …`, each with a cache of "
      "its own: *cache new* removes it before each run (venvmk asks the interpreter for its facts and unpacks "
      "pip's seed), *seed cached* makes it a fresh copy of case 8's template cache (interpreter facts and pip's "
      "seed, no other wheel). *%s* runs `dryenv/bin/python -m pip install --dry-run --ignore-installed --report "
      "/dev/null -r requirements.txt` in an existing env (case 8's). Pip runs and requests are counted over every "
      "run, warm-ups included, as in case 8 (each row's `--prepare` writes a marker line into the server's log and "
      "`VENVMK_TRACE`); the own-resolver rows are checked to start no pip.\n" % (ga["delay_ms"], E))
    w("### 11a. Case 8's %d wheels, a first sync\n" % index.npkgs(bench))
    w("`requirements.txt` pins `benchpkg01` to `benchpkg%02d` and `hello-cli` (case 8's file). After the runs the "
      "last env held every package and `hello_cli` imported.\n" % bench.size["pkgs"])
    w(bench.table(ga, cols=("median", "range", "ratio", "pipsrun", "requests", "wheels")))
    gb = bench.group("11b")
    if gb:
        w("### 11b. A real stack, a first sync\n")
        w("`requirements.txt` names `%s` (unpinned). The index (`bench/stackwheels.py`, written in setup) holds %d "
          "wheels: the names, versions, `Requires-Dist` ranges (with markers and extras) and `Requires-Python` of a "
          "Sphinx documentation set's real releases (sphinx 7.1 to 8.0, docutils, jinja2, markupsafe, babel, "
          "pygments, requests, urllib3, idna, certifi, charset-normalizer, snowballstemmer, alabaster, imagesize, "
          "packaging, six sphinxcontrib packages, sphinxcontrib-jquery, sphinx-rtd-theme, myst-parser, "
          "markdown-it-py, mdit-py-plugins, mdurl, pyyaml), each wheel one small module. sphinx-rtd-theme and "
          "myst-parser cap sphinx below 8 and docutils below 0.21, so the newest of both do not fit. The last env "
          "held %s of them at the versions pip picks (sphinx 7.4.7, docutils 0.20.1).\n" % (
              "`, `".join(stackwheels.STACK_REQS), bench.stack_wheels, bench.extra.get("stack_installed", "?")))
        w(bench.table(gb, cols=("median", "range", "ratio", "pipsrun", "requests", "wheels")))
    gc = bench.group("11c")
    if gc:
        w("### 11c. Resolving alone: `venvmk lock`\n")
        w("The same stack, nothing installed: `venvmk -r requirements.txt lock -o pylock.toml`, the lock removed "
          "before each run; *cache new*: the cache removed too (each project page is asked for once: the lock "
          "writer lists every file of the locked versions from the pages the resolution just had); *metadata "
          "cached*: the cache kept from a lock made before the timing but its `pages/`, so every metadata file is "
          "cached by its hash and only the project pages are fetched again (`200`); *pages revalidated*: the "
          "whole cache kept, so every page is asked for with the `ETag` the test index gave it and comes back "
          "`304 Not Modified` with no body (checked: every request of that row is a 304). Against it, pip's dry "
          "run writing its report to a file (`--report report.json`): the pip here (%s) has no `pip lock` (pip "
          "25.1 added it). Each lock was checked to pin what pip picks.\n" % (
              bench.machine_info.get("pip", "?").split(" (")[0]))
        w(bench.table(gc, cols=("median", "range", "ratio", "pipsrun", "requests")))
    gd = bench.group("11d")
    if gd:
        w("### 11d. A set that needs backtracking\n")
        w("`requirements.txt` names `bt-a` and `bt-b`. The index holds %d wheels: `bt-a` 1.0 to 1.%d, whose every "
          "version after 1.0 needs `bt-z>=2`; `bt-b` 1.0 to 1.%d, each needing `bt-z<2`; `bt-z` 1.0, 1.5, 2.0, "
          "2.1. Only `bt-a` 1.0 fits. `venvmk lock` (cache new, and metadata cached as in 11c) against pip's dry "
          "run writing its report; the lock was checked to pin bt-a 1.0, bt-b 1.%d and bt-z 1.5.\n" % (
              bench.bt_wheels, bench.bt[0], bench.bt[1], bench.bt[1]))
        w(bench.table(gd, cols=("median", "range", "ratio", "pipsrun", "requests")))


def inputs(bench):
    if not bench.group("11a"):
        return []
    return ["- **Case 11**: `bench/stackwheels.py` writes the real-stack wheelhouse (%d wheels, a Sphinx docs set) "
            "and the backtracking set (%d wheels) with `tests/mkwheelhouse.py`'s wheel writer, adding "
            "`Requires-Python` and `Provides-Extra`; case 11a uses case 8's file and wheelhouse." % (
                bench.stack_wheels, bench.bt_wheels)]
