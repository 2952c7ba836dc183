"""bench/common.py: what every case of venvmk's benchmark shares (bench/README).

The Runner holds the run: the caller's environment (bench/run passes it in a
file, VENVMK_BENCH_ENV0, so that the commands timed here see the user's PATH
and not the one a pyenv shim gave the driver), the temp dir with the
wheelhouses, the bench's own venvmk cache and the copies of venvmk and venv.mk
it times, the timing (hyperfine -N, several rounds, medians over all runs),
the premises a case checks, and the output: BENCHMARKS.md and
bench/results.json.

Each case is a module of bench/cases/ (listed in bench/cases/__init__.py) with

    KEY, TITLE          its name for --case, and a one-line description
    NEEDS               cases whose setup it uses (optional)
    setup(r)            write its inputs; return the envs to build, as
                        dicts (label, argv, dir, env[, envs]); built two at a time
    after_setup(r)      once every env is built (optional)
    run(r)              time it: r.hyperfine(...), r.premise(...)
    targets(r, judge)   rows (target, measured, verdict) for the table at the top
    report(r, w)        its section of BENCHMARKS.md
    inputs(r)           bullets for the report's Inputs section (optional)
    close(r)            stop what setup started (optional; always called)

Python 3 standard library only.
"""

import concurrent.futures
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Input sizes and run counts: (warm-up runs, runs, rounds).  "fast" cases take
# milliseconds, "mid" ones start pip or tox, "slow" ones create envs.  A round
# is one hyperfine invocation timing every command of the case; several rounds
# take turns, so a burst of load on a shared machine falls on every command.
# "native_fast" is case 7a: creates of a few milliseconds, where 20 runs cost under a second.
# "index" is case 8 (through a package index, seconds per run at 50 ms a request);
# "lock_fast" case 9a (a lock whose wheels are cached: creates of a few milliseconds).
# "resolve" is case 11 (first syncs and resolves through the index), "backtrack" its 11d (bt-a's
# and bt-b's versions after 1.0, and the runs: pip's dry run takes tens of seconds).
FULL = dict(hash_lines=2000, big_lines=10000, nested=100, envs=100, pkgs=30,
            fast=(5, 60, 5), mid=(1, 5, 3), slow=(1, 3, 2), create_fast=(1, 5, 2),
            native_fast=(2, 10, 2), count_passes=3, index=(1, 3, 2), lock_fast=(2, 10, 2),
            delays=(0, 50), lock_delay=50, linkmodes=(2, 10, 3),
            resolve=(1, 3, 2), backtrack=(160, 60), backtrack_runs=(0, 3, 1))
SMOKE = dict(hash_lines=200, big_lines=300, nested=5, envs=5, pkgs=5,
             fast=(0, 1, 1), mid=(0, 1, 1), slow=(0, 1, 1), create_fast=(0, 1, 1),
             native_fast=(0, 1, 1), count_passes=1, index=(0, 1, 1), lock_fast=(0, 1, 1),
             delays=(0,), lock_delay=0, linkmodes=(0, 1, 1),
             resolve=(0, 1, 1), backtrack=(20, 10), backtrack_runs=(0, 1, 1))


class BenchError(Exception):
    pass


def log(msg=""):
    print(msg, flush=True)


def caller_env():
    """The environment bench/run was started with."""
    path = os.environ.get("VENVMK_BENCH_ENV0")
    if path and os.path.exists(path):
        env = {}
        with open(path, "rb") as f:
            for item in f.read().split(b"\0"):
                if b"=" in item:
                    k, v = item.split(b"=", 1)
                    env[k.decode(errors="replace")] = v.decode(errors="replace")
        env.pop("VENVMK_BENCH_ENV0", None)
        return env, True
    return dict(os.environ), False


def fmt_time(t):
    if t is None:
        return "—"
    if t < 1e-3:
        return "%.0f µs" % (t * 1e6)
    if t < 0.1:
        return "%.2f ms" % (t * 1e3)
    if t < 1:
        return "%.0f ms" % (t * 1e3)
    return "%.2f s" % t


def fmt_ratio(r, faster=False):
    if r is None:
        return "—"
    if r < 1:
        text = ("%.2f×" if r >= 0.1 else "%.2g×") % r
        if faster and r < 0.5:
            text += " (%s faster)" % fmt_ratio(1 / r)
        return text
    if r >= 100:
        return "%.0f×" % r
    if r >= 10:
        return "%.1f×" % r
    return "%.2f×" % r


class Runner:
    def __init__(self, args, cases, setup_cases=None):
        self.args = args
        self.smoke = args.smoke
        self.size = SMOKE if self.smoke else FULL
        self.cases = cases      # the case modules to run, in order
        self.setup_cases = setup_cases or cases     # ... and those whose setup they need
        self.problems = []      # premises that did not hold
        self.skipped = []       # (case, why): a case that cannot run with this venvmk
        self.groups = []        # one per hyperfine invocation
        self.extra = {}         # counts and facts the report quotes
        self.inputs = {}        # case 2's inputs, by name
        self.started = time.time()
        self.env0, self.clean = caller_env()

    # ----------------------------------------------------------------- basics

    def run(self, argv, cwd=None, env=None, check=True, capture=True, timeout=None):
        env = env if env is not None else self.env
        p = subprocess.run(argv, cwd=cwd, env=env, timeout=timeout,
                           stdout=subprocess.PIPE if capture else None,
                           stderr=subprocess.STDOUT if capture else None,
                           universal_newlines=True)
        if check and p.returncode != 0:
            out = (p.stdout or "")[-3000:]
            raise BenchError("command failed (exit %d): %s\n  in %s\n%s" % (
                p.returncode, " ".join(shlex.quote(a) for a in argv), cwd or os.getcwd(), out))
        return p

    def out(self, argv, **kw):
        return self.run(argv, **kw).stdout.strip()

    def write(self, path, text, mode=None):
        path = os.path.join(self.T, path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        if mode:
            os.chmod(path, mode)
        return path

    def p(self, *parts):
        return os.path.join(self.T, *parts)

    def data(self, name):
        """The runner's own files (hyperfine's JSON, traces) go to a directory of their own: a
        new file in the temp dir itself would change the mtime of a directory venv.mk may watch
        (an ancestor of every project, where a .python-version could appear)."""
        return os.path.join(self.T, "data", name)

    def rel(self, s):
        """Show paths under the temp dir as $BENCH, and the repo as $REPO."""
        return s.replace(self.T, "$BENCH").replace(REPO, "$REPO")

    # ------------------------------------------------------------------ setup

    def find_venvmk(self):
        if self.args.venvmk:
            cand = self.args.venvmk
            if os.sep not in cand:
                cand = shutil.which(cand, path=self.env0.get("PATH")) or cand
        else:
            cand = None
            for c in (os.path.join(REPO, "_build/src/venvmk"), os.path.join(REPO, "src/venvmk")):
                if os.access(c, os.X_OK):
                    cand = c
                    break
            if not cand:
                cand = shutil.which("venvmk", path=self.env0.get("PATH"))
        if not cand or not os.access(cand, os.X_OK):
            raise BenchError("no venvmk binary: build it (cd _build && make) or pass --venvmk PATH")
        return os.path.abspath(cand)

    def make_env(self, find_links):
        env = dict(self.env0)
        if not self.clean:
            # Started without bench/run: undo what a pyenv shim added, as far as we can tell.
            for k in ("PYENV_DIR", "PYENV_HOOK_PATH", "_PYENV_INSTALL_PREFIX"):
                env.pop(k, None)
            root = env.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
            parts = env.get("PATH", "").split(":")
            while parts and (parts[0].startswith(root + "/versions/") or parts[0].startswith(root + "/libexec")
                             or parts[0].startswith(root + "/plugins/") and not parts[0].endswith("/shims")):
                parts.pop(0)
            env["PATH"] = ":".join(parts)
        for k in list(env):
            if k.startswith("PIP_") or k in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "MAKEFLAGS",
                                             "MFLAGS", "MAKELEVEL", "MAKEFILES", "GNUMAKEFLAGS",
                                             "VENVMK_TRACE", "VENVMK_CACHE_DIR", "VENVMK_RESOLVE",
                                             "VENVMK_FETCH", "TOXENV", "CONDA_PREFIX"):
                del env[k]
        # Every venvmk run gets the bench's own cache (the native backend's interpreter facts,
        # pip reports and unpacked wheels), never the user's ~/.cache/venvmk.
        if getattr(self, "cache", None):
            env["VENVMK_CACHE_DIR"] = self.cache
        env["PIP_NO_INDEX"] = "1"
        env["PIP_FIND_LINKS"] = find_links
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        # cases 1 to 10 and 13 time the paths where pip resolves, as they did before venvmk had
        # a resolver of its own; case 11 names VENVMK_RESOLVE for each of its rows
        env["VENVMK_RESOLVE"] = "pip"
        return env

    def which(self, name):
        return shutil.which(name, path=self.env["PATH"])

    def tools(self):
        for t in ("hyperfine", "make", "python3"):
            if not self.which(t):
                raise BenchError("%s not found in PATH (Debian: apt-get install %s)" % (t, t))
        self.have_virtualenv = bool(self.which("virtualenv"))
        self.have_tox = bool(self.which("tox"))
        # The interpreter: `python3` as the user's PATH gives it (a pyenv shim here),
        # and the real binary behind it, for tools that take a path.
        self.py = "python3"
        self.pyreal = self.out(["python3", "-c", "import os, sys; print(os.path.realpath(sys.executable))"])
        self.pyver = self.out([self.pyreal, "-c", "import platform; print(platform.python_version())"])
        resolved = self.which("python3")
        with open(resolved, "rb") as f:
            self.py_is_shim = f.read(2) == b"#!"
        self.py_resolved = resolved
        deb = "/usr/bin/python3"
        self.debpy = None
        if os.path.exists(deb):
            real = os.path.realpath(deb)
            if real != self.pyreal:
                self.debpy = real
                self.debver = self.out([real, "-c", "import platform; print(platform.python_version())"])

    def machine(self):
        m = {}
        cpu = "unknown"
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("model name"):
                        cpu = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        m["cpu"] = cpu
        m["cores"] = os.cpu_count()
        m["kernel"] = platform.release()
        try:
            with open("/etc/os-release") as f:
                for line in f:
                    if line.startswith("PRETTY_NAME="):
                        m["os"] = line.split("=", 1)[1].strip().strip('"')
        except OSError:
            m["os"] = platform.system()
        try:
            with open("/proc/meminfo") as f:
                kb = int(f.readline().split()[1])
                m["memory"] = "%.1f GiB" % (kb / 1048576)
        except (OSError, ValueError, IndexError):
            pass
        m["python"] = "%s (%s%s)" % (self.pyver, self.pyreal,
                                     ", via the pyenv shim %s" % self.py_resolved if self.py_is_shim else "")
        if self.debpy:
            m["debian_python"] = "%s (%s)" % (self.debver, self.debpy)
        m["pip"] = " ".join(self.out([self.pyreal, "-m", "pip", "--version"]).split()[:2]) + \
            " (bundled with that Python; `python -m venv` seeds it)"
        whl = sorted(f for f in os.listdir("/usr/share/python-wheels")) if os.path.isdir("/usr/share/python-wheels") else []
        if self.have_virtualenv:
            m["virtualenv"] = " ".join(self.out(["virtualenv", "--version"]).split()[:2])
            pipwhl = [w.split("-")[1] for w in whl if w.startswith("pip-")]
            if pipwhl:
                m["virtualenv"] += " (seeds pip %s from /usr/share/python-wheels)" % pipwhl[0]
        if self.have_tox:
            m["tox"] = self.out(["tox", "--version"]).split()[0]
        m["make"] = self.out(["make", "--version"]).splitlines()[0]
        m["hyperfine"] = self.out(["hyperfine", "--version"])
        m["venvmk"] = self.out([self.venvmk, "--version"]).splitlines()[0] + " (`%s`, sha256 %s…)" % (
            self.rel(self.venvmk_src), hashlib.sha256(open(self.venvmk, "rb").read()).hexdigest()[:12])
        try:
            head = self.out(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], env=self.env0)
            dirty = self.out(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"], env=self.env0)
            m["commit"] = head + (" plus uncommitted changes" if dirty else "")
        except (BenchError, OSError):
            pass
        m["venvmk_cache"] = "`$BENCH/cache` (`VENVMK_CACHE_DIR`, new for each run; the rows of cases 6a, 8 and 9 " \
            "that need a cache cold or only partly warm have caches of their own beside it)"
        m["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        try:
            m["load"] = "%.2f %.2f %.2f" % os.getloadavg()
        except OSError:
            pass
        return m

    # --------------------------------------------------------------- inputs

    def makefiles(self, d, stampdeps, env_dir=".venv", vm_flags=None):
        """venvmk.mk (venv.mk), stamp.mk (the usual timestamp rule), rebuild.mk (timestamp,
        but recreating the env), empty.mk (bare make), true.mk (make running one `true`).
        VM_FLAGS: a VENVMK_FLAGS line for venvmk.mk (case 6a's cold-report row: its own cache)."""
        self.write(d + "/venvmk.mk",
                   "# venv.mk: every make asks venvmk\n"
                   "VENVMK = %s\n%sinclude %s\n\nout.txt: $(VENV_STAMP)\n\ttouch $@\n" % (
                       self.venvmk, "VENVMK_FLAGS = %s\n" % vm_flags if vm_flags else "", self.venv_mk))
        deps = " ".join(stampdeps)
        self.write(d + "/stamp.mk",
                   "# The usual hand-written fragment: the stamp is newer than the requirements, or pip runs.\n"
                   "out-ts.txt: .venv-ts/stamp\n\ttouch $@\n\n"
                   ".venv-ts/stamp: %s\n\tpython3 -m venv .venv-ts\n\t.venv-ts/bin/pip install -r requirements.txt\n"
                   "\ttouch $@\n" % deps)
        self.write(d + "/stamp2.mk",
                   "# The same, with the env made once by its own rule: a change runs only pip.\n"
                   "out-ts2.txt: .venv-ts2/stamp\n\ttouch $@\n\n"
                   ".venv-ts2/bin/python:\n\tpython3 -m venv .venv-ts2\n\n"
                   ".venv-ts2/stamp: %s | .venv-ts2/bin/python\n\t.venv-ts2/bin/pip install -r requirements.txt\n"
                   "\ttouch $@\n" % deps)
        self.write(d + "/rebuild.mk",
                   "# Hand-written and correct: any change rebuilds the env from scratch.\n"
                   "out-rb.txt: .venv-rb/stamp\n\ttouch $@\n\n"
                   ".venv-rb/stamp: %s\n\trm -rf .venv-rb\n\tpython3 -m venv .venv-rb\n"
                   "\t.venv-rb/bin/pip install -r requirements.txt\n\ttouch $@\n" % deps)
        self.write(d + "/empty.mk", "# bare make: one empty rule\nall: ;\n")
        self.write(d + "/true.mk", "# make that runs one program that does nothing\nall: FORCE\n\t@true\nFORCE:\n")


    def req_small(self, d):
        """3 files, 30 lines: 2 `-r` lines and 28 pins."""
        self.write(d + "/requirements.txt", "-r base.txt\n-r dev.txt\n" +
                   "".join("benchpkg%02d==1.0\n" % i for i in range(21, 29)))
        self.write(d + "/base.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(1, 11)))
        self.write(d + "/dev.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(11, 21)))
        return ["requirements.txt", "base.txt", "dev.txt"]

    def wheel_sha256(self, name, version="1.0", wh=None):
        with open(os.path.join(wh or self.wh, "%s-%s-py3-none-any.whl" % (name, version)), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def setup(self):
        log("== setup in %s" % self.T)
        os.makedirs(self.data(""))
        self.wh = self.p("wheels")
        self.wh60 = self.p("wheels-60")
        mkwh = os.path.join(REPO, "tests", "mkwheelhouse.py")
        self.run(["python3", mkwh, self.wh, "--bench", "30"], env=self.env0)
        self.run(["python3", mkwh, self.wh60, "--bench", "60"], env=self.env0)
        # The native backend's shared cache: one for the whole run, inside the temp dir.  Cases
        # that need a cache of their own (6a's cold-report row, 8's cold rows) make it in setup.
        self.cache = self.p("cache")
        os.makedirs(self.cache)     # now, so that no later sync changes the temp dir's mtime
        self.env = self.make_env(self.wh)
        self.env60 = self.make_env(self.wh60)
        # Time copies, so that a rebuild in the tree during the run cannot mix two builds.  The
        # downloader (venvmk-fetch) goes beside the copy: venvmk looks for it next to itself.
        os.makedirs(self.p("bin"))
        shutil.copy2(self.venvmk_src, self.p("bin", "venvmk"))
        fetch = os.path.join(os.path.dirname(self.venvmk_src), "venvmk-fetch")
        if os.access(fetch, os.X_OK):
            shutil.copy2(fetch, self.p("bin", "venvmk-fetch"))
        shutil.copy2(self.venv_mk_src, self.p("venv.mk"))
        self.venvmk = self.p("bin", "venvmk")
        self.venv_mk = self.p("venv.mk")
        self.tools()
        got = self.out([self.venvmk, "cache", "dir"])
        if got != self.cache:
            raise BenchError("venvmk cache dir says %s, not the bench's %s (VENVMK_CACHE_DIR)" % (got, self.cache))

        # Each case writes its inputs and names the envs it starts from; build them two at a time.
        tasks = []
        for c in self.setup_cases:
            tasks += c.setup(self) or []
        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            futs = {ex.submit(self.run, t["argv"], self.p(t["dir"]), t["env"]): t["label"] for t in tasks}
            for fut in concurrent.futures.as_completed(futs):
                fut.result()
                log("  built %s" % futs[fut])
        # Each env once more: the first sync after a build may refresh the state.
        for t in tasks:
            if t["argv"][0] == self.venvmk or "venvmk.mk" in t["argv"]:
                self.run(t["argv"], self.p(t["dir"]), t["env"])
        for c in self.setup_cases:
            if hasattr(c, "after_setup"):
                c.after_setup(self)
        self.extra["setup_seconds"] = round(time.time() - t0, 1)
        self.extra["setup_envs"] = sum(t.get("envs", 1) for t in tasks)
        log("  setup took %.0f s" % (time.time() - t0))

    @staticmethod
    def task(label, argv, d, env, envs=1):
        """An env for setup to build: run ARGV in the project DIR with ENV (ENVS: how many it makes)."""
        return dict(label=label, argv=argv, dir=d, env=env, envs=envs)

    # ------------------------------------------------------------ hyperfine

    def hyperfine(self, key, title, rows, cwd, runs, env=None, trace=False, flush=False):
        """Time ROWS in hyperfine invocations (rounds).  A row: name, cmd (argv list), prepare
        (argv list or None), base (the row its ratio is against), also (more such rows), kind
        ('venvmk', 'other' for a tool it replaces, 'floor').  TRACE: VENVMK_TRACE=data/trace-KEY
        for every run (self.tracefile(KEY)).  FLUSH: every prepare ends with sync(1)."""
        warmup, nruns, rounds = runs
        env = dict(env or self.env)
        tracefile = None
        if trace:
            tracefile = self.tracefile(key)
            open(tracefile, "w").close()
            env["VENVMK_TRACE"] = tracefile
        jf = self.data("hf-%s.json" % key)
        argv = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(nruns),
                "--export-json", jf]
        if any(r.get("prepare") for r in rows):
            for r in rows:
                prep = " ".join(shlex.quote(a) for a in (r.get("prepare") or ["true"]))
                if flush:
                    # The create cases write and delete thousands of files.  sync(1) after the
                    # prepare flushes them, so no command is timed while the kernel writes back
                    # what the command before it (or its own prepare) left dirty.
                    prep = "sh -c %s" % shlex.quote(prep + " && sync")
                argv += ["--prepare", prep]
        for r in rows:
            argv += ["-n", r["name"]]
        for r in rows:
            argv.append(" ".join(shlex.quote(a) for a in r["cmd"]))
        try:
            load = "%.2f" % os.getloadavg()[0]
        except OSError:
            load = None
        times = [[] for _ in rows]
        for i in range(rounds):
            log("\n== %s: %s%s" % (key, title, " (round %d of %d)" % (i + 1, rounds) if rounds > 1 else ""))
            p = subprocess.run(argv, cwd=cwd, env=env, universal_newlines=True)
            if p.returncode != 0:
                self.diagnose(rows, cwd, env)
                raise BenchError("%s: hyperfine failed (exit %d)" % (key, p.returncode))
            with open(jf) as f:
                data = json.load(f)["results"]
            for t, d in zip(times, data):
                t.extend(d["times"])
        try:
            end = "%.2f" % os.getloadavg()[0]
            load = (load if end == load else "%s–%s" % (load, end)) if load else None
        except OSError:
            pass
        byname = {}
        for r, t in zip(rows, times):
            r.update(median=statistics.median(t), min=min(t), max=max(t), mean=statistics.mean(t),
                     stddev=statistics.stdev(t) if len(t) > 1 else None, runs=len(t), warmup=warmup,
                     times=t)
            byname[r["name"]] = r
        for r in rows:
            b = r.get("base")
            r["ratio"] = r["median"] / byname[b]["median"] if b else None
            r["also_ratios"] = [(a, r["median"] / byname[a]["median"]) for a in r.get("also", [])]
        shown = list(argv)
        shown[shown.index(jf)] = "hf-%s.json" % key
        g = dict(key=key, title=title, cwd=cwd, rows=rows, warmup=warmup, runs=nruns, rounds=rounds,
                 hyperfine=shown, load=load)
        if tracefile:
            with open(tracefile) as f:
                g["trace"] = f.read().splitlines()
        self.groups.append(g)
        return g

    def tracefile(self, key):
        return self.data("trace-%s" % key)

    def diagnose(self, rows, cwd, env):
        """After a hyperfine failure: run each row once to show which one fails and why."""
        for r in rows:
            if r.get("prepare"):
                subprocess.run(r["prepare"], cwd=cwd, env=env)
            p = subprocess.run(r["cmd"], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, universal_newlines=True)
            if p.returncode != 0:
                log("FAILED: %s (exit %d) in %s\n%s" % (" ".join(r["cmd"]), p.returncode, cwd,
                                                        p.stdout[-3000:]))

    def premise(self, ok, what):
        if not ok:
            self.problems.append(what)
            log("PREMISE FAILED: " + what)

    def check_fresh(self, d, label, argv=None):
        p = self.run(argv or [self.venvmk, "check"], self.p(d), check=False)
        self.premise(p.returncode == 0, "%s: env not fresh afterwards: %s" % (label, p.stdout.strip()))

    # Trace lines: venvmk writes one per command it starts, plus "venvmk native-create DIR" and
    # "venvmk native-link WHEEL" for what the native backend does itself.
    @staticmethod
    def tally(lines, where=None):
        """Counts in trace LINES: pip runs (and how many were native resolves: a dry run, or with a
        pip before 25.3 `pip download`), env creates (`-m venv`, virtualenv, native-create; not the
        scratch env a native resolve runs in), processes.  WHERE: only creates under that dir."""
        pips = [l for l in lines if " -m pip " in l]
        dry = [l for l in pips if "--dry-run" in l or " -m pip download " in l]
        native = [l for l in lines if l.startswith("venvmk native-create ") and not l.rstrip().endswith(".venvmk/resolving")]
        venv = [l for l in lines if " -m venv " in l]
        if where:
            native = [l for l in native if l.split(" ", 2)[2].startswith(where.rstrip("/") + "/")]
        return dict(pips=len(pips), dry=len(dry), native=len(native), venv=len(venv),
                    creates=len(native) + len(venv),
                    procs=sum(1 for l in lines if not l.startswith("venvmk native-")))

    def traced(self, row, cwd, env=None):
        """Run ROW's prepare and command once outside hyperfine, with a trace of its own: primes
        the caches a case times warm, and shows what one run starts.  Returns the trace lines."""
        env = dict(env or self.env)
        tf = self.data("trace-once")
        open(tf, "w").close()
        env["VENVMK_TRACE"] = tf
        if row.get("prepare"):
            self.run(row["prepare"], cwd, env)
        self.run(row["cmd"], cwd, env)
        with open(tf) as f:
            return f.read().splitlines()

    def has_pkgs(self, envdir, label, n=None, names=None):
        """Premise: the env at ENVDIR runs, and pip lists N benchpkg packages (or imports NAMES)."""
        py = os.path.join(envdir, "bin", "python")
        if n is not None:
            p = self.run([py, "-m", "pip", "list", "--format=freeze"], check=False)
            got = sum(1 for l in (p.stdout or "").splitlines() if l.startswith("benchpkg"))
            self.premise(p.returncode == 0 and got == n, "%s: pip list shows %d of the %d benchpkg packages%s" % (
                label, got, n, "" if p.returncode == 0 else ": " + p.stdout.strip()[-300:]))
        for name in names or []:
            p = self.run([py, "-c", "import " + name], check=False)
            self.premise(p.returncode == 0, "%s: cannot import %s: %s" % (label, name, p.stdout.strip()[-300:]))


    def group(self, key):
        for g in self.groups:
            if g["key"] == key:
                return g
        return None

    def row(self, key, name):
        g = self.group(key)
        if g:
            for r in g["rows"]:
                if r["name"] == name:
                    return r
        return None

    @staticmethod
    def runs_note(g, extra=""):
        pl = lambda n, w: "%d %s%s" % (n, w, "" if n == 1 else "s")
        if g["rounds"] > 1:
            text = "%s each: %s of %s after %s, each round one hyperfine invocation of all the commands above" % (
                pl(g["runs"] * g["rounds"], "run"), pl(g["rounds"], "round"), g["runs"], pl(g["warmup"], "warm-up run"))
        else:
            text = "%s each after %s, one hyperfine invocation" % (pl(g["runs"], "run"), pl(g["warmup"], "warm-up run"))
        if g.get("load"):
            text += "; 1-minute load average %s from its start to its end" % g["load"]
        return text + extra + ".\n"

    def ratio_cell(self, r):
        if not r.get("base"):
            return "baseline"
        parts = ["%s vs %s" % (fmt_ratio(r["ratio"], True), r["base"])]
        parts += ["%s vs %s" % (fmt_ratio(x, True), a) for a, x in r.get("also_ratios", [])]
        return "<br>".join(parts)

    def table(self, g, cols=("median", "range", "ratio")):
        names = {"median": "median", "range": "min – max", "ratio": "ratio of medians", "pips": "pip runs per change",
                 "procs": "processes venvmk started per change", "creates": "envs created per change",
                 "pipsrun": "pip runs per sync", "createsrun": "envs created per sync",
                 "started": "programs started per run", "requests": "HTTP requests per run",
                 "wheels": "wheel downloads per run"}
        hdr = ["command"] + [names[c] for c in cols]
        lines = ["| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
        for r in g["rows"]:
            cells = ["**%s**" % r["name"] if r["kind"] == "venvmk" else r["name"]]
            for c in cols:
                if c == "median":
                    cells.append(fmt_time(r["median"]))
                elif c == "range":
                    cells.append("%s – %s" % (fmt_time(r["min"]), fmt_time(r["max"])))
                elif c == "ratio":
                    cells.append(self.ratio_cell(r))
                elif c == "requests":
                    cells.append(r.get("requests_cell") or ("—" if r.get("requests") is None else "%g" % r["requests"]))
                else:
                    v = r.get({"pips": "pip_runs", "procs": "processes", "creates": "creates",
                               "started": "procs_per_run", "pipsrun": "pip_runs", "createsrun": "creates",
                               "wheels": "wheel_gets"}[c])
                    cells.append("—" if v is None else ("%g" % v))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n\n" + self.runs_note(g)

    def comparisons(self):
        """Every venvmk row against every row of a tool it replaces, in its own invocation."""
        out = []
        for g in self.groups:
            for r in g["rows"]:
                if r["kind"] != "venvmk" or not r.get("base"):
                    continue
                for other, ratio in [(r["base"], r["ratio"])] + r.get("also_ratios", []):
                    if self.row(g["key"], other)["kind"] == "other":
                        out.append((g["key"], r["name"], other, ratio))
        return out

    def judge(self):
        return (lambda ok: "met" if ok else "**not met**") if not self.smoke else \
            (lambda ok: "not judged (smoke run)")

    def targets(self):
        t = []
        judge = self.judge()
        for c in self.cases:
            t += c.targets(self, judge)
        comps = self.comparisons()
        slower = [c for c in comps if c[3] > 1.05]
        t.append(("venvmk is never slower than the tool it replaces",
                  "%d of %d comparisons slower by more than 5%%%s" % (
                      len(slower), len(comps),
                      ": " + "; ".join("%s: %s %s vs %s" % (k, a, fmt_ratio(x), b) for k, a, b, x in slower)
                      if slower else ""),
                  judge(not slower)))
        return t

    def report(self):
        m = self.machine_info
        S = []
        w = S.append
        w("# Benchmarks\n")
        if self.smoke:
            w("**SMOKE RUN**: one run per case and small inputs. These numbers prove only that the runner works; "
              "they make no timing claim.\n")
        w("Generated by `%s`; do not edit by hand. Every case is timed as a whole process by hyperfine with `-N` "
          "(no shell in between), after warm-up runs, and every comparison runs in the same hyperfine invocation, "
          "so the ratios of **medians** hold on a noisy machine. Raw numbers: `%s`. How to run it: "
          "[bench/README](bench/README).\n" % (" ".join(["bench/run"] + self.argv_shown), self.jout_rel))
        w("## Machine\n")
        w("| | |\n|---|---|")
        for k, label in (("cpu", "CPU"), ("cores", "cores"), ("memory", "memory"), ("os", "OS"), ("kernel", "kernel"),
                         ("python", "Python (`python3`)"), ("debian_python", "Debian's Python"), ("pip", "pip"),
                         ("virtualenv", "virtualenv"), ("tox", "tox"), ("make", "make"), ("hyperfine", "hyperfine"),
                         ("venvmk", "venvmk"), ("venvmk_cache", "venvmk's cache"), ("commit", "commit"), ("date", "date"), ("load", "load average at start")):
            if k in m:
                w("| %s | %s |" % (label, m[k]))
        w("\nThe interpreter everywhere is `python3` as PATH gives it%s. Tools that take a path "
          "(`virtualenv -p`, tox's `basepython`) get the real binary behind it, `%s`: `virtualenv -p python3` "
          "would pick the Python virtualenv itself runs on (Debian's). Setup (two wheelhouses, the projects, "
          "%d envs) took %.0f s; the whole run %.0f s.\n" % (
              ": the pyenv shim, a bash script that costs about 60 ms before Python starts" if self.py_is_shim else "",
              self.pyreal, self.extra.get("setup_envs", 0), self.extra.get("setup_seconds", 0),
              time.time() - self.started))

        loads = [float(x) for g in self.groups if g.get("load") for x in g["load"].split("–")]
        if loads and max(loads) > (os.cpu_count() or 1):
            w("The machine was shared with other work during this run: the 1-minute load average reached %.1f on "
              "%d cores (each table gives its own). The rounds spread such load over every command of a case, "
              "but the slower cases are noisier than a quiet machine would make them.\n" % (
                  max(loads), os.cpu_count()))

        w("## Targets (issues 6, 8, 11, 13, 14, 26 and 27)\n")
        w("| target | measured | verdict |\n|---|---|---|")
        for a, b, c in self.targets():
            w("| %s | %s | %s |" % (a, b, c))
        w("")
        w("venvmk's default backend is `native`: venvmk writes the env itself, links pip (and setuptools before "
          "Python 3.12) from the wheels the interpreter bundles for ensurepip, resolves requirements with one "
          "pip run (`pip download -d` into its cache when the env's pip is older than 25.3, whose dry run downloads "
          "every wheel and throws it away, and the inputs allow it; else `pip install --dry-run --ignore-installed "
          "--report`), caches the report under the env's fingerprint, and links every wheel from a "
          "content-addressed cache (the files pip downloaded, or those its own downloader fetched). Rows without "
          "`--backend` are native; rows with `--backend venv` or `--backend virtualenv` run those tools as "
          "before. Every venvmk in this run uses a cache of its own in the temp dir (`VENVMK_CACHE_DIR`), made "
          "during setup; each case says which of its parts are warm.\n")
        w("Reading the *never slower* row: a comparison counts as slower when venvmk's median exceeds the other "
          "tool's by more than 5%. Two causes account for the largest gaps, and the tables separate them. A *cold* "
          "create first asks the interpreter for its facts (one more Python start, through the shim here); the "
          "*interpreter cached* rows leave that out, as every recreate does, and as every create does once any "
          "env of that interpreter used the same cache. With `--backend venv` or `virtualenv` venvmk runs the same "
          "tool and the same `pip install -r` as the hand-written way (its `VENVMK_TRACE` shows the commands), so "
          "any other gap is venvmk's own overhead or noise; compare it with the row's min – max.\n")

        for c in self.cases:
            c.report(self, w)
        if self.skipped:
            w("## Cases skipped in this run\n")
            for k, why in self.skipped:
                w("- %s: %s" % (k, why))
            w("")

        w("## Inputs: how each was made\n")
        w("All generated by `bench/runner.py` and the case modules in a temporary directory; nothing is "
          "downloaded.\n")
        w("- **Wheelhouse**: `python3 tests/mkwheelhouse.py DIR --bench 30`: tiny pure-Python wheels `benchpkg01` "
          "to `benchpkg30` (1.0), `alpha`, `beta`, `gamma` (1.0 and 1.5), `delta`, `hello-cli`, plus Debian's "
          "pip, setuptools and wheel wheels. Case 6b uses a second one made with `--bench 60`. Every pip runs "
          "with `PIP_NO_INDEX=1 PIP_FIND_LINKS=DIR PIP_DISABLE_PIP_VERSION_CHECK=1` in its environment (tox "
          "through `setenv`), except in cases 8 and 9, which go through the test index on 127.0.0.1.")
        for c in self.cases:
            if hasattr(c, "inputs"):
                for line in c.inputs(self):
                    w(line)
        w("")

        w("## Reproduce\n")
        w("```sh\n(cd _build && make)     # or ./autogen.sh && ./configure && make in the tree\n"
          "bench/run               # the full run: writes BENCHMARKS.md and bench/results.json\n"
          "bench/run --smoke       # what CI runs: one run per case, small inputs, report in its temp dir\n"
          "bench/run --case index  # one case (bench/run --list names them), report in its temp dir\n```\n")
        w("`--venvmk PATH` times another build, `--out FILE` writes the report elsewhere (the JSON then goes next "
          "to it), `--keep` keeps the temp dir. The runner times copies of the venvmk binary and `mk/venv.mk` "
          "made at the start. The exact hyperfine invocations of this run follow; `$BENCH` is the temp dir.\n")
        w("<details><summary>hyperfine invocations</summary>\n")
        for g in self.groups:
            w("Case %s, %s; run in `%s`%s:\n" % (g["key"], g["title"], self.rel(g["cwd"]),
                                                 ", %d times" % g["rounds"] if g["rounds"] > 1 else ""))
            w("```sh\n" + self.rel(" ".join(shlex.quote(a) for a in g["hyperfine"])) + "\n```\n")
        w("</details>\n")
        if self.problems:
            w("## Problems in this run\n")
            for p in self.problems:
                w("- " + p)
            w("")
        return "\n".join(S)

    def results_json(self):
        rows = []
        for g in self.groups:
            for r in g["rows"]:
                rows.append(dict(case=g["key"], title=g["title"], command_name=r["name"],
                                 command=self.rel(" ".join(shlex.quote(a) for a in r["cmd"])),
                                 prepare=self.rel(" ".join(r["prepare"])) if r.get("prepare") else None,
                                 kind=r["kind"], median_s=r["median"], min_s=r["min"], max_s=r["max"],
                                 mean_s=r["mean"], stddev_s=r["stddev"], runs=r["runs"], rounds=g["rounds"],
                                 warmup_per_round=r["warmup"], times_s=[round(x, 7) for x in r["times"]],
                                 baseline=r.get("base"), ratio=r.get("ratio"), pip_runs=r.get("pip_runs"),
                                 also=[dict(baseline=a, ratio=x) for a, x in r.get("also_ratios", [])],
                                 processes=r.get("processes"), env_creates=r.get("creates"),
                                 http_requests=r.get("requests"), wheel_downloads=r.get("wheel_gets")))
        return dict(generated_by="bench/run", smoke=self.smoke, machine=self.machine_info,
                    inputs={k: dict(files=len(v["files"]), lines=v["lines"]) for k, v in self.inputs.items()},
                    targets=[dict(target=a, measured=b, verdict=c.strip("*")) for a, b, c in self.targets()],
                    problems=self.problems, skipped=[dict(case=k, why=w) for k, w in self.skipped],
                    results=rows)

    # ------------------------------------------------------------------ main

    def main(self):
        a = self.args
        self.env = self.make_env("/nonexistent")
        self.venvmk = self.venvmk_src = self.find_venvmk()
        self.venv_mk = self.venv_mk_src = os.path.abspath(a.venv_mk or os.path.join(REPO, "mk", "venv.mk"))
        self.argv_shown = []
        if a.smoke:
            self.argv_shown.append("--smoke")
        partial = bool(a.case)
        for k in a.case or []:
            self.argv_shown += ["--case", k]
        base = tempfile.gettempdir() if not a.tmpdir else a.tmpdir
        self.T = tempfile.mkdtemp(prefix="venvmk-bench.", dir=base)
        if " " in self.T:
            raise BenchError("the temp dir %s holds a space; venv.mk refuses such paths (use --tmpdir)" % self.T)
        # A smoke run, or a run of some cases only, never overwrites BENCHMARKS.md unless told to.
        out = a.out or (os.path.join(self.T, "BENCHMARKS.md") if self.smoke or partial
                        else os.path.join(REPO, "BENCHMARKS.md"))
        if a.json:
            jout = a.json
        elif not a.out and not self.smoke and not partial:
            jout = os.path.join(REPO, "bench", "results.json")
        else:
            jout = os.path.splitext(out)[0] + ".json"
        self.jout = jout
        self.jout_rel = os.path.relpath(jout, os.path.dirname(os.path.abspath(out)))
        log("venvmk: %s\nmode: %s\nreport: %s\njson: %s" % (self.venvmk, "smoke" if self.smoke else "full", out, jout))
        log("cases: %s" % " ".join(c.KEY for c in self.cases))
        try:
            self.setup()
            self.machine_info = self.machine()
            for c in self.cases:
                c.run(self)
        finally:
            for c in self.setup_cases:
                if hasattr(c, "close"):
                    try:
                        c.close(self)
                    except Exception as e:     # never hide the error that got us here
                        log("%s: close: %s" % (c.KEY, e))
            if a.keep:
                log("kept %s" % self.T)
        text = self.report()
        with open(out + ".tmp", "w") as f:
            f.write(text)
        os.replace(out + ".tmp", out)
        with open(jout + ".tmp", "w") as f:
            json.dump(self.results_json(), f, indent=1)
            f.write("\n")
        os.replace(jout + ".tmp", jout)
        log("\n== targets")
        for t, m, v in self.targets():
            log("  %s: %s — %s" % (t, m, v.strip("*")))
        for k, why in self.skipped:
            log("  skipped %s: %s" % (k, why))
        log("\nwrote %s and %s in %.0f s" % (out, jout, time.time() - self.started))
        if self.problems:
            log("\n%d problem(s):" % len(self.problems))
            for p in self.problems:
                log("  " + p)
            return 1
        return 0

