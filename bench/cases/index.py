"""Case 8 (issue 11): through a package index.  The test index (tests/indexserver.py) serves the
bench wheelhouse on 127.0.0.1, once with no delay and once with 50 ms per request; pip's cache
is off (PIP_NO_CACHE_DIR=1) in every row.  31 wheels (benchpkg01..30 and hello-cli):

    a   venvmk's first sync through the index, its cache new (removed before each run)
    a2  the same with the interpreter's facts and pip's seed cached (the cache a copy of a template
        made by syncing an env with no requirements): a new project on a machine that used venvmk
        before
    a3  a2 with VENVMK_RESOLVE=dry-run: pip's dry run, then venvmk's own downloader (venvmk-fetch)
    b   venvmk's recreate of a fingerprint seen before (env removed, cache kept): no pip, no request
    c   the same recreate from a local wheelhouse (PIP_NO_INDEX=1, PIP_FIND_LINKS), for comparison
    d   `python3 -m venv env && env/bin/pip install -r requirements.txt` through the index
    e   pip's dry run alone, in an existing env, with the arguments venvmk gives it

Rows a and a2 take venvmk's default way to resolve (VENVMK_RESOLVE=auto): with a pip older than
25.3 that is `pip download -d` into the cache's tmp dir, whose files venvmk keeps, so each wheel
crosses the network once; a3 forces the old way, in which pip's dry run downloads each wheel and
venvmk downloads it again.

Each row's --prepare writes a marker line into the server's log and into VENVMK_TRACE, so the
requests (by User-Agent: pip's or venvmk's), the downloads of each wheel file and the pip runs of
every run, warm-ups included, are counted per row."""

import collections
import os
import subprocess
import time

from common import REPO, BenchError, fmt_ratio, fmt_time, log

KEY = "index"
TITLE = "8. through a package index at 0 and 50 ms per request (issue 11)"

A = "venvmk, first sync (cache new)"
A2 = "venvmk, first sync (interpreter facts and pip seed cached)"
A3 = "venvmk, first sync, dry run + venvmk's downloader (VENVMK_RESOLVE=dry-run)"
B = "venvmk, recreate of a seen fingerprint (index)"
C = "venvmk, recreate of a seen fingerprint (local wheelhouse)"
D = "python3 -m venv + pip install -r (index)"
E = "pip's dry run alone, in an existing env (index)"
IDS = {A: "a", A2: "a2", A3: "a3", B: "b", C: "c", D: "d", E: "e"}


def npkgs(bench):
    return bench.size["pkgs"] + 1


def setup(bench):
    bench.servers8 = {}
    reqs = "".join("benchpkg%02d==1.0\n" % i for i in range(1, bench.size["pkgs"] + 1)) + "hello-cli==1.0\n"
    bench.write("c8/requirements.txt", reqs)
    bench.write("c8/venv_pip.sh", "set -e\npython3 -m venv env\nenv/bin/pip install -r requirements.txt\n")
    # prep8.sh LOG TRACE ROW [--template TEMPLATE CACHE] [PATH...]: the marker lines, then CACHE
    # made a copy of TEMPLATE, then the removals.  It first waits 50 ms, so that the server has
    # logged the last request of the run before (it logs once the body is sent, and the client may
    # have exited by then).
    bench.write("prep8.sh", "# mark the start of ROW's next run in the index log and venvmk's trace, then\n"
                "# (--template) make CACHE a copy of TEMPLATE, then rm\n"
                "sleep 0.05\nlog=$1 trace=$2 row=$3\nshift 3\necho \"MARK $row\" >>\"$log\"\n"
                "echo \"MARK $row\" >>\"$trace\"\n"
                "if [ \"$1\" = --template ]; then\n\trm -rf \"$3\" && cp -a \"$2\" \"$3\" || exit 1\n\tshift 3\nfi\n"
                "rm -rf \"$@\"\n")
    for d in bench.size["delays"]:
        bench.servers8[d] = start_server(bench, bench.wh, "8-%dms" % d, d)
    for name in ("cache-8new", "cache-8a2", "cache-8a3"):
        os.makedirs(bench.p(name), exist_ok=True)
    # The existing env pip's dry run alone runs in (pip seeded, from the wheelhouse); and the
    # template cache of "a new project on a machine that used venvmk before" (cases 8 and 9): the
    # interpreter's facts and pip's seed (pip and setuptools unpacked under wheels/), no report
    # and no other wheel.  Its env, seedenv, is not used again.
    return [bench.task("c8 dry-run env", [bench.venvmk, "-q", "--dir", "dryenv", "--no-requirements", "sync"], "c8",
                       bench.env),
            bench.task("the seed cache", [bench.venvmk, "-q", "--cache-dir=" + seed_cache(bench), "--dir", "seedenv",
                                          "--no-requirements", "sync"], "c8", bench.env)]


def seed_cache(bench):
    """The template cache: the interpreter's facts and pip's seed only (made in setup)."""
    return bench.p("cache-seed")


def seeded(bench, cache):
    """prep8.sh's arguments that make CACHE a copy of the seed cache."""
    return ("--template", seed_cache(bench), cache)


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


def wheel_gets(lines):
    """The wheel files GET in one run's log LINES ("METHOD TARGET STATUS AGENT"), with how many
    times each: {"/files/NAME.whl": n}."""
    return collections.Counter(l.split()[1] for l in lines
                               if l.startswith("GET ") and l.split()[1].endswith(".whl"))


def count(bench, rows, logfile, tracefile):
    """Per row: pip runs (install or download), pip downloads, fetches and HTTP requests (pip's,
    venvmk's) per run, from the segments; the largest number of requests in one run; the wheel
    files GET per run, and per run the fewest distinct wheel files and the most GETs of one."""
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
        r["not_modified"] = sum(1 for s in ls for l in s if l.split()[-2:-1] == ["304"]) / n
        gets = [wheel_gets(s) for s in ls]
        r["wheel_gets"] = sum(sum(c.values()) for c in gets) / n
        r["wheel_files_min"] = min([len(c) for c in gets] or [0])
        r["wheel_gets_max"] = max([max(c.values()) for c in gets if c] or [0])
        if r["kind"] == "venvmk":
            pips = [l for s in ts for l in s if " -m pip install" in l or " -m pip download" in l]
            r["pip_runs"] = len(pips) / (len(ts) or 1)
            r["pip_downloads"] = sum(1 for l in pips if " -m pip download" in l) / (len(ts) or 1)
            r["fetches"] = sum(1 for s in ts for l in s if "venvmk-fetch" in l) / (len(ts) or 1)
        r["requests_cell"] = "%g (pip %g, venvmk %g)" % (r["requests"], r["requests_pip"], r["requests_venvmk"]) \
            if r["requests"] else "0"


def rows_for(bench, srv, key):
    vm = bench.venvmk
    c8 = bench.p("c8")
    logf, tracef = srv["log"], bench.tracefile(key)
    prep = lambda rid, *paths: ["sh", bench.p("prep8.sh"), logf, tracef, rid] + list(paths)
    rm = ("env", "env.venvmk")
    new, a2, a3 = bench.p("cache-8new"), bench.p("cache-8a2"), bench.p("cache-8a3")
    sync = ["--dir", "env", "-r", "requirements.txt", "sync"]
    return [
        dict(name=D, id="d", cmd=["sh", "venv_pip.sh"], prepare=prep("d", *rm), kind="other", pip_runs=1, creates=1),
        dict(name=E, id="e", cmd=[os.path.join(c8, "dryenv/bin/python"), "-m", "pip", "install",
                                  "--disable-pip-version-check", "--no-input", "-q", "--dry-run", "--ignore-installed",
                                  "--report", "/dev/null", "-r", "requirements.txt"],
             prepare=prep("e"), kind="floor", pip_runs=1),
        dict(name=A, id="a", cmd=[vm, "--cache-dir=" + new] + sync, prepare=prep("a", *(rm + (new,))),
             base=D, also=[E], kind="venvmk"),
        # a2 and a3 differ in VENVMK_RESOLVE only, both set through env(1) so that both pay its exec
        # (auto is the default: pip download with these pips).
        dict(name=A2, id="a2", cmd=["env", "VENVMK_RESOLVE=auto", vm, "--cache-dir=" + a2] + sync,
             prepare=prep("a2", *(seeded(bench, a2) + rm)), base=D, also=[E], kind="venvmk"),
        dict(name=A3, id="a3", cmd=["env", "VENVMK_RESOLVE=dry-run", vm, "--cache-dir=" + a3] + sync,
             prepare=prep("a3", *(seeded(bench, a3) + rm)), base=D, also=[E, A2], kind="venvmk"),
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
        # the wheelhouse, into the shared cache).  a2 and a3 start from the seed cache.
        for rid in ("b", "c"):
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
        # The default (a, a2): one pip run, pip download, which makes every request and GETs each
        # wheel file once; venvmk none.  The dry run (a3): one pip run, then venvmk's downloads.
        for rid in ("a", "a2"):
            r = byid[rid]
            bench.premise(r["pip_runs"] == 1 and r["requests_venvmk"] == 0 and r["wheel_files_min"] == npk
                          and r["wheel_gets_max"] == 1,
                          "case 8 (%d ms): %s started %g pips per run, venvmk made %g requests, and a run GET "
                          "as few as %d of the %d wheel files and one of them up to %d times (expected one pip "
                          "run, no request of venvmk's, each wheel file once)" % (
                              d, r["name"], r["pip_runs"], r["requests_venvmk"], r["wheel_files_min"], npk,
                              r["wheel_gets_max"]))
        r = byid["a3"]
        bench.premise(r["pip_runs"] == 1 and r["pip_downloads"] == 0 and r["requests_venvmk"] > 0,
                      "case 8 (%d ms): %s started %g pips per run (%g pip downloads) and venvmk made %g requests "
                      "(expected one dry run, and venvmk's own downloads)" % (
                          d, r["name"], r["pip_runs"], r["pip_downloads"], r["requests_venvmk"]))
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
        a, a2, a3, e = (bench.row("8-50ms", x) for x in (A, A2, A3, E))
        ms = lambda r: "%+.0f ms" % ((r["median"] - e["median"]) * 1e3)
        t.append(("11. A first sync of %d wheels through an index at 50 ms per request, on a machine that used "
                  "venvmk before (interpreter facts and pip seed cached), costs at most pip's dry run alone + 300 ms"
                  % npkgs(bench),
                  "%s median (pip download); the dry run alone %s, so %s; with the dry run + venvmk's downloader "
                  "%s (%s); cache new %s (%s); requests of venvmk's %g and %g, wheel downloads %g and %g per sync "
                  "(pip download, dry run)" % (
                      fmt_time(a2["median"]), fmt_time(e["median"]), ms(a2), fmt_time(a3["median"]), ms(a3),
                      fmt_time(a["median"]), ms(a), a2["requests_venvmk"], a3["requests_venvmk"], a2["wheel_gets"],
                      a3["wheel_gets"]),
                  judge(a2["median"] <= e["median"] + 0.3)))
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
      "before each run: venvmk asks the interpreter for its facts, unpacks pip and setuptools from the "
      "interpreter's ensurepip wheels (their bytecode taken from the interpreter's own pip and setuptools, checked byte for byte), and resolves the way it does by default "
      "(`VENVMK_RESOLVE=auto`): this env's pip is older than 25.3, whose dry run downloads every wheel and throws "
      "it away, so venvmk runs `env/bin/python -m pip download -d` into its cache's `tmp/` instead, hashes the "
      "files pip downloaded, keeps them in its cache, makes the report the dry run would have given, and links "
      "the wheels. pip makes every request, and each wheel crosses the network once." % A)
    w("- *%s*: the same in a cache that knows the interpreter and holds pip's seed: a new project on a machine "
      "that used venvmk before. Setup made a template cache by syncing an env with no requirements (`venvmk "
      "--cache-dir=$BENCH/cache-seed --dir seedenv --no-requirements sync`: the interpreter's facts, pip and "
      "setuptools unpacked under `wheels/`, no report, no other wheel); each run's `--prepare` makes "
      "`$BENCH/cache-8a2` a fresh copy of it (`rm -rf` and `cp -a`, untimed). Only this project's report and "
      "wheels are new. It runs as `env VENVMK_RESOLVE=auto venvmk …` (the default, set through `env(1)` so that "
      "it pays the same extra exec as the next row)." % A2)
    w("- *%s*: the same as *%s* with `env VENVMK_RESOLVE=dry-run` (and its own copy of the template, "
      "`$BENCH/cache-8a3`): venvmk's way before pip download, which it still takes when the inputs rule `pip "
      "download` out (an editable, a direct reference, a pip argument `download` does not share). pip's dry run "
      "(`pip install --dry-run --ignore-installed --report`) downloads each wheel to read nothing more from it; "
      "venvmk then fetches the wheels again itself (`venvmk-fetch`, many at once) into its cache. The two rows "
      "side by side answer which of the two is faster." % (A3, A2))
    w("- *%s*: the env and `env.venvmk/` removed, the shared cache kept: a `make clean`, a branch switched back, a "
      "second worktree. Its report (with the index URLs) and its wheels are cached, so venvmk neither starts pip "
      "nor goes to the index." % B)
    w("- *%s*: the same recreate with `PIP_NO_INDEX=1 PIP_FIND_LINKS=$BENCH/wheels` instead of the index (another "
      "fingerprint, seen before too): what the target compares with. Both recreates start through `env(1)`, so "
      "both pay the same extra exec." % C)
    w("- *%s*: `python3 -m venv env && env/bin/pip install -r requirements.txt` (`venv_pip.sh`), what people "
      "write by hand." % D)
    w("- *%s*: `dryenv/bin/python -m pip install --disable-pip-version-check --no-input -q --dry-run "
      "--ignore-installed --report /dev/null -r requirements.txt` in an existing env: the resolve alone. With "
      "this pip it downloads every wheel too, as `pip download` does: what either way of resolving pays for "
      "before venvmk links anything.\n" % E)
    w("The request, wheel and pip columns are counted over every run, warm-ups included: each row's `--prepare` "
      "appends a marker line to the server's log (one line per request, `GET /files/NAME.whl 200 pip/…`, ending "
      "with the User-Agent: `pip/…` or `venvmk/…`) and to `VENVMK_TRACE` (one line per command venvmk starts; pip "
      "runs are its ` -m pip install` and ` -m pip download` lines). *Wheel downloads* counts the `GET`s of "
      "`/files/….whl` (not of the `.whl.metadata` files), whoever made them. The pip runs of the two pip rows are "
      "their own command.%s After the runs the last env (a recreate through the index) held all %d packages and "
      "its `hello` console script ran.\n" % (held(bench, gs), npk))
    for g in gs:
        w("### %d ms per request\n" % g["delay_ms"])
        w(bench.table(g, cols=("median", "range", "ratio", "pipsrun", "requests", "wheels")))


def held(bench, gs):
    """What the counts of a, a2 and a3 showed in every group of GS, said when it was what they
    should show (else the Problems section says what they were)."""
    rows = lambda rid: [r for g in gs for r in g["rows"] if r.get("id") == rid]
    dl = all(r["pip_runs"] == 1 and r["requests_venvmk"] == 0 and r["wheel_files_min"] == npkgs(bench)
             and r["wheel_gets_max"] == 1 for r in rows("a") + rows("a2"))
    dry = all(r["pip_runs"] == 1 and r["pip_downloads"] == 0 and r["requests_venvmk"] > 0 for r in rows("a3"))
    text = ""
    if dl:
        text += " In every run of *%s* and *%s* pip ran once (`pip download`), venvmk made no request, and each " \
                "of the %d wheel files was downloaded exactly once." % (A, A2, npkgs(bench))
    if dry:
        text += " In every run of *%s* pip ran once (the dry run) and venvmk made requests of its own." % A3
    return text


def inputs(bench):
    if not any(g["key"].startswith("8-") for g in bench.groups):
        return []
    return ["- **Case 8** pins `benchpkg01` to `benchpkg%02d` and `hello-cli==1.0` in one file; the test index "
            "(`tests/indexserver.py $BENCH/wheels --delay-ms N --log FILE`) serves the same wheelhouse." % (
                bench.size["pkgs"])]
