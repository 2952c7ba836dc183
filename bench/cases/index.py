"""Case 8 (issue 11): through a package index.  The test index (tests/indexserver.py) serves the
bench wheelhouse on 127.0.0.1, once with no delay and once with 50 ms per request; pip's cache
is off (PIP_NO_CACHE_DIR=1) in every row.  31 wheels (benchpkg01..30 and hello-cli):

    a   venvmk's first sync through the index, its cache new (removed before each run)
    a'  the same with the interpreter's facts kept (only the wheels and reports removed)
    b   venvmk's recreate of a fingerprint seen before (env removed, cache kept): no pip, no request
    c   the same recreate from a local wheelhouse (PIP_NO_INDEX=1, PIP_FIND_LINKS), for comparison
    d   `python3 -m venv env && env/bin/pip install -r requirements.txt` through the index
    e   pip's dry run alone, in an existing env, with the arguments venvmk gives it

Each row's --prepare writes a marker line into the server's log and into VENVMK_TRACE, so the
requests (by User-Agent: pip's or venvmk's) and the pip runs of every run, warm-ups included,
are counted per row."""

import os
import subprocess
import time

from common import REPO, BenchError, fmt_ratio, fmt_time, log

KEY = "index"
TITLE = "8. through a package index at 0 and 50 ms per request (issue 11)"

A = "venvmk, first sync (cache new)"
A2 = "venvmk, first sync (interpreter facts cached)"
B = "venvmk, recreate of a seen fingerprint (index)"
C = "venvmk, recreate of a seen fingerprint (local wheelhouse)"
D = "python3 -m venv + pip install -r (index)"
E = "pip's dry run alone, in an existing env (index)"
IDS = {A: "a", A2: "a2", B: "b", C: "c", D: "d", E: "e"}


def npkgs(bench):
    return bench.size["pkgs"] + 1


def setup(bench):
    bench.servers8 = {}
    reqs = "".join("benchpkg%02d==1.0\n" % i for i in range(1, bench.size["pkgs"] + 1)) + "hello-cli==1.0\n"
    bench.write("c8/requirements.txt", reqs)
    bench.write("c8/venv_pip.sh", "set -e\npython3 -m venv env\nenv/bin/pip install -r requirements.txt\n")
    # prep8.sh LOG TRACE ROW [PATH...]: the marker lines, then the removals.  It first waits 50 ms,
    # so that the server has logged the last request of the run before (it logs once the body is
    # sent, and the client may have exited by then).
    bench.write("prep8.sh", "# mark the start of ROW's next run in the index log and venvmk's trace, then rm\n"
                "sleep 0.05\nlog=$1 trace=$2 row=$3\nshift 3\necho \"MARK $row\" >>\"$log\"\n"
                "echo \"MARK $row\" >>\"$trace\"\nrm -rf \"$@\"\n")
    for d in bench.size["delays"]:
        bench.servers8[d] = start_server(bench, bench.wh, "8-%dms" % d, d)
    for name in ("cache-8new", "cache-8interp"):
        os.makedirs(bench.p(name), exist_ok=True)
    # the existing env pip's dry run alone runs in (pip seeded, from the wheelhouse)
    return [bench.task("c8 dry-run env", [bench.venvmk, "-q", "--dir", "dryenv", "--no-requirements", "sync"], "c8",
                       bench.env)]


def start_server(bench, wheelhouse, name, delay):
    """tests/indexserver.py serving WHEELHOUSE on 127.0.0.1 with DELAY ms per request.  Returns
    dict(proc, url, log, port)."""
    portfile = bench.data("port-%s" % name)
    logfile = bench.data("index-%s.log" % name)
    out = open(bench.data("index-%s.out" % name), "w")
    argv = [bench.pyreal, os.path.join(REPO, "tests", "indexserver.py"), wheelhouse,
            "--port-file", portfile, "--log", logfile, "--delay-ms", str(delay)]
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=bench.env0)
    out.close()
    for _ in range(200):
        if os.path.exists(portfile) and os.path.getsize(portfile) > 0:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        raise BenchError("the index server %s did not start" % name)
    if proc.poll() is not None:
        raise BenchError("the index server %s exited: %s" % (name, open(bench.data("index-%s.out" % name)).read()))
    port = int(open(portfile).read().strip())
    open(logfile, "a").close()
    log("  index %s on 127.0.0.1:%d (%d ms per request)" % (name, port, delay))
    return dict(proc=proc, url="http://127.0.0.1:%d/simple/" % port, log=logfile, port=port, delay=delay)


def stop_servers(servers):
    for s in servers.values():
        if s["proc"].poll() is None:
            s["proc"].terminate()
            try:
                s["proc"].wait(5)
            except subprocess.TimeoutExpired:
                s["proc"].kill()
                s["proc"].wait()


def close(bench):
    stop_servers(getattr(bench, "servers8", {}))


def index_env(bench, url):
    """The environment of a case that goes through the index at URL: no wheelhouse, no pip cache,
    no proxy (nothing may leave 127.0.0.1)."""
    env = dict(bench.env)
    for k in list(env):
        if k.lower() in ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy") or k in ("PIP_NO_INDEX",
                                                                                       "PIP_FIND_LINKS"):
            del env[k]
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    env["PIP_INDEX_URL"] = url
    env["PIP_NO_CACHE_DIR"] = "1"
    return env


def segments(path):
    """The lines of PATH after each "MARK ROW" line, by ROW: {row: [[lines of one run], ...]}.
    Only what follows the last "MARK setup" (the runs before it primed the caches)."""
    out = {}
    cur = None
    with open(path) as f:
        for line in f.read().splitlines():
            if line == "MARK setup":
                out, cur = {}, None
            elif line.startswith("MARK "):
                cur = []
                out.setdefault(line[5:], []).append(cur)
            elif cur is not None:
                cur.append(line)
    return out


def count(bench, rows, logfile, tracefile):
    """Per row: pip runs, fetches and HTTP requests (pip's, venvmk's) per run, from the segments;
    and the largest number of requests in one run."""
    logs, traces = segments(logfile), segments(tracefile)
    for r in rows:
        rid = r["id"]
        ls, ts = logs.get(rid, []), traces.get(rid, [])
        n = len(ls) or 1
        pip = sum(1 for s in ls for l in s if l.split()[-1].startswith("pip/"))
        vm = sum(1 for s in ls for l in s if l.split()[-1].startswith("venvmk/"))
        total = sum(len(s) for s in ls)
        r["counted_runs"] = len(ls)
        r["requests"] = total / n
        r["requests_pip"] = pip / n
        r["requests_venvmk"] = vm / n
        r["requests_max"] = max([len(s) for s in ls] or [0])
        if r["kind"] == "venvmk":
            r["pip_runs"] = sum(1 for s in ts for l in s if " -m pip install" in l) / (len(ts) or 1)
            r["fetches"] = sum(1 for s in ts for l in s if "venvmk-fetch" in l) / (len(ts) or 1)
        r["requests_cell"] = "%g (pip %g, venvmk %g)" % (r["requests"], r["requests_pip"], r["requests_venvmk"]) \
            if r["requests"] else "0"


def rows_for(bench, srv, key):
    vm = bench.venvmk
    c8 = bench.p("c8")
    logf, tracef = srv["log"], bench.tracefile(key)
    prep = lambda rid, *paths: ["sh", bench.p("prep8.sh"), logf, tracef, rid] + list(paths)
    rm = ("env", "env.venvmk")
    new, interp = bench.p("cache-8new"), bench.p("cache-8interp")
    sync = ["--dir", "env", "-r", "requirements.txt", "sync"]
    return [
        dict(name=D, id="d", cmd=["sh", "venv_pip.sh"], prepare=prep("d", *rm), kind="other", pip_runs=1, creates=1),
        dict(name=E, id="e", cmd=[os.path.join(c8, "dryenv/bin/python"), "-m", "pip", "install",
                                  "--disable-pip-version-check", "--no-input", "-q", "--dry-run", "--ignore-installed",
                                  "--report", "/dev/null", "-r", "requirements.txt"],
             prepare=prep("e"), kind="floor", pip_runs=1),
        dict(name=A, id="a", cmd=[vm, "--cache-dir=" + new] + sync, prepare=prep("a", *(rm + (new,))),
             base=D, also=[E], kind="venvmk"),
        dict(name=A2, id="a2", cmd=[vm, "--cache-dir=" + interp] + sync,
             prepare=prep("a2", *(rm + tuple(os.path.join(interp, x) for x in ("reports", "wheels", "tmp")))),
             base=D, also=[E], kind="venvmk"),
        # Both recreates start through env(1), so that they pay the same extra exec: (c) must unset
        # the index URL and name the wheelhouse; (b) sets the URL it already has.
        dict(name=C, id="c", cmd=["env", "-u", "PIP_INDEX_URL", "PIP_NO_INDEX=1", "PIP_FIND_LINKS=" + bench.wh,
                                  vm] + sync, prepare=prep("c", *rm), kind="venvmk", ref=True),
        dict(name=B, id="b", cmd=["env", "PIP_INDEX_URL=" + srv["url"], vm] + sync, prepare=prep("b", *rm),
             base=C, also=[D], kind="venvmk"),
    ]


def run(bench):
    npk = npkgs(bench)
    for d in bench.size["delays"]:
        srv = bench.servers8[d]
        key = "8-%dms" % d
        env = index_env(bench, srv["url"])
        c8 = bench.p("c8")
        rows = rows_for(bench, srv, key)
        byid = {r["id"]: r for r in rows}
        # Seen before: (b) and (c) synced once each (a first sync through the index and one from
        # the wheelhouse, into the shared cache); (a') once, for its interpreter facts.
        for rid in ("b", "c", "a2"):
            bench.traced(byid[rid], c8, env)
        t = bench.tally(bench.traced(byid["b"], c8, env))
        bench.premise(t["pips"] == 0, "case 8 (%d ms): a recreate of a seen fingerprint started %d pips before the "
                      "timing" % (d, t["pips"]))
        with open(srv["log"], "a") as f:
            f.write("MARK setup\n")
        g = bench.hyperfine(key, "%d wheels through a package index, %d ms per request" % (npk, d), rows, c8,
                            bench.size["index"], env=env, trace=True, flush=True)
        g["delay_ms"] = d
        count(bench, rows, srv["log"], bench.tracefile(key))
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        for r in rows:
            bench.premise(r["counted_runs"] == n, "case 8 (%d ms): %s: %d marked runs, expected %d" % (
                d, r["name"], r["counted_runs"], n))
        for rid in ("b", "c"):
            r = byid[rid]
            bench.premise(r["requests_max"] == 0 and r["pip_runs"] == 0 and not r.get("fetches"),
                          "case 8 (%d ms): %s made %g requests and started %g pips and %g fetches per run "
                          "(expected none)" % (d, r["name"], r["requests"], r["pip_runs"], r.get("fetches") or 0))
        for rid in ("a", "a2"):
            r = byid[rid]
            bench.premise(r["pip_runs"] == 1 and r["requests_venvmk"] > 0,
                          "case 8 (%d ms): %s started %g pips per run and venvmk made %g requests (expected one "
                          "dry run, and venvmk's own downloads)" % (d, r["name"], r["pip_runs"],
                                                                   r["requests_venvmk"]))
        # the last row timed is (b): its env holds every package, and the console script runs
        bench.has_pkgs(os.path.join(c8, "env"), "case 8 (%d ms, recreate)" % d, n=bench.size["pkgs"],
                       names=["hello_cli"])
        p = bench.run([os.path.join(c8, "env/bin/hello")], check=False)
        bench.premise(p.returncode == 0, "case 8 (%d ms): env/bin/hello does not run: %s" % (d, p.stdout.strip()))


def targets(bench, judge):
    t = []
    gs = [g for g in bench.groups if g["key"].startswith("8-")]
    if not gs:
        return t
    parts, ok = [], True
    for g in gs:
        b, c = bench.row(g["key"], B), bench.row(g["key"], C)
        ratio = b["median"] / c["median"]
        clean = b["requests_max"] == 0 and b["pip_runs"] == 0
        ok = ok and clean and ratio <= 1.5
        parts.append("at %d ms: %s vs %s from the wheelhouse, %s; %g pip runs, %g requests per run" % (
            g["delay_ms"], fmt_time(b["median"]), fmt_time(c["median"]), fmt_ratio(ratio), b["pip_runs"],
            b["requests"]))
    v = judge(ok)
    if not all(bench.row(g["key"], B)["requests_max"] == 0 and bench.row(g["key"], B)["pip_runs"] == 0 for g in gs):
        v = "**not met** (it went to the index or started pip)"
    t.append(("11. A recreate of a seen fingerprint through an index: 0 pip runs, 0 HTTP requests, within 1.5× "
              "the same recreate from a local wheelhouse", "; ".join(parts), v))
    g = bench.group("8-50ms")
    if g:
        a, e = bench.row("8-50ms", A), bench.row("8-50ms", E)
        a2 = bench.row("8-50ms", A2)
        t.append(("11. A first sync of %d wheels through an index at 50 ms per request costs at most pip's dry run "
                  "alone + 300 ms" % npkgs(bench),
                  "%s median (cache new); the dry run alone %s, so %+.0f ms (with the interpreter's facts cached: "
                  "%s, %+.0f ms); venvmk's own requests: %g per sync" % (
                      fmt_time(a["median"]), fmt_time(e["median"]), (a["median"] - e["median"]) * 1e3,
                      fmt_time(a2["median"]), (a2["median"] - e["median"]) * 1e3, a["requests_venvmk"]),
                  judge(a["median"] <= e["median"] + 0.3)))
    return t


def report(bench, w):
    gs = [g for g in bench.groups if g["key"].startswith("8-")]
    if not gs:
        return
    npk = npkgs(bench)
    w("## 8. Through a package index (issue 11)\n")
    w("The test index server (`tests/indexserver.py`, standard library, 127.0.0.1 only) serves the wheelhouse as "
      "a PEP 503/691 index with PEP 658 metadata files: once with no delay, once waiting 50 ms before every "
      "response (a distant index). `requirements.txt` pins %d wheels (`benchpkg01` to `benchpkg%02d` and "
      "`hello-cli`). Every row runs with `PIP_INDEX_URL` naming that server and `PIP_NO_CACHE_DIR=1` (pip's cache "
      "cold), with no proxy. The rows:\n" % (npk, bench.size["pkgs"]))
    w("- *%s*: `venvmk --cache-dir=$BENCH/cache-8new --dir env -r requirements.txt sync`, the cache dir removed "
      "before each run (`VENVMK_CACHE_DIR` fresh): venvmk asks the interpreter for its facts, runs pip's dry run, "
      "then fetches the wheels itself (`venvmk-fetch`, many at once) into its cache and links them." % A)
    w("- *%s*: the same with a cache whose `reports/`, `wheels/` and `tmp/` are removed before each run, but "
      "whose interpreter facts are kept (any second project on the machine)." % A2)
    w("- *%s*: the env and `env.venvmk/` removed, the shared cache kept: a `make clean`, a branch switched back, a "
      "second worktree. Its report (with the index URLs) and its wheels are cached, so venvmk neither starts pip "
      "nor goes to the index." % B)
    w("- *%s*: the same recreate with `PIP_NO_INDEX=1 PIP_FIND_LINKS=$BENCH/wheels` instead of the index (another "
      "fingerprint, seen before too): what the target compares with. Both recreates start through `env(1)`, so "
      "both pay the same extra exec." % C)
    w("- *%s*: `python3 -m venv env && env/bin/pip install -r requirements.txt` (`venv_pip.sh`), what people "
      "write by hand." % D)
    w("- *%s*: `dryenv/bin/python -m pip install --disable-pip-version-check --no-input -q --dry-run "
      "--ignore-installed --report /dev/null -r requirements.txt` in an existing env: the resolve alone, which "
      "every first sync pays for.\n" % E)
    w("The request and pip columns are counted over every run, warm-ups included: each row's `--prepare` appends "
      "a marker line to the server's log (one line per request, ending with the User-Agent: `pip/…` or "
      "`venvmk/…`) and to `VENVMK_TRACE` (one line per command venvmk starts; pip runs are its ` -m pip install` "
      "lines). The pip runs of the two pip rows are their own command. After the runs the last env (a recreate "
      "through the index) held all %d packages and its `hello` console script ran.\n" % npk)
    for g in gs:
        w("### %d ms per request\n" % g["delay_ms"])
        w(bench.table(g, cols=("median", "range", "ratio", "pipsrun", "requests")))


def inputs(bench):
    if not any(g["key"].startswith("8-") for g in bench.groups):
        return []
    return ["- **Case 8** pins `benchpkg01` to `benchpkg%02d` and `hello-cli==1.0` in one file; the test index "
            "(`tests/indexserver.py $BENCH/wheels --delay-ms N --log FILE`) serves the same wheelhouse." % (
                bench.size["pkgs"])]
