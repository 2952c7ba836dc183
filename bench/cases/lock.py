"""Case 9 (issue 13): a pylock.toml installed with no pip.  Skipped, with a note in the report,
when this venvmk has no `--lock` (or a trial lock sync fails).

    9a  a 35-wheel lock whose wheels are in the cache, a new env and a new fingerprint each run
        (the lock takes a different 35 of 60 packages each time), against
        `python -m venv --without-pip` alone
    9b  the same kind of lock from the test index at 50 ms per request, pip's cache off, against
        `python3 -m venv && pip install --require-hashes -r` of the same pins; venvmk's cache new,
        or a copy of case 8's seed cache (the interpreter's facts and pip's seed: a new project on
        a machine that used venvmk before)

The lock names each wheel by its URL on the test index (tests/indexserver.py serving the
60-package wheelhouse), with its size and sha256."""

import os

from common import fmt_ratio, fmt_time, log
from . import index

KEY = "lock"
TITLE = "9. lock files: a 35-wheel pylock.toml, cached and from the index at 50 ms (issue 13)"
NEEDS = ("index",)      # its prep8.sh, its seed cache, and the request counting
LOCKED = 35
POOL = 60

V0 = "python3 -m venv --without-pip"
L9 = "venvmk --lock (wheels cached, new fingerprint)"
L9N = "venvmk --lock --no-pip (wheels cached, new fingerprint)"
P9 = "python3 -m venv + pip install --require-hashes -r (index)"
LC = "venvmk --lock, first sync (cache new)"
LI = "venvmk --lock, first sync (interpreter facts and pip seed cached)"
LD = "venvmk --lock, first sync (cache new), Debian's python3.11"
PYDEB = "/usr/bin/python3.11"


def wheel(name):
    return "%s-1.0-py3-none-any.whl" % name


def pylock(bench, names, base_url):
    text = ['# a lock of %d packages, written by bench/cases/lock.py' % len(names),
            'lock-version = "1.0"', 'created-by = "venvmk bench"', 'requires-python = ">=3.8"']
    for n in names:
        f = os.path.join(bench.wh60, wheel(n))
        text += ['', '[[packages]]', 'name = "%s"' % n, 'version = "1.0"', '',
                 '[[packages.wheels]]', 'name = "%s"' % wheel(n), 'url = "%s%s"' % (base_url, wheel(n)),
                 'size = %d' % os.path.getsize(f), 'hashes = {sha256 = "%s"}' % bench.wheel_sha256(n, wh=bench.wh60)]
    return "\n".join(text) + "\n"


def window(k):
    return ["benchpkg%02d" % ((k + j) % POOL + 1) for j in range(LOCKED)]


def supported(bench):
    p = bench.run([bench.venvmk, "--help"], check=False)
    return "--lock" in (p.stdout or "")


def setup(bench):
    bench.lock_skip = None
    if not supported(bench):
        bench.lock_skip = "this venvmk has no `--lock` (`venvmk --help` does not name it)"
        return []
    delay = bench.size["lock_delay"]
    srv = bench.server9 = index.start_server(bench, bench.wh60, "9-%dms" % delay, delay)
    files = srv["url"].replace("/simple/", "/files/")
    # 9a: POOL locks of LOCKED packages each, a window moved by one package from one lock to the
    # next, so that every run syncs a fingerprint never seen; lock-all.toml fills the cache first.
    for k in range(POOL):
        bench.write("c9a/locks/lock-%02d.toml" % k, pylock(bench, window(k), files))
    bench.write("c9a/lock-all.toml", pylock(bench, ["benchpkg%02d" % i for i in range(1, POOL + 1)], files))
    bench.write("c9a/counter", "0\n")
    bench.write("c9a/nextlock.sh", "# the next lock (a new fingerprint), then a new env\n"
                "n=$(cat counter)\necho $((n + 1)) >counter\ncp locks/lock-$(printf %%02d $((n %% %d))).toml "
                "pylock.toml\nrm -rf env env.venvmk\n" % POOL)
    bench.write("c9a/pylock.toml", pylock(bench, window(POOL - 1), files))
    # 9b: one lock, and the same pins with hashes for pip
    bench.write("c9b/pylock.toml", pylock(bench, window(0), files))
    bench.write("c9b/pins.txt", "".join("%s==1.0 --hash=sha256:%s\n" % (n, bench.wheel_sha256(n, wh=bench.wh60))
                                        for n in window(0)))
    bench.write("c9b/venv_pip_hashes.sh", "set -e\npython3 -m venv env\n"
                "env/bin/pip install --require-hashes -r pins.txt\n")
    for name in ("cache-9new", "cache-9seed", "cache-9deb"):
        os.makedirs(bench.p(name), exist_ok=True)
    return []


def close(bench):
    if getattr(bench, "server9", None):
        index.stop_servers({0: bench.server9})


def skip(bench):
    if bench.lock_skip:
        bench.skipped.append(("9 (lock files)", bench.lock_skip))
        log("\n== 9: skipped: %s" % bench.lock_skip)
        return True
    return False


def run(bench):
    if bench.lock_skip is None:
        # a trial: the lock of all POOL packages, into the shared cache (this fills it for 9a)
        env = index.index_env(bench, bench.server9["url"])
        p = bench.run([bench.venvmk, "--dir", "prime", "--lock", "lock-all.toml", "sync"], bench.p("c9a"), env,
                      check=False)
        if p.returncode != 0:
            bench.lock_skip = "`venvmk --lock lock-all.toml sync` failed (exit %d): %s" % (
                p.returncode, " ".join(p.stdout.strip().splitlines()[-3:])[:400])
    if skip(bench):
        return
    run9a(bench)
    run9b(bench)


def run9a(bench):
    vm = bench.venvmk
    srv = bench.server9
    env = index.index_env(bench, srv["url"])
    c9a = bench.p("c9a")
    real = os.path.basename(bench.pyreal)
    R0 = "%s -m venv --without-pip (real path)" % real
    rm = ["rm", "-rf", "env", "env.venvmk"]
    nxt = ["sh", "nextlock.sh"]
    rows = [
        dict(name=R0, cmd=[bench.pyreal, "-m", "venv", "--without-pip", "env"], prepare=rm, kind="other"),
        dict(name=V0, cmd=["python3", "-m", "venv", "--without-pip", "env"], prepare=rm, base=R0, kind="other"),
        dict(name=L9, cmd=[vm, "--dir", "env", "--lock", "pylock.toml", "sync"], prepare=nxt, base=R0, also=[V0],
             kind="venvmk"),
        dict(name=L9N, cmd=[vm, "--dir", "env", "--no-pip", "--lock", "pylock.toml", "sync"], prepare=nxt,
             base=R0, also=[V0], kind="venvmk"),
    ]
    bench.traced(rows[2], c9a, env)
    before = os.path.getsize(srv["log"])
    g = bench.hyperfine("9a", "a %d-wheel lock, wheels cached, new env and new fingerprint" % LOCKED, rows, c9a,
                        bench.size["lock_fast"], env=env, trace=True, flush=True)
    with open(srv["log"]) as f:
        f.seek(before)
        reqs = [l for l in f.read().splitlines() if not l.startswith("MARK ")]
    n = (g["warmup"] + g["runs"]) * g["rounds"]
    t = bench.tally(g["trace"])
    # every lock sync made one native env and started nothing, not even the downloader
    bench.premise(t["native"] == 2 * n and t["procs"] == 0 and not reqs,
                  "case 9a: in %d lock syncs per row venvmk made %d native envs, started %d processes and made %d "
                  "requests (expected %d, none, none)" % (n, t["native"], t["procs"], len(reqs), 2 * n))
    for r in rows[2:]:
        r.update(pip_runs=t["pips"] / (2 * n), procs_per_run=t["procs"] / (2 * n), requests=len(reqs) / (2 * n))
    g["requests"] = len(reqs)
    with open(os.path.join(c9a, "pylock.toml")) as f:
        last = [l.split('"')[1] for l in f if l.startswith("name = \"benchpkg") and ".whl" not in l]
    # the last row timed has no pip: ask importlib.metadata
    p = bench.run([os.path.join(c9a, "env/bin/python"), "-c", "import importlib.metadata as m\n"
                   "for d in m.distributions(): print(d.metadata['Name'])"], check=False)
    got = sorted(l for l in (p.stdout or "").splitlines() if l.startswith("benchpkg"))
    bench.premise(got == sorted(last), "case 9a: the last env holds %d benchpkg packages, not the %d of its lock" % (
        len(got), len(last)))


def run9b(bench):
    vm = bench.venvmk
    srv = bench.server9
    key = "9b"
    env = index.index_env(bench, srv["url"])
    c9b = bench.p("c9b")
    logf, tracef = srv["log"], bench.tracefile(key)
    prep = lambda rid, *paths: ["sh", bench.p("prep8.sh"), logf, tracef, rid] + list(paths)
    rm = ("env", "env.venvmk")
    new, seed, deb = bench.p("cache-9new"), bench.p("cache-9seed"), bench.p("cache-9deb")
    sync = ["--dir", "env", "--lock", "pylock.toml", "sync"]
    rows = [
        dict(name=P9, id="p", cmd=["sh", "venv_pip_hashes.sh"], prepare=prep("p", *rm), kind="other", pip_runs=1),
        dict(name=LC, id="lc", cmd=[vm, "--cache-dir=" + new] + sync, prepare=prep("lc", *(rm + (new,))), base=P9,
             kind="venvmk"),
        dict(name=LI, id="li", cmd=[vm, "--cache-dir=" + seed] + sync,
             prepare=prep("li", *(index.seeded(bench, seed) + rm)), base=P9, kind="venvmk"),
    ]
    if os.access(PYDEB, os.X_OK):
        rows.append(dict(name=LD, id="ld", cmd=[vm, "--cache-dir=" + deb, "--python", PYDEB] + sync,
                         prepare=prep("ld", *(rm + (deb,))), base=P9, kind="venvmk"))
    with open(logf, "a") as f:
        f.write("MARK setup\n")
    g = bench.hyperfine(key, "the same %d-wheel lock from the index at %d ms per request, its wheels not cached" % (
        LOCKED, srv["delay"]), rows, c9b, bench.size["index"], env=env, trace=True, flush=True)
    index.count(bench, rows, logf, tracef)
    for r in rows[1:]:
        bench.premise(r["pip_runs"] == 0 and r["requests_pip"] == 0 and r["wheel_files_min"] == LOCKED
                      and r["wheel_gets_max"] == 1,
                      "case 9b: %s started %g pips and made %g requests per run (pip's %g), and a run GET as few as "
                      "%d of the %d wheel files and one of them up to %d times (expected no pip, and each wheel "
                      "file once)" % (r["name"], r["pip_runs"], r["requests"], r["requests_pip"],
                                      r["wheel_files_min"], LOCKED, r["wheel_gets_max"]))
    bench.has_pkgs(os.path.join(c9b, "env"), "case 9b", n=LOCKED)


def targets(bench, judge):
    t = []
    a = bench.row("9a", L9)
    if a:
        ok = a["ratio"] <= 1.0 and a.get("procs_per_run") == 0
        t.append(("13. A first sync of a %d-wheel lock whose wheels are cached (new env, new fingerprint) takes at "
                  "most `python -m venv --without-pip` alone, and starts no process" % LOCKED,
                  "%s median vs %s (%s -m venv --without-pip, the real path): %s; through the pyenv shim `%s` takes "
                  "%s; %g processes and %g requests per sync" % (
                      fmt_time(a["median"]), fmt_time(bench.row("9a", a["base"])["median"]),
                      os.path.basename(bench.pyreal), fmt_ratio(a["ratio"]), V0,
                      fmt_time(bench.row("9a", V0)["median"]), a.get("procs_per_run"), a.get("requests", 0)),
                  judge(ok)))
    c = bench.row("9b", LC)
    if c:
        i, d = bench.row("9b", LI), bench.row("9b", LD)
        t.append(("13. The same lock from the index at %d ms per request, caches cold (venvmk's cache new, pip's "
                  "cache off), takes at most 0.15× `python -m venv && pip install --require-hashes -r` of the same "
                  "pins" % bench.server9["delay"],
                  "%s median vs %s: %s; on a machine that used venvmk before (interpreter facts and pip seed "
                  "cached) %s (%s)%s; %g requests, %g wheel downloads and %g pip runs per sync" % (
                      fmt_time(c["median"]), fmt_time(bench.row("9b", P9)["median"]), fmt_ratio(c["ratio"]),
                      fmt_time(i["median"]), fmt_ratio(i["ratio"]),
                      "; with Debian's python3.11 %s (%s)" % (
                          fmt_time(d["median"]), fmt_ratio(d["ratio"])) if d else "",
                      c["requests"], c["wheel_gets"], c["pip_runs"]),
                  judge(c["ratio"] <= 0.15)))
    if not (a or c) and getattr(bench, "lock_skip", None) and bench.lock_skip:
        t.append(("13. Lock files (case 9)", "skipped: " + bench.lock_skip, "not measured"))
    return t


def report(bench, w):
    if getattr(bench, "lock_skip", None):
        w("## 9. Lock files (issue 13)\n")
        w("Skipped in this run: %s. The case runs as soon as `venvmk sync --lock FILE` works.\n" % bench.lock_skip)
        return
    ga, gb = bench.group("9a"), bench.group("9b")
    if not (ga or gb):
        return
    w("## 9. Lock files (issue 13)\n")
    w("A PEP 751 `pylock.toml` of %d packages, each with one wheel named by its URL on the test index (serving "
      "the wheelhouse of 60 packages, %d ms per request), its `size` and its `sha256`. venvmk installs it "
      "itself: no pip, no resolve.\n" % (LOCKED, bench.server9["delay"]))
    if ga:
        w("### 9a. The wheels in the cache: a new env and a new fingerprint each run\n")
        w("Setup synced a lock of all 60 packages once, so every wheel is in the shared cache. Each venvmk run's "
          "`--prepare` then copies the next of 60 locks, each %d packages in a window moved by one, to "
          "`pylock.toml` and removes `env` and `env.venvmk`: a fingerprint never seen, and no state. The venv "
          "rows' `--prepare` removes `env`. Over all runs the trace showed one native create per sync and no "
          "process at all, and the server logged %d requests.\n" % (LOCKED, ga.get("requests", 0)))
        w(bench.table(ga, cols=("median", "range", "ratio", "pipsrun")))
    if gb:
        w("### 9b. From the index at %d ms per request, the wheels not cached\n" % bench.server9["delay"])
        w("Three venvmk rows. *%s*: venvmk's cache is new for each run (`--cache-dir=$BENCH/cache-9new`, removed "
          "by `--prepare`), so venvmk also asks the interpreter for its facts (through the pyenv shim) and unpacks "
          "pip's seed; the seed's bytecode comes from the pip and setuptools that ensurepip installed, from the "
          "same wheels, into the interpreter's own site-packages (each module checked byte for byte), so nothing "
          "is compiled but the lock's own modules. *%s*: the same with Debian's python3.11 and its seed from "
          "`/usr/share/python-wheels`: pip's bytecode is taken from Debian's python3-pip where that is installed "
          "(`/usr/lib/python3/dist-packages`, built from the same source), and setuptools, which python3-setuptools "
          "installs with an `.egg-info`, is compiled on the CPUs the download leaves. *%s*: each run's `--prepare` makes `$BENCH/cache-9seed` a fresh copy of case 8's template cache (the "
          "interpreter's facts, pip and setuptools unpacked; no other wheel), what a new project sees on a machine "
          "that used venvmk before; only the lock's wheels are new. pip runs with `PIP_NO_CACHE_DIR=1`. Against "
          "them, `python3 -m venv env && env/bin/pip install --require-hashes -r pins.txt`, the same %d pins as "
          "`NAME==1.0 --hash=sha256:…` lines. Requests, wheel downloads and pip runs are counted per run as in "
          "case 8.\n" % (LC, LD, LI, LOCKED))
        w(bench.table(gb, cols=("median", "range", "ratio", "pipsrun", "requests", "wheels")))


def inputs(bench):
    if getattr(bench, "lock_skip", None) or not bench.group("9a"):
        return []
    return ["- **Case 9**: `pylock.toml` files written by `bench/cases/lock.py` from the `--bench 60` wheelhouse: "
            "`lock-version = \"1.0\"`, then per package `name`, `version` and one `[[packages.wheels]]` with "
            "`name`, `url` (the test index's `/files/`), `size` and `hashes = {sha256 = …}`."]
