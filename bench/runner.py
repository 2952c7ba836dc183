#!/usr/bin/env python3
"""bench/runner.py: times venvmk against the tools it replaces (issues 6 and 8).

Started by bench/run, which passes the caller's environment in a file
(VENVMK_BENCH_ENV0), so that the commands timed here see the user's PATH
and not the one a pyenv shim gave this driver.

Everything is built offline in a temporary directory: the wheelhouse
(tests/mkwheelhouse.py), the requirements files, the projects and their
envs.  Each case is one hyperfine invocation (or two), with -N (no shell
between hyperfine and the command), so every comparison is a ratio of
medians measured side by side.  The report goes to BENCHMARKS.md and the
raw numbers to bench/results.json.

venvmk's default backend is native; rows with --backend venv/virtualenv time
those tools through venvmk.  Every venvmk here gets VENVMK_CACHE_DIR in the
temp dir (never ~/.cache).  Case 7 (issue 8) times the native fast path.

--smoke: one run per case, small inputs, no timing claims.  Exits non-zero
when a timed command fails or a case's premise does not hold (a no-op that
started a process, an env that was not built, a native recreate of a seen
fingerprint that started pip).  CI runs it.

Python 3 standard library only.
"""

import argparse
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
FULL = dict(hash_lines=2000, big_lines=10000, nested=100, envs=100, pkgs=30,
            fast=(5, 60, 5), mid=(1, 5, 3), slow=(1, 3, 2), create_fast=(1, 5, 2),
            native_fast=(2, 10, 2), count_passes=3)
SMOKE = dict(hash_lines=200, big_lines=300, nested=5, envs=5, pkgs=5,
             fast=(0, 1, 1), mid=(0, 1, 1), slow=(0, 1, 1), create_fast=(0, 1, 1),
             native_fast=(0, 1, 1), count_passes=1)


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
    def __init__(self, args):
        self.args = args
        self.smoke = args.smoke
        self.size = SMOKE if self.smoke else FULL
        self.problems = []      # premises that did not hold
        self.groups = []        # one per hyperfine invocation
        self.extra = {}         # counts and facts the report quotes
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
                                             "VENVMK_TRACE", "VENVMK_CACHE_DIR", "TOXENV", "CONDA_PREFIX"):
                del env[k]
        # Every venvmk run gets the bench's own cache (the native backend's interpreter facts,
        # pip reports and unpacked wheels), never the user's ~/.cache/venvmk.
        if getattr(self, "cache", None):
            env["VENVMK_CACHE_DIR"] = self.cache
        env["PIP_NO_INDEX"] = "1"
        env["PIP_FIND_LINKS"] = find_links
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
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
        m["venvmk_cache"] = "`$BENCH/cache` (`VENVMK_CACHE_DIR`, new for each run; case 6a's cold row: " \
            "`$BENCH/cache-6a`)"
        m["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        try:
            m["load"] = "%.2f %.2f %.2f" % os.getloadavg()
        except OSError:
            pass
        return m

    # --------------------------------------------------------------- inputs

    def req_small(self, d):
        """3 files, 30 lines: 2 `-r` lines and 28 pins."""
        self.write(d + "/requirements.txt", "-r base.txt\n-r dev.txt\n" +
                   "".join("benchpkg%02d==1.0\n" % i for i in range(21, 29)))
        self.write(d + "/base.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(1, 11)))
        self.write(d + "/dev.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(11, 21)))
        return ["requirements.txt", "base.txt", "dev.txt"]

    def wheel_sha256(self, name):
        with open(os.path.join(self.wh, "%s-1.0-py3-none-any.whl" % name), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def req_hash(self, d, total):
        """A pip-compile --generate-hashes file of exactly TOTAL lines."""
        header = ["#", "# This file is autogenerated by pip-compile with Python 3.11",
                  "# by the following command:", "#",
                  "#    pip-compile --generate-hashes requirements.in", "#"]
        n = self.size["pkgs"]
        body = total - len(header)
        per, extra = divmod(body, n)
        lines = list(header)
        for i in range(1, n + 1):
            name = "benchpkg%02d" % i
            k = per + (1 if i <= extra else 0)
            nhash = k - 2   # the requirement line and the "# via" line
            hashes = [self.wheel_sha256(name)]
            hashes += [hashlib.sha256(("%s-fake-%d" % (name, j)).encode()).hexdigest() for j in range(1, nhash)]
            hashes.sort()
            lines.append("%s==1.0 \\" % name)
            for j, h in enumerate(hashes):
                lines.append("    --hash=sha256:%s%s" % (h, " \\" if j < len(hashes) - 1 else ""))
            lines.append("    # via -r requirements.in")
        assert len(lines) == total, len(lines)
        self.write(d + "/requirements.txt", "\n".join(lines) + "\n")
        return ["requirements.txt"]

    def req_big(self, d, total):
        """TOTAL requirement lines: the pins, then distinct lines whose markers are false here."""
        n = self.size["pkgs"]
        lines = ["benchpkg%02d==1.0" % i for i in range(1, n + 1)]
        k = 0
        while len(lines) < total:
            lines.append('benchpkg%02d==1.0 ; python_version < "2.%d"' % (k % n + 1, k // n))
            k += 1
        self.write(d + "/requirements.txt", "\n".join(lines) + "\n")
        return ["requirements.txt"]

    def req_nested(self, d, depth):
        """requirements.txt -r nest/r001.txt, each file -r the next: DEPTH nested files."""
        n = self.size["pkgs"]
        self.write(d + "/requirements.txt", "-r nest/r001.txt\n")
        files = ["requirements.txt"]
        for i in range(1, depth + 1):
            text = "# nested level %d\n" % i
            if i < depth:
                text += "-r r%03d.txt\n" % (i + 1)
            text += "benchpkg%02d==1.0\n" % ((i - 1) % n + 1)
            self.write(d + "/nest/r%03d.txt" % i, text)
            files.append("nest/r%03d.txt" % i)
        return files

    def conf_envs(self, d, count):
        text = "# %d envs without packages\n" % count
        for i in range(1, count + 1):
            text += 'env "e%03d" {\n  dir = "envs/e%03d"\n  pip = false\n}\n' % (i, i)
        self.write(d + "/venv.conf", text)

    def count_lines(self, d, files):
        total = 0
        for f in files:
            with open(self.p(d, f)) as fh:
                total += sum(1 for _ in fh)
        return total

    # ------------------------------------------------------------- projects

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

    def setup(self):
        size = self.size
        log("== setup in %s" % self.T)
        os.makedirs(self.data(""))
        self.wh = self.p("wheels")
        self.wh60 = self.p("wheels-60")
        mkwh = os.path.join(REPO, "tests", "mkwheelhouse.py")
        self.run(["python3", mkwh, self.wh, "--bench", "30"], env=self.env0)
        self.run(["python3", mkwh, self.wh60, "--bench", "60"], env=self.env0)
        # The native backend's shared cache: one for the whole run, inside the temp dir.  Case 6a's
        # cold-report row has a cache of its own, so that removing its reports leaves the others warm.
        self.cache = self.p("cache")
        self.cache6 = self.p("cache-6a")
        os.makedirs(self.cache)     # now, so that no later sync changes the temp dir's mtime
        os.makedirs(self.cache6)
        self.env = self.make_env(self.wh)
        self.env60 = self.make_env(self.wh60)
        # Time copies, so that a rebuild in the tree during the run cannot mix two builds.
        os.makedirs(self.p("bin"))
        shutil.copy2(self.venvmk_src, self.p("bin", "venvmk"))
        shutil.copy2(self.venv_mk_src, self.p("venv.mk"))
        self.venvmk = self.p("bin", "venvmk")
        self.venv_mk = self.p("venv.mk")
        self.tools()
        got = self.out([self.venvmk, "cache", "dir"])
        if got != self.cache:
            raise BenchError("venvmk cache dir says %s, not the bench's %s (VENVMK_CACHE_DIR)" % (got, self.cache))

        inputs = {}
        # case 1 and 3: the project with all three Makefiles, and tox
        files = self.req_small("p1")
        self.makefiles("p1", files)
        self.write("p1/tox.ini",
                   "[tox]\nskipsdist = true\nenvlist = bench\n\n[testenv:bench]\nbasepython = %s\n"
                   "deps = -r requirements.txt\nsetenv =\n    PIP_NO_INDEX = 1\n    PIP_FIND_LINKS = %s\n"
                   "    PIP_DISABLE_PIP_VERSION_CHECK = 1\ncommands = python -c pass\n" % (self.pyreal, self.wh))
        self.p1_files = files
        # case 2: the inputs, each its own project synced with plain `venvmk sync`
        inputs["small"] = ("p2small", self.req_small("p2small"))
        inputs["hash"] = ("p2hash", self.req_hash("p2hash", size["hash_lines"]))
        inputs["big"] = ("p2big", self.req_big("p2big", size["big_lines"]))
        inputs["nested"] = ("p2nested", self.req_nested("p2nested", size["nested"]))
        self.conf_envs("p2envs", size["envs"])
        self.inputs = {k: dict(dir=d, files=f, lines=self.count_lines(d, f)) for k, (d, f) in inputs.items()}
        # case 4
        os.makedirs(self.p("c4"), exist_ok=True)
        os.makedirs(self.p("c4deb"), exist_ok=True)
        # case 5
        self.write("c5/requirements.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(1, size["pkgs"] + 1)))
        self.write("c5/venv_pip.sh", "set -e\npython3 -m venv env\nenv/bin/pip install -r requirements.txt\n")
        self.write("c5/virtualenv_pip.sh", "set -e\nvirtualenv -p %s env\nenv/bin/pip install -r requirements.txt\n"
                   % self.pyreal)
        # case 6: one project per command, so that each one's previous sync is its own
        base = "".join("benchpkg%02d==1.0\n" % i for i in range(1, size["pkgs"] + 1))
        for d in ("c6a-ts", "c6a-t2", "c6a-rb", "c6a-vm", "c6a-vc"):
            self.write(d + "/requirements.txt", base + "gamma==1.0\n")
            self.makefiles(d, ["requirements.txt"], vm_flags="--cache-dir=" + self.cache6 if d == "c6a-vc" else None)
        for d in ("c6b-ts", "c6b-t2", "c6b-vm"):
            self.write(d + "/requirements.txt", base)
            self.makefiles(d, ["requirements.txt"])
        # Each prepare first sleeps 20 ms: file times come from a coarse kernel clock (a tick of
        # 4 ms or more), and a change made within the tick of the previous run's last write
        # would look like no change to make, and like no new stat to venvmk.
        self.write("flip.sh", "# pin bump: gamma 1.0 <-> 1.5, a new mtime each time\n"
                   "sleep 0.02\nf=$1\nif grep -q '^gamma==1.0$' \"$f\"; then sed -i 's/^gamma==1.0$/gamma==1.5/' \"$f\"\n"
                   "else sed -i 's/^gamma==1.5$/gamma==1.0/' \"$f\"; fi\n")
        self.write("flip-cold.sh", "# pin bump with the report cache cold: flip, then remove the cached reports\n"
                   "sh %s \"$1\" && rm -rf \"$2\"\n" % self.p("flip.sh"))
        self.write("add.sh", "# one requirement added: the next benchpkg after the last line\n"
                   "sleep 0.02\nf=$1\nn=$(grep -c . \"$f\")\nprintf 'benchpkg%02d==1.0\\n' $((n + 1)) >>\"$f\"\n")
        # case 7: 7a and 7b create in empty dirs; 7d has the pins of case 5, and an env of its
        # own (dryenv) in which pip's dry run alone is timed.  7c is timed in case 5's invocation.
        for d in ("c7a", "c7b"):
            os.makedirs(self.p(d), exist_ok=True)
        self.write("c7d/requirements.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(1, size["pkgs"] + 1)))
        for name, (d, fs) in list(inputs.items()) + [("p1", ("p1", files))]:
            self.write("touch-%s.sh" % name, "sleep 0.02\ncd %s && touch %s\n" % (self.p(d), " ".join(fs)))

        # Build every env the no-op and change cases start from: two at a time.
        vm = self.venvmk
        tasks = [
            ("p1 venv.mk env", ["make", "-s", "-f", "venvmk.mk"], "p1", self.env),
            ("p1 timestamp env", ["make", "-s", "-f", "stamp.mk"], "p1", self.env),
            ("p1 timestamp env, pip only", ["make", "-s", "-f", "stamp2.mk"], "p1", self.env),
            ("p2 small", [vm, "-q", "sync"], "p2small", self.env),
            ("p2 pip-compile", [vm, "-q", "sync"], "p2hash", self.env),
            ("p2 big", [vm, "-q", "sync"], "p2big", self.env),
            ("p2 nested", [vm, "-q", "sync"], "p2nested", self.env),
            ("p2 envs", [vm, "-q", "sync"], "p2envs", self.env),
        ]
        for d in ("c6a-ts", "c6a-t2", "c6a-rb", "c6a-vm", "c6a-vc", "c6b-ts", "c6b-t2", "c6b-vm"):
            mk = {"ts": "stamp.mk", "t2": "stamp2.mk", "rb": "rebuild.mk", "vm": "venvmk.mk", "vc": "venvmk.mk"}[d[-2:]]
            tasks.append((d, ["make", "-s", "-f", mk], d, self.env60 if d.startswith("c6b") else self.env))
        tasks.append(("c7d dry-run env", [vm, "-q", "--dir", "dryenv", "-r", "requirements.txt", "sync"], "c7d",
                      self.env))
        if self.have_tox:
            tasks.append(("p1 tox env", ["tox", "-e", "bench", "--notest"], "p1", self.env))
        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            futs = {ex.submit(self.run, argv, self.p(d), env): label for label, argv, d, env in tasks}
            for fut in concurrent.futures.as_completed(futs):
                fut.result()
                log("  built %s" % futs[fut])
        # Each env once more: the first sync after a build may refresh the state.
        for label, argv, d, env in tasks:
            if argv[0] == vm or "venvmk.mk" in argv:
                self.run(argv, self.p(d), env)
        for k, v in self.inputs.items():
            self.run([vm, "check"], self.p(v["dir"]))
        self.run([vm, "check"], self.p("p2envs"))
        for k, v in self.inputs.items():
            v["state_bytes"] = os.path.getsize(self.p(v["dir"], ".venv.venvmk", "state"))
        self.envs_state_bytes = sum(os.path.getsize(self.p("p2envs", "envs", "e%03d.venvmk" % i, "state"))
                                    for i in range(1, size["envs"] + 1))
        self.extra["setup_seconds"] = round(time.time() - t0, 1)
        self.extra["setup_envs"] = len(tasks) - 1 + size["envs"]
        log("  setup took %.0f s" % (time.time() - t0))

    # ------------------------------------------------------------ hyperfine

    def hyperfine(self, key, title, rows, cwd, runs, env=None, trace=False):
        """Time ROWS in hyperfine invocations (rounds).  A row: name, cmd (argv list), prepare
        (argv list or None), base (the row its ratio is against), also (more such rows), kind
        ('venvmk', 'other' for a tool it replaces, 'floor')."""
        warmup, nruns, rounds = runs
        env = dict(env or self.env)
        tracefile = None
        if trace:
            tracefile = self.data("trace-%s" % key)
            open(tracefile, "w").close()
            env["VENVMK_TRACE"] = tracefile
        jf = self.data("hf-%s.json" % key)
        argv = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(nruns),
                "--export-json", jf]
        if any(r.get("prepare") for r in rows):
            for r in rows:
                prep = " ".join(shlex.quote(a) for a in (r.get("prepare") or ["true"]))
                if key[0] in "457":
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

    # ----------------------------------------------------------------- cases

    def vm_make_flags(self):
        """The venvmk command venv.mk runs for the default env of p1 (make -n -B prints it
        without running it), so that the direct row declares the same env as make does."""
        out = self.out(["make", "-n", "-B", "-f", "venvmk.mk", ".venv.venvmk/stamp"], cwd=self.p("p1"))
        for line in out.splitlines():
            words = shlex.split(line)
            if words and words[0] == self.venvmk and "sync" in words:
                return words
        raise BenchError("cannot find the venvmk sync command venv.mk runs in:\n" + out)

    def count_procs(self, rows, cwd, n):
        """How many programs each row's command starts per run, by strace -f over N runs
        (after the timed runs, so that strace costs nothing there).  None without strace."""
        strace = self.which("strace")
        for r in rows:
            r["procs_per_run"] = None
            if not strace:
                continue
            total = 0
            ok = True
            for i in range(n):
                # strace's report on stderr: a file would change a watched directory's mtime
                p = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve"] + r["cmd"], cwd=cwd, env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, universal_newlines=True)
                execs = sum(1 for l in p.stderr.splitlines()
                            if re.match(r"^(\[pid +\d+\] |\d+ +)?execve\(", l) and l.rstrip().endswith("= 0"))
                if p.returncode != 0 or execs == 0:
                    ok = False
                    break
                total += execs - 1   # the command itself
            if ok:
                r["procs_per_run"] = total / n

    def case1(self):
        vm_cmd = self.vm_make_flags()
        B = "bare make (empty rule)"
        fast = [
            dict(name=B, cmd=["make", "-s", "-f", "empty.mk"], kind="floor"),
            dict(name="make running one true", cmd=["make", "-s", "-f", "true.mk"], base=B, kind="floor"),
            dict(name="timestamp Makefile", cmd=["make", "-s", "-f", "stamp.mk"], base=B, kind="other"),
            dict(name="venv.mk", cmd=["make", "-s", "-f", "venvmk.mk"], base=B, kind="venvmk"),
            dict(name="venvmk sync alone (the recipe)", cmd=vm_cmd, base=B, kind="venvmk"),
            dict(name="/bin/true (one process)", cmd=["/bin/true"], base=B, kind="floor"),
        ]
        g = self.hyperfine("1-fast", "no-op make, up-to-date project (3 files, 30 lines)", fast, self.p("p1"),
                           self.size["fast"], trace=True)
        self.count_procs(fast, self.p("p1"), 10 if not self.smoke else 1)
        self.premise(not g["trace"], "case 1: a no-op make started a process: %s" % g["trace"][:3])
        slow = [
            dict(name=B, cmd=["make", "-s", "-f", "empty.mk"], kind="floor"),
            dict(name="venv.mk", cmd=["make", "-s", "-f", "venvmk.mk"], base=B, kind="venvmk"),
            dict(name="pip install -r requirements.txt", cmd=[".venv/bin/pip", "install", "-r", "requirements.txt"],
                 base=B, kind="other"),
        ]
        if self.have_tox:
            slow.append(dict(name="tox -e bench --notest", cmd=["tox", "-e", "bench", "--notest"], base=B,
                             kind="other"))
        g = self.hyperfine("1-slow", "no-op make against pip and tox", slow, self.p("p1"), self.size["mid"], trace=True)
        self.premise(not g["trace"], "case 1: a no-op make started a process: %s" % g["trace"][:3])
        self.check_fresh("p1", "case 1 (after pip install -r on the env)",
                         ["check" if a == "sync" else a for a in vm_cmd])

    def case2(self):
        vm = self.venvmk
        rows = []
        for k in ("small", "hash", "big", "nested"):
            d = self.inputs[k]["dir"]
            rows.append(dict(name="sync: %s" % k, cmd=[vm, "-C", d, "sync"], base="sync: small", kind="venvmk",
                             input=k, op="sync"))
            rows.append(dict(name="check: %s" % k, cmd=[vm, "-C", d, "check"], base="check: small", kind="venvmk",
                             input=k, op="check"))
        rows.append(dict(name="sync: envs", cmd=[vm, "-C", "p2envs", "sync"], base="sync: small", kind="venvmk",
                         input="envs", op="sync"))
        rows.append(dict(name="check: envs", cmd=[vm, "-C", "p2envs", "check"], base="check: small", kind="venvmk",
                         input="envs", op="check"))
        rows.append(dict(name="sync: one env by name",
                         cmd=[vm, "-C", "p2envs", "sync", "e%03d" % ((self.size["envs"] + 1) // 2)],
                         base="sync: small", kind="venvmk", input="envs1", op="sync"))
        rows[0].pop("base")
        rows[1].pop("base")
        g = self.hyperfine("2", "no-op venvmk sync/check by input size", rows, self.T, self.size["fast"], trace=True)
        self.premise(not g["trace"], "case 2: a no-op sync started a process: %s" % g["trace"][:3])

    def count_pass(self, key, row, method):
        """Run ROW's prepare and command COUNT times outside hyperfine; count pip runs."""
        n = self.size["count_passes"]
        env = dict(self.env)
        tf = self.data("trace-count-%s" % key.replace(" ", "_").replace(":", ""))
        open(tf, "w").close()
        env["VENVMK_TRACE"] = tf
        pips = procs = 0
        cmd = list(row["cmd"])
        if method == "echo":
            cmd = [a for a in cmd if a != "-s"]
        for _ in range(n):
            self.run(row["prepare"], self.T, env)
            p = self.run(cmd, self.T, env)
            if method == "echo":
                pips += sum(1 for line in p.stdout.splitlines() if "pip install" in line)
        if method == "trace":
            with open(tf) as f:
                lines = f.read().splitlines()
            procs = sum(1 for line in lines if not line.startswith("venvmk native-"))
            pips = sum(1 for line in lines if " -m pip install" in line)
        return pips / n, procs / n, n

    TS = "timestamp Makefile"
    TS2 = "timestamp Makefile, pip only"

    def case3(self):
        vm = self.venvmk
        tp1 = ["sh", self.p("touch-p1.sh")]
        TS, TS2 = self.TS, self.TS2
        rows = [
            dict(name=TS, cmd=["make", "-s", "-C", "p1", "-f", "stamp.mk"], prepare=tp1, kind="other",
                 input="small", count="echo"),
            dict(name=TS2, cmd=["make", "-s", "-C", "p1", "-f", "stamp2.mk"], prepare=tp1, kind="other",
                 input="small", count="echo", base=TS),
            dict(name="venv.mk", cmd=["make", "-s", "-C", "p1", "-f", "venvmk.mk"], prepare=tp1,
                 base=TS, also=[TS2], kind="venvmk", input="small", count="trace"),
            dict(name="venvmk sync: small", cmd=[vm, "-C", self.inputs["small"]["dir"], "sync"],
                 prepare=["sh", self.p("touch-small.sh")], base=TS, also=[TS2], kind="venvmk", input="small",
                 count="trace"),
        ]
        for k in ("hash", "big", "nested"):
            rows.append(dict(name="venvmk sync: %s" % k, cmd=[vm, "-C", self.inputs[k]["dir"], "sync"],
                             prepare=["sh", self.p("touch-%s.sh" % k)], base="venvmk sync: small", kind="venvmk",
                             input=k, count="trace"))
        g = self.hyperfine("3", "mtime-only change: touch every requirements file, then sync", rows, self.T,
                           self.size["mid"], trace=True)
        starts = [l for l in g["trace"] if " -m pip " in l or " -m venv" in l or "virtualenv" in l
                  or l.startswith("venvmk native-")]
        self.premise(not starts, "case 3: a touch made venvmk start pip or a build: %s" % starts[:3])
        for r in rows:
            r["pip_runs"], r["processes"], r["count_passes"] = self.count_pass("3-" + r["name"], r, r["count"])
            if r["count"] == "echo":
                r["processes"] = None
        for r in rows[:2]:
            self.premise(r["pip_runs"] == 1, "case 3: the %s did not run pip once per touch" % r["name"])

    # Trace lines: venvmk writes one per command it starts, plus "venvmk native-create DIR" and
    # "venvmk native-link WHEEL" for what the native backend does itself.
    @staticmethod
    def tally(lines, where=None):
        """Counts in trace LINES: pip runs (and how many were native dry runs), env creates
        (`-m venv`, virtualenv, native-create), processes.  WHERE: only creates under that dir."""
        pips = [l for l in lines if " -m pip " in l]
        dry = [l for l in pips if "--dry-run" in l]
        native = [l for l in lines if l.startswith("venvmk native-create ")]
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

    def case4(self):
        vm = self.venvmk
        rm = ["rm", "-rf", "env", "env.venvmk"]
        # Cold: no interpreter answer anywhere, neither in env.venvmk/ nor in the shared cache.
        rmcold = rm + [os.path.join(self.cache, "interp")]
        rmc = ["rm", "-rf", "env", "env.venvmk/state", "env.venvmk/stamp"]
        c4 = self.p("c4")
        V0, VE0 = "python3 -m venv --without-pip", "virtualenv --no-seed"
        R0 = "%s -m venv --without-pip, real path (no shim)" % os.path.basename(self.pyreal)
        C = ", interpreter cached"
        n0 = [vm, "--dir", "env", "--no-pip", "sync"]
        b0 = [vm, "--dir", "env", "--no-pip", "--backend", "venv", "sync"]
        rows = [
            dict(name=V0, cmd=["python3", "-m", "venv", "--without-pip", "env"], prepare=rm, kind="other"),
            dict(name=R0, cmd=[self.pyreal, "-m", "venv", "--without-pip", "env"], prepare=rm, base=V0, kind="other"),
            dict(name="venvmk --no-pip", cmd=n0, prepare=rmcold, base=V0, kind="venvmk"),
            dict(name="venvmk --no-pip" + C, cmd=n0, prepare=rmc, base=V0, also=[R0], kind="venvmk"),
            dict(name="venvmk --no-pip --backend venv", cmd=b0, prepare=rmcold, base=V0, kind="venvmk"),
            dict(name="venvmk --no-pip --backend venv" + C, cmd=b0, prepare=rmc, base=V0, kind="venvmk"),
        ]
        if self.have_virtualenv:
            ve = [vm, "--dir", "env", "--no-pip", "--backend", "virtualenv", "sync"]
            rows += [
                dict(name=VE0, cmd=["virtualenv", "--no-seed", "-p", self.pyreal, "env"], prepare=rm, kind="other"),
                dict(name="venvmk --no-pip --backend virtualenv", cmd=ve, prepare=rmcold, base=VE0, kind="venvmk"),
                dict(name="venvmk --no-pip --backend virtualenv" + C, cmd=ve, prepare=rmc, base=VE0, kind="venvmk"),
            ]
        self.hyperfine("4a", "create an env with no packages", rows, c4, self.size["create_fast"])
        self.premise(os.path.exists(os.path.join(c4, "env/bin/python")), "case 4a: no env/bin/python")
        t = self.tally(self.traced(rows[3], c4))
        self.premise(t["native"] == 1 and t["procs"] == 0,
                     "case 4a: a cached native create did not write the env alone (%s)" % t)
        self.has_pkgs(os.path.join(c4, "env"), "case 4a (native)", names=["sys"])
        V1, VE1 = "python3 -m venv", "virtualenv"
        n1 = [vm, "--dir", "env", "sync"]
        rows = [
            dict(name=V1, cmd=["python3", "-m", "venv", "env"], prepare=rm, kind="other"),
            dict(name="venvmk", cmd=n1, prepare=rmcold, base=V1, kind="venvmk"),
            dict(name="venvmk" + C, cmd=n1, prepare=rmc, base=V1, kind="venvmk"),
            dict(name="venvmk --backend venv" + C, cmd=[vm, "--dir", "env", "--backend", "venv", "sync"],
                 prepare=rmc, base=V1, kind="venvmk"),
        ]
        if self.have_virtualenv:
            ve = [vm, "--dir", "env", "--backend", "virtualenv", "sync"]
            rows += [
                dict(name=VE1, cmd=["virtualenv", "-p", self.pyreal, "env"], prepare=rm, kind="other"),
                dict(name="venvmk --backend virtualenv", cmd=ve, prepare=rmcold, base=VE1, kind="venvmk"),
                dict(name="venvmk --backend virtualenv" + C, cmd=ve, prepare=rmc, base=VE1, kind="venvmk"),
            ]
        self.hyperfine("4b", "create an env with pip seeded", rows, c4, self.size["slow"])
        self.premise(os.path.exists(os.path.join(c4, "env/bin/pip")), "case 4b: no env/bin/pip")
        self.traced(rows[2], c4)
        self.has_pkgs(os.path.join(c4, "env"), "case 4b (native)", names=["pip"])
        if self.debpy:
            dp = self.debpy
            b0 = "%s -m venv --without-pip" % os.path.basename(dp)
            b1 = "%s -m venv" % os.path.basename(dp)
            v0 = [vm, "--python", dp, "--dir", "env", "--no-pip", "sync"]
            v0b = [vm, "--python", dp, "--dir", "env", "--no-pip", "--backend", "venv", "sync"]
            v1 = [vm, "--python", dp, "--dir", "env", "sync"]
            v1b = [vm, "--python", dp, "--dir", "env", "--backend", "venv", "sync"]
            rows = [
                dict(name=b0, cmd=[dp, "-m", "venv", "--without-pip", "env"], prepare=rm, kind="other"),
                dict(name="venvmk --no-pip --python " + dp, cmd=v0, prepare=rmcold, base=b0, kind="venvmk"),
                dict(name="venvmk --no-pip --python " + dp + C, cmd=v0, prepare=rmc, base=b0, kind="venvmk"),
                dict(name="venvmk --no-pip --backend venv --python " + dp, cmd=v0b, prepare=rmcold, base=b0,
                     kind="venvmk"),
                dict(name="venvmk --no-pip --backend venv --python " + dp + C, cmd=v0b, prepare=rmc, base=b0,
                     kind="venvmk"),
                dict(name=b1, cmd=[dp, "-m", "venv", "env"], prepare=rm, kind="other"),
                dict(name="venvmk --python " + dp + C, cmd=v1, prepare=rmc, base=b1, kind="venvmk"),
                dict(name="venvmk --backend venv --python " + dp + C, cmd=v1b, prepare=rmc, base=b1, kind="venvmk"),
            ]
            self.hyperfine("4c", "create an env with Debian's Python", rows, self.p("c4deb"), self.size["slow"])
            self.traced(rows[6], self.p("c4deb"))
            self.has_pkgs(self.p("c4deb", "env"), "case 4c (native, Debian's Python)", names=["pip"])

    NAT5 = "venvmk (native, fingerprint seen before)"

    def case5(self):
        """Also case 7c: the native row is a recreate of a fingerprint seen before."""
        vm = self.venvmk
        rm = ["rm", "-rf", "env", "env.venvmk"]
        c5 = self.p("c5")
        b0 = "python3 -m venv + pip install -r"
        npk = self.size["pkgs"]
        rows = [
            dict(name=b0, cmd=["sh", "venv_pip.sh"], prepare=rm, kind="other", pip_runs=1, creates=1),
            dict(name=self.NAT5, cmd=[vm, "--dir", "env", "-r", "requirements.txt", "sync"], prepare=rm,
                 base=b0, kind="venvmk"),
            dict(name="venvmk --backend venv",
                 cmd=[vm, "--dir", "env", "-r", "requirements.txt", "--backend", "venv", "sync"], prepare=rm,
                 base=b0, kind="venvmk"),
        ]
        if self.have_virtualenv:
            b1 = "virtualenv + pip install -r"
            rows += [
                dict(name=b1, cmd=["sh", "virtualenv_pip.sh"], prepare=rm, kind="other", pip_runs=1, creates=1),
                dict(name="venvmk --backend virtualenv",
                     cmd=[vm, "--dir", "env", "-r", "requirements.txt", "--backend", "virtualenv", "sync"],
                     prepare=rm, base=b1, kind="venvmk"),
            ]
        # The native row's fingerprint is seen before the timing starts (its pip report cached, its
        # wheels unpacked), whatever the warm-up count: every timed run is the no-pip recreate.
        self.traced(rows[1], c5)
        g = self.hyperfine("5", "create and install %d wheels" % npk, rows, c5, self.size["slow"], trace=True)
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        nb = n * (2 if self.have_virtualenv else 1)
        t = self.tally(g["trace"])
        # The venv and virtualenv backends run `pip install -r` once per sync; the native row
        # starts no pip at all, so every pip line belongs to them, and none is a dry run.
        self.premise(t["pips"] == nb and t["dry"] == 0 and t["native"] == n,
                     "case 5: in %d syncs per row venvmk started %d pips (%d dry runs) and %d native creates; "
                     "expected %d, 0 and %d" % (n, t["pips"], t["dry"], t["native"], nb, n))
        for r in rows[1:]:
            if r["kind"] == "venvmk":
                native = r["name"] == self.NAT5
                r["pip_runs"] = (t["dry"] / n) if native else (t["pips"] - t["dry"]) / nb
                r["creates"] = 1
        have = self.out([os.path.join(c5, "env/bin/python"), "-m", "pip", "list", "--format=freeze"], cwd=c5)
        self.premise(sum(1 for l in have.splitlines() if l.startswith("benchpkg")) == npk,
                     "case 5: the last env lacks the %d packages" % npk)
        # The native env itself, once more: no pip started, and every package there.
        t = self.tally(self.traced(rows[1], c5))
        self.premise(t["pips"] == 0 and t["native"] == 1,
                     "case 5/7c: a native recreate of a seen fingerprint started %d pips" % t["pips"])
        self.has_pkgs(os.path.join(c5, "env"), "case 5/7c (native)", n=npk, names=["benchpkg01"])

    def case6(self):
        flip = ["sh", self.p("flip.sh")]
        add = ["sh", self.p("add.sh")]
        TS, TS2, RB = self.TS, self.TS2, "Makefile that rebuilds the env"
        VM, VC = "venv.mk", "venv.mk, report cache cold"
        rows = [
            dict(name=TS, cmd=["make", "-s", "-C", "c6a-ts", "-f", "stamp.mk"],
                 prepare=flip + ["c6a-ts/requirements.txt"], kind="other", creates=1, pip_runs=1),
            dict(name=TS2, cmd=["make", "-s", "-C", "c6a-t2", "-f", "stamp2.mk"],
                 prepare=flip + ["c6a-t2/requirements.txt"], base=TS, kind="other", creates=0, pip_runs=1),
            dict(name=RB, cmd=["make", "-s", "-C", "c6a-rb", "-f", "rebuild.mk"],
                 prepare=flip + ["c6a-rb/requirements.txt"], base=TS, kind="other", creates=1, pip_runs=1),
            dict(name=VM, cmd=["make", "-s", "-C", "c6a-vm", "-f", "venvmk.mk"],
                 prepare=flip + ["c6a-vm/requirements.txt"], base=TS, also=[TS2, RB], kind="venvmk", dir="c6a-vm"),
            dict(name=VC, cmd=["make", "-s", "-C", "c6a-vc", "-f", "venvmk.mk"],
                 prepare=["sh", self.p("flip-cold.sh"), "c6a-vc/requirements.txt", os.path.join(self.cache6, "reports")],
                 base=TS, also=[TS2, RB], kind="venvmk", dir="c6a-vc"),
        ]
        # Both pins are seen before the timing starts: each venv.mk project syncs gamma 1.5, then
        # 1.0 again, so its cache holds both reports and both gamma wheels.
        for d in ("c6a-vm", "c6a-vc"):
            for _ in range(2):
                self.run(flip + [d + "/requirements.txt"], self.T)
                self.run(["make", "-s", "-C", d, "-f", "venvmk.mk"], self.T)
        g = self.hyperfine("6a", "pin bump (gamma 1.0 <-> 1.5): the recreate path", rows, self.T, self.size["slow"],
                           trace=True)
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        t = self.tally(g["trace"])
        cvm = self.tally(g["trace"], self.p("c6a-vm"))["native"]
        cvc = self.tally(g["trace"], self.p("c6a-vc"))["native"]
        # The warm row starts no pip; the cold one exactly one dry run per bump.
        self.premise(cvm == n and cvc == n and t["venv"] == 0 and t["dry"] == n and t["pips"] == n,
                     "case 6a: in %d pin bumps per row venvmk made %d + %d native envs (and %d with -m venv) and "
                     "started %d pips (%d dry runs); expected %d + %d, 0 and %d dry runs only" % (
                         n, cvm, cvc, t["venv"], t["pips"], t["dry"], n, n, n))
        rows[3].update(creates=cvm / n, pip_runs=0.0 if t["pips"] == n else None)
        rows[4].update(creates=cvc / n, pip_runs=1.0 if t["pips"] == n else None)
        for d, envdir in (("c6a-ts", ".venv-ts"), ("c6a-t2", ".venv-ts2"), ("c6a-rb", ".venv-rb"),
                          ("c6a-vm", ".venv"), ("c6a-vc", ".venv")):
            with open(self.p(d, "requirements.txt")) as f:
                want = [l.split("==")[1].strip() for l in f if l.startswith("gamma==")][0]
            have = self.out([self.p(d, envdir, "bin/python"), "-c", "import gamma; print(gamma.__version__)"])
            self.premise(have == want, "case 6a: %s has gamma %s, its requirements say %s" % (d, have, want))
        self.has_pkgs(self.p("c6a-vm", ".venv"), "case 6a (venv.mk)", n=self.size["pkgs"])
        rows = [
            dict(name=TS, cmd=["make", "-s", "-C", "c6b-ts", "-f", "stamp.mk"],
                 prepare=add + ["c6b-ts/requirements.txt"], kind="other", creates=1, pip_runs=1),
            dict(name=TS2, cmd=["make", "-s", "-C", "c6b-t2", "-f", "stamp2.mk"],
                 prepare=add + ["c6b-t2/requirements.txt"], base=TS, kind="other", creates=0, pip_runs=1),
            dict(name="venv.mk", cmd=["make", "-s", "-C", "c6b-vm", "-f", "venvmk.mk"],
                 prepare=add + ["c6b-vm/requirements.txt"], base=TS, also=[TS2], kind="venvmk"),
        ]
        g = self.hyperfine("6b", "one requirement added: the install path", rows, self.T, self.size["slow"],
                           env=self.env60, trace=True)
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        t = self.tally(g["trace"])
        rows[2].update(creates=t["creates"] / n, pip_runs=t["pips"] / n)
        # Lines only added: a refresh.  pip installs into the existing env as it is (no dry run);
        # venvmk creates nothing.
        self.premise(t["creates"] == 0 and t["pips"] == n and t["dry"] == 0,
                     "case 6b: venvmk made %d envs and started %d pips (%d dry runs) in %d additions"
                     % (t["creates"], t["pips"], t["dry"], n))
        for d, envdir in (("c6b-ts", ".venv-ts"), ("c6b-t2", ".venv-ts2"), ("c6b-vm", ".venv")):
            last = open(self.p(d, "requirements.txt")).read().split()[-1].split("==")[0]
            p = self.run([self.p(d, envdir, "bin/python"), "-c", "import " + last], check=False)
            self.premise(p.returncode == 0, "case 6b: %s lacks %s, the line added last" % (d, last))

    def case7(self):
        """The native fast path (issue 8).  7c is timed in case 5's invocation."""
        vm = self.venvmk
        rm = ["rm", "-rf", "env", "env.venvmk"]
        rmc = ["rm", "-rf", "env", "env.venvmk/state", "env.venvmk/stamp"]
        real = os.path.basename(self.pyreal)
        # 7a: no pip.  The native row keeps env.venvmk/interp and the shared cache (primed below).
        c7a = self.p("c7a")
        R0 = "%s -m venv --without-pip (real path)" % real
        rows = [dict(name=R0, cmd=[self.pyreal, "-m", "venv", "--without-pip", "env"], prepare=rm, kind="other")]
        also = []
        if self.debpy:
            D0 = "%s -m venv --without-pip (Debian's)" % self.debpy
            rows.append(dict(name=D0, cmd=[self.debpy, "-m", "venv", "--without-pip", "env"], prepare=rm,
                             base=R0, kind="other"))
            also = [D0]
        rows.append(dict(name="venvmk --no-pip --no-requirements", cmd=[vm, "--dir", "env", "--no-pip",
                                                                           "--no-requirements", "sync"],
                         prepare=rmc, base=R0, also=also, kind="venvmk", native=True))
        self.traced(rows[-1], c7a)
        g = self.hyperfine("7a", "native create without pip, interpreter facts cached", rows, c7a,
                           self.size["native_fast"], trace=True)
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        t = self.tally(g["trace"])
        self.premise(t["native"] == n and len(g["trace"]) == n,
                     "case 7a: %d native creates in %d runs, %d trace lines (expected no process, no link)" % (
                         t["native"], n, len(g["trace"])))
        self.traced(rows[-1], c7a)
        self.has_pkgs(os.path.join(c7a, "env"), "case 7a (native)", names=["sys"])
        # 7b: pip seeded.  The native row links pip (and setuptools before 3.12) from the warm cache.
        c7b = self.p("c7b")
        R1 = "%s -m venv (real path)" % real
        rows = [dict(name=R1, cmd=[self.pyreal, "-m", "venv", "env"], prepare=rm, kind="other")]
        also = []
        if self.have_virtualenv:
            VE = "virtualenv -p %s" % real
            rows.append(dict(name=VE, cmd=["virtualenv", "-p", self.pyreal, "env"], prepare=rm, base=R1,
                             kind="other"))
            also = [VE]
        rows.append(dict(name="venvmk --no-requirements", cmd=[vm, "--dir", "env", "--no-requirements", "sync"],
                         prepare=rmc, base=R1, also=also, kind="venvmk", native=True))
        self.traced(rows[-1], c7b)
        g = self.hyperfine("7b", "native create with pip seeded, caches warm", rows, c7b, self.size["create_fast"],
                           trace=True)
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        t = self.tally(g["trace"])
        self.premise(t["native"] == n and t["procs"] == 0,
                     "case 7b: %d native creates in %d runs, %d processes started (expected none)" % (
                         t["native"], n, t["procs"]))
        self.traced(rows[-1], c7b)
        self.has_pkgs(os.path.join(c7b, "env"), "case 7b (native)", names=["pip"])
        p = self.run([os.path.join(c7b, "env/bin/pip"), "--version"], check=False)
        self.premise(p.returncode == 0, "case 7b: the native env's bin/pip does not run: %s" % p.stdout.strip())
        # 7d: a fingerprint never seen: one dry run, then every wheel linked from the warm wheel cache.
        c7d = self.p("c7d")
        npk = self.size["pkgs"]
        DRY = "pip's dry run alone, in an existing env"
        rows = [
            dict(name=DRY, cmd=[os.path.join(c7d, "dryenv/bin/python"), "-m", "pip", "install",
                                "--disable-pip-version-check", "--no-input", "-q", "--dry-run", "--ignore-installed",
                                "--report", "/dev/null", "-r", "requirements.txt"], kind="floor"),
            dict(name="venvmk, report cache cold", cmd=[vm, "--dir", "env", "-r", "requirements.txt", "sync"],
                 prepare=rm + [os.path.join(self.cache, "reports")], base=DRY, kind="venvmk", native=True),
        ]
        self.traced(rows[-1], c7d)
        g = self.hyperfine("7d", "first sync of %d wheels: report cache cold, wheel cache warm" % npk, rows, c7d,
                           self.size["slow"], trace=True)
        n = (g["warmup"] + g["runs"]) * g["rounds"]
        t = self.tally(g["trace"])
        self.premise(t["native"] == n and t["dry"] == n and t["pips"] == n,
                     "case 7d: in %d syncs venvmk made %d native envs and started %d pips (%d dry runs); "
                     "expected one dry run each" % (n, t["native"], t["pips"], t["dry"]))
        rows[1].update(pip_runs=t["pips"] / n, creates=t["native"] / n)
        self.has_pkgs(os.path.join(c7d, "env"), "case 7d (native)", n=npk, names=["benchpkg%02d" % npk])

    # ---------------------------------------------------------------- report

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
                 "started": "programs started per run"}
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
                else:
                    v = r.get({"pips": "pip_runs", "procs": "processes", "creates": "creates",
                               "started": "procs_per_run", "pipsrun": "pip_runs", "createsrun": "creates"}[c])
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

    def targets(self):
        t = []
        judge = (lambda ok: "met" if ok else "**not met**") if not self.smoke else (lambda ok: "not judged (smoke run)")
        c1 = self.row("1-fast", "venv.mk")
        if c1:
            floor = self.row("1-fast", "make running one true")
            procs = c1.get("procs_per_run")
            t.append(("A no-op `make` costs at most 1.5× a bare `make`",
                      "%s bare make (%s vs %s)%s; a make that runs one `true` is %s" % (
                          fmt_ratio(c1["ratio"]), fmt_time(c1["median"]),
                          fmt_time(self.row("1-fast", "bare make (empty rule)")["median"]),
                          "" if procs is None else ", %g programs started per make" % procs,
                          fmt_ratio(floor["ratio"])),
                      judge(c1["ratio"] <= 1.5)))
        s = self.row("2", "sync: small")
        if s:
            t.append(("A no-op `venvmk sync` takes 1 ms or less (3 files, 30 lines)",
                      "%s median (starting `/bin/true` takes %s here)" % (
                          fmt_time(s["median"]), fmt_time(self.row("1-fast", "/bin/true (one process)")["median"])),
                      judge(s["median"] <= 1e-3)))
        b = self.row("2", "sync: big")
        if b:
            t.append(("… and no more than 10 ms for 10,000 lines" + (
                " (smoke: %d lines)" % self.inputs["big"]["lines"] if self.smoke else ""),
                "%s median" % fmt_time(b["median"]), judge(b["median"] <= 10e-3)))
        g3 = self.group("3")
        if g3:
            vmrows = [r for r in g3["rows"] if r["kind"] == "venvmk"]
            pips = sum(r["pip_runs"] for r in vmrows)
            t.append(("An mtime-only change starts no pip, ever",
                      "venvmk: %g pip runs per touch (%d rows, %d counted touches each, %g processes); both "
                      "timestamp Makefiles: %g per touch" % (
                          pips, len(vmrows), vmrows[0]["count_passes"], sum(r["processes"] for r in vmrows),
                          g3["rows"][0]["pip_runs"]),
                      "met" if pips == 0 else "**not met**"))
        t += self.targets7(judge)
        comps = self.comparisons()
        slower = [c for c in comps if c[3] > 1.05]
        t.append(("venvmk is never slower than the tool it replaces",
                  "%d of %d comparisons slower by more than 5%%%s" % (
                      len(slower), len(comps),
                      ": " + "; ".join("%s: %s %s vs %s" % (k, a, fmt_ratio(x), b) for k, a, b, x in slower)
                      if slower else ""),
                  judge(not slower)))
        return t

    def targets7(self, judge):
        """Issue 8's targets: the native fast path (case 7; 7c is timed in case 5's invocation)."""
        t = []
        peers = lambda key: "; ".join("%s: %s" % (r["name"], fmt_time(r["median"]))
                                      for r in self.group(key)["rows"] if r["kind"] != "venvmk")
        a = self.row("7a", "venvmk --no-pip --no-requirements")
        if a:
            t.append(("7a. A native create without pip takes 5 ms or less (interpreter facts cached)",
                      "%s median (%s)" % (fmt_time(a["median"]), peers("7a")), judge(a["median"] <= 5e-3)))
        b = self.row("7b", "venvmk --no-requirements")
        if b:
            t.append(("7b. A native create with pip seeded takes 50 ms or less (caches warm)",
                      "%s median (%s)" % (fmt_time(b["median"]), peers("7b")), judge(b["median"] <= 50e-3)))
        c = self.row("5", self.NAT5)
        if c:
            pips = c.get("pip_runs")
            v = judge(c["median"] <= 0.1)
            if pips is None or pips > 0:
                v = "**not met** (it started pip)"
            t.append(("7c. Recreating an env of %d wheels whose fingerprint was seen before takes 100 ms or less, "
                      "and starts no pip" % self.size["pkgs"],
                      "%s median, %s pip runs per sync (%s; timed in case 5)" % (
                          fmt_time(c["median"]), "—" if pips is None else "%g" % pips,
                          "; ".join("%s: %s" % (r["name"], fmt_time(r["median"])) for r in self.group("5")["rows"]
                                    if r["name"] in ("python3 -m venv + pip install -r", "venvmk --backend venv"))),
                      v))
        d = self.row("7d", "venvmk, report cache cold")
        if d:
            dry = self.row("7d", "pip's dry run alone, in an existing env")
            t.append(("7d. A first sync of %d wheels (report cache cold, wheel cache warm) costs pip's dry run plus "
                      "100 ms or less" % self.size["pkgs"],
                      "%s median; the dry run alone %s, so %s more" % (
                          fmt_time(d["median"]), fmt_time(dry["median"]),
                          ("%+.0f ms" % ((d["median"] - dry["median"]) * 1e3))),
                      judge(d["median"] <= dry["median"] + 0.1)))
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

        w("## Targets (issues 6 and 8)\n")
        w("| target | measured | verdict |\n|---|---|---|")
        for a, b, c in self.targets():
            w("| %s | %s | %s |" % (a, b, c))
        w("")
        w("venvmk's default backend is `native`: venvmk writes the env itself, links pip (and setuptools before "
          "Python 3.12) from the wheels the interpreter bundles for ensurepip, resolves requirements with one "
          "`pip install --dry-run --ignore-installed --report`, caches that report under the env's fingerprint, "
          "and links every wheel from a content-addressed cache. Rows without `--backend` are native; rows with "
          "`--backend venv` or `--backend virtualenv` run those tools as before. Every venvmk in this run uses a "
          "cache of its own in the temp dir (`VENVMK_CACHE_DIR`), made during setup; each case says which of its "
          "parts are warm.\n")
        w("Reading the *never slower* row: a comparison counts as slower when venvmk's median exceeds the other "
          "tool's by more than 5%. Two causes account for the largest gaps, and the tables separate them. A *cold* "
          "create first asks the interpreter for its facts (one more Python start, through the shim here); the "
          "*interpreter cached* rows leave that out, as every recreate does, and as every create does once any "
          "env of that interpreter used the same cache. With `--backend venv` or `virtualenv` venvmk runs the same "
          "tool and the same `pip install -r` as the hand-written way (its `VENVMK_TRACE` shows the commands), so "
          "any other gap is venvmk's own overhead or noise; compare it with the row's min – max.\n")

        g, h = self.group("1-fast"), self.group("1-slow")
        w("## 1. No-op `make` on an up-to-date project\n")
        w("The project: 3 requirements files with 30 lines (see *Inputs*), an env made by `venv.mk`, and "
          "`out.txt`, which depends on `$(VENV_STAMP)`. The timestamp Makefile is the usual hand-written rule, "
          "the one README.md shows: its stamp depends on the three files by mtime, and its recipe runs "
          "`python3 -m venv .venv-ts` and `pip install -r`. *make running one true* and */bin/true* are "
          "references: what it costs to start one program on every make. *venvmk sync alone* is the command "
          "venv.mk's recipe runs when make finds a watched file newer than its last check. The last column "
          "counts the programs each command started per run (`strace -f -e execve` over %d further runs, "
          "after the timed ones); venvmk itself started no process in any run (`VENVMK_TRACE` stayed "
          "empty).\n" % (10 if not self.smoke else 1))
        if g:
            w(self.table(g, cols=("median", "range", "ratio", "started")))
        if h:
            pipr = self.row("1-slow", "pip install -r requirements.txt")
            vmr = self.row("1-slow", "venv.mk")
            toxr = self.row("1-slow", "tox -e bench --notest")
            w("Against what many Makefiles run on every build (`pip install -r` into the same env, and tox's "
              "no-op):\n")
            w(self.table(h))
            w("A no-op `make` through venv.mk is %.0f× faster than `pip install -r` on the same env%s.\n" % (
                pipr["median"] / vmr["median"],
                (" and %.0f× faster than `tox -e bench --notest`" % (toxr["median"] / vmr["median"])) if toxr else ""))

        g = self.group("2")
        if g:
            w("## 2. No-op `venvmk sync` and `venvmk check` by input size\n")
            w("Each input is its own project, synced once, then timed with plain `venvmk -C DIR sync` and "
              "`venvmk -C DIR check`. When no input file's stat changed, venvmk parses no requirements file (when "
              "one did, it does: case 3). The state file it reads holds the normalized requirement lines, so it "
              "grows with them.\n")
            desc = {
                "small": "3 files, %d lines" % self.inputs["small"]["lines"],
                "hash": "pip-compile with hashes: 1 file, %d lines" % self.inputs["hash"]["lines"],
                "big": "1 file, %d requirement lines" % self.inputs["big"]["lines"],
                "nested": "%d files, %d lines (a nested `-r` chain)" % (len(self.inputs["nested"]["files"]),
                                                                       self.inputs["nested"]["lines"]),
                "envs": "%d envs in one venv.conf, all synced" % self.size["envs"],
                "envs1": "the same venv.conf, one env named",
            }
            w("| input | state file | sync median | sync min – max | check median | check min – max | sync vs small "
              "| growth |")
            w("|---|---|---|---|---|---|---|---|")
            base = self.row("2", "sync: small")["median"]
            for k in ("small", "hash", "big", "nested", "envs", "envs1"):
                s = [r for r in g["rows"] if r["input"] == k and r["op"] == "sync"][0]
                c = ([r for r in g["rows"] if r["input"] == k and r["op"] == "check"] or [None])[0]
                growth = "—"
                if k in ("hash", "big"):
                    more = self.inputs[k]["lines"] - self.inputs["small"]["lines"]
                    growth = "%+.0f µs per 1,000 lines more" % ((s["median"] - base) * 1e6 / more * 1000)
                elif k == "nested":
                    more = len(self.inputs[k]["files"]) - len(self.inputs["small"]["files"])
                    growth = "%+.1f µs per file more" % ((s["median"] - base) * 1e6 / more)
                elif k == "envs":
                    growth = "%.0f µs per env" % (s["median"] * 1e6 / self.size["envs"])
                sb = self.inputs[k]["state_bytes"] if k in self.inputs else self.envs_state_bytes
                w("| %s | %s | %s | %s – %s | %s | %s | %s | %s |" % (
                    desc[k], "%.0f KB%s" % (sb / 1000, " in all" if k.startswith("envs") else ""), fmt_time(s["median"]), fmt_time(s["min"]), fmt_time(s["max"]),
                    fmt_time(c["median"]) if c else "—",
                    ("%s – %s" % (fmt_time(c["min"]), fmt_time(c["max"]))) if c else "—",
                    "baseline" if k == "small" else fmt_ratio(s["median"] / base), growth))
            w("\n" + self.runs_note(g, "; venvmk started no process (`VENVMK_TRACE` stayed empty)"))

        g = self.group("3")
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
                  len(self.inputs["nested"]["files"]), self.size["count_passes"],
                  "" if self.size["count_passes"] == 1 else "es"))
            w(self.table(g, cols=("median", "range", "ratio", "pips", "procs")))

        w("## 4. Create an env\n")
        w("`--prepare` removes the env and venvmk's state (`env.venvmk/state`, `stamp`) before each run, so every "
          "run creates from nothing, then runs `sync` so that no run pays for the writeback of the one before. A cold venvmk first asks the interpreter for its facts (one Python start "
          "through the shim), then caches the answer in `env.venvmk/interp` and in the shared cache: the cold rows' "
          "`--prepare` removes both (`env.venvmk/` and `$BENCH/cache/interp`); the *interpreter cached* rows keep "
          "them, as every later recreate does. The rows without `--backend` are native: venvmk writes the env and "
          "starts no program once the interpreter is known; with pip it links pip and setuptools, unpacked in the "
          "shared cache since setup (that part of the cache is warm in every native row, cold or not). With "
          "`--backend venv` or `virtualenv` venvmk runs that tool with the real interpreter behind the shim, so the "
          "create itself skips the shim's cost. virtualenv gets the real path in every row. Case 7 times the "
          "native creates against the tools once more, with more runs.\n")
        for key, title in (("4a", "### No packages (no pip)\n"), ("4b", "### pip seeded\n"),
                           ("4c", "### With Debian's Python (%s), for comparison\n" % getattr(self, "debver", ""))):
            g = self.group(key)
            if g:
                w(title)
                w(self.table(g))

        g = self.group("5")
        if g:
            w("## 5. Create and install %d wheels\n" % self.size["pkgs"])
            w("From the local wheelhouse (`requirements.txt` pins `benchpkg01` to `benchpkg%02d`), the env and "
              "`env.venvmk/` removed before each run; the shared cache keeps its interpreter facts, so no venvmk "
              "row queries the interpreter. The hand-written way is a two-line script: "
              "`python3 -m venv env && env/bin/pip install -r requirements.txt`, or the same with "
              "`virtualenv -p %s env`. With `--backend venv` or `virtualenv` venvmk runs the same tool and the same "
              "`pip install -r`. The native row's fingerprint was synced once before the timing (and again in every "
              "warm-up run), so its pip report and its wheels are in the cache: each run writes the env and links "
              "pip, setuptools and the %d wheels, and starts no pip (the last columns, from `VENVMK_TRACE`). This "
              "native row is case 7c.\n" % (self.size["pkgs"], self.pyreal, self.size["pkgs"]))
            w(self.table(g, cols=("median", "range", "ratio", "createsrun", "pipsrun")))

        g = self.group("6a")
        if g:
            w("## 6. Change a requirement\n")
            w("Each command has its own project and env, so each run starts from that command's previous "
              "result. venv.mk uses the native backend. For venvmk the envs created (its `native-create` "
              "lines) and the pip runs are counted from `VENVMK_TRACE` over all runs; for the Makefiles they "
              "follow from their recipes.\n")
            w("### Pin bump: the recreate path\n")
            w("Before each run `--prepare` flips `gamma==1.0` ↔ `gamma==1.5` in a file that also pins %d other "
              "packages. venvmk recreates the env, because a changed or removed line can leave behind what a clean "
              "build would not have. The timestamp Makefiles upgrade or downgrade in place; the rebuilding "
              "Makefile removes the env first, which is what that guarantee costs by hand. Both venv.mk projects "
              "synced both pins before the timing, so their wheel caches hold both gammas. *venv.mk* flips between "
              "two fingerprints seen before (switching branches back and forth): the pip report of each is cached, "
              "and the recreate starts no pip. *venv.mk, report cache cold* has a cache of its own "
              "(`VENVMK_FLAGS = --cache-dir=$BENCH/cache-6a`), whose `reports/` its `--prepare` removes after the "
              "flip: every bump is then resolved anew by one pip dry run, as for a version never pinned before. "
              "After the runs every env held the gamma its file pinned.\n" % self.size["pkgs"])
            w(self.table(g, cols=("median", "range", "ratio", "creates", "pips")))
        g = self.group("6b")
        if g:
            w("### One requirement added: the install path\n")
            w("Before each run `--prepare` appends the next package (`benchpkg%02d==1.0`, then the next one, from a "
              "wheelhouse of 60) to a file of %d pins. venvmk sees lines only added and refreshes the existing env: "
              "pip installs into it as it is, resolving against what is installed (no dry run, nothing linked), "
              "and venvmk then checks that pip replaced nothing. The Makefiles run `pip install -r` into their env. After the runs every env held the package added last.\n" % (
                  self.size["pkgs"] + 1, self.size["pkgs"]))
            w(self.table(g, cols=("median", "range", "ratio", "creates", "pips")))

        self.report7(w)

        hl = self.inputs["hash"]["lines"]
        w("## Inputs: how each was made\n")
        w("All generated by `bench/runner.py` in a temporary directory; nothing is downloaded.\n")
        w("- **Wheelhouse**: `python3 tests/mkwheelhouse.py DIR --bench 30`: tiny pure-Python wheels `benchpkg01` "
          "to `benchpkg30` (1.0), `alpha`, `beta`, `gamma` (1.0 and 1.5), `delta`, `hello-cli`, plus Debian's "
          "pip, setuptools and wheel wheels. Case 6b uses a second one made with `--bench 60`. Every pip runs "
          "with `PIP_NO_INDEX=1 PIP_FIND_LINKS=DIR PIP_DISABLE_PIP_VERSION_CHECK=1` in its environment (tox "
          "through `setenv`).")
        w("- **3 files, 30 lines**: `requirements.txt` (`-r base.txt`, `-r dev.txt`, 8 pins), `base.txt` (10 pins) "
          "and `dev.txt` (10 pins): 28 packages.")
        w("- **pip-compile with hashes, %d lines**: what `pip-compile --generate-hashes` writes: its 6-line header, "
          "then for each of %d packages `benchpkgNN==1.0 \\`, %d or %d `--hash=sha256:…` continuation lines, "
          "and `# via -r requirements.in`. One hash per package is the real SHA-256 of its wheel; the others are "
          "made-up hex standing for the sdist and other platforms' wheels that pip-compile lists. pip checks the "
          "hashes (hash-checking mode) when the env is built, so the env really is synced from this file." % (
              hl, self.size["pkgs"], (hl - 6) // self.size["pkgs"] - 2, -(-(hl - 6) // self.size["pkgs"]) - 2))
        w("- **%d requirement lines**: %d pins, then distinct lines `benchpkgNN==1.0 ; python_version < \"2.K\"`, "
          "whose markers are false on Python 3: pip skips them, but venvmk reads, normalizes and records every "
          "one. No comments or blank lines: the worst case for its reader." % (
              self.inputs["big"]["lines"], self.size["pkgs"]))
        w("- **Nested `-r` files**: `requirements.txt` holds `-r nest/r001.txt`; each `rNNN.txt` holds a comment, "
          "`-r` of the next one and one pin: a chain %d files deep below `requirements.txt`." % self.size["nested"])
        w("- **%d envs**: one `venv.conf` with %d sections `env \"eNNN\" { dir = \"envs/eNNN\" pip = false }` "
          "and no requirements, built by one `venvmk sync` (native: no process per env)." % (
              self.size["envs"], self.size["envs"]))
        w("- **Case 5** (and 7c) installs `benchpkg01` to `benchpkg%02d` from one file; **case 6** starts from the "
          "same %d pins (plus `gamma==1.0` for the pin bump); **case 7d** syncs the same %d pins in a project of "
          "its own, whose `dryenv` (a native env synced in setup) runs the dry run alone.\n" % (
              self.size["pkgs"], self.size["pkgs"], self.size["pkgs"]))

        w("## Reproduce\n")
        w("```sh\n(cd _build && make)     # or ./autogen.sh && ./configure && make in the tree\n"
          "bench/run               # the full run: writes BENCHMARKS.md and bench/results.json\n"
          "bench/run --smoke       # what CI runs: one run per case, small inputs, report in its temp dir\n```\n")
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

    def report7(self, w):
        if not (self.group("7a") or self.group("7b") or self.group("7d")):
            return
        real = self.pyreal
        w("## 7. The native fast path (issue 8)\n")
        w("The native backend against the tools it replaces, each target row in the same hyperfine invocation as "
          "its peers (7c in case 5's). Before each timing, venvmk synced the row's env once outside hyperfine, so "
          "the caches a row is meant to find warm are warm whatever the warm-up count; `VENVMK_TRACE` over all "
          "runs checks what each native run started. As in cases 4 and 5, every `--prepare` ends with `sync`, so "
          "no command is timed while the kernel writes back the thousands of files the command before it made "
          "(without it, the native create with pip measured 53 ms here against 14 to 22 ms alone: it ran right "
          "after `python -m venv`). The targets are in the table at the top.\n")
        g = self.group("7a")
        if g:
            w("### 7a. Create an env without pip\n")
            w("`venvmk --dir env --no-pip --no-requirements sync` against `%s -m venv --without-pip env`%s. The "
              "native row's `--prepare` removes `env`, `env.venvmk/state` and `env.venvmk/stamp` but keeps "
              "`env.venvmk/interp`, and the shared cache holds the interpreter's facts too: this is a create by a "
              "venvmk that has seen the interpreter before. The venv rows' `--prepare` removes `env` and `env.venvmk`. Each native "
              "run wrote exactly one `venvmk native-create` line to the trace and started no process.\n" % (
                  real, " and Debian's `%s -m venv --without-pip env`" % self.debpy if self.debpy else ""))
            w(self.table(g))
        g = self.group("7b")
        if g:
            w("### 7b. Create an env with pip\n")
            st = " and setuptools" if tuple(int(x) for x in self.pyver.split(".")[:2]) < (3, 12) else ""
            w("`venvmk --dir env --no-requirements sync` against `%s -m venv env` (ensurepip installs pip%s from "
              "the interpreter's bundled wheels with a pip subprocess)%s, all with the real interpreter path. The "
              "`--prepare` lines are those of 7a. Warm: the interpreter facts and pip%s unpacked in the shared "
              "cache (since setup), so a native run writes the env and hard-links pip's files and starts no "
              "process, as the trace showed for every run.\n" % (
                  real, st, " and `virtualenv -p %s env` (it seeds pip, setuptools and wheel from its app-data)" % real
                  if self.have_virtualenv else "", st))
            w(self.table(g))
        g = self.group("5")
        r = self.row("5", self.NAT5)
        if g and r:
            w("### 7c. Recreate an env of %d wheels whose fingerprint was seen before\n" % self.size["pkgs"])
            w("Timed in case 5 (same invocation, same `--prepare`: `rm -rf env env.venvmk`), shown here again "
              "with its peers. The report cache holds the report of this fingerprint and the wheel cache its %d "
              "wheels (both from the sync before the timing), so the native recreate writes the env, links pip, "
              "setuptools and the wheels, and starts no pip: the trace held no `-m pip` line for it. This is what "
              "`make clean`, switching a branch back, or a second worktree costs. The peers build the same env "
              "with pip: `python3 -m venv env && env/bin/pip install -r requirements.txt` (`venv_pip.sh`) and "
              "`venvmk --backend venv`.\n" % self.size["pkgs"])
            keep = ("python3 -m venv + pip install -r", self.NAT5, "venvmk --backend venv")
            w(self.table(dict(g, rows=[x for x in g["rows"] if x["name"] in keep]),
                         cols=("median", "range", "ratio", "pipsrun")))
        g = self.group("7d")
        if g:
            w("### 7d. First sync of %d wheels: the report cache cold\n" % self.size["pkgs"])
            w("`venvmk --dir env -r requirements.txt sync` with `--prepare` removing `env`, `env.venvmk` and the "
              "cache's `reports/`: the fingerprint looks new, so venvmk runs pip's dry run in the new env, caches "
              "its report and links the wheels. Warm: the interpreter facts, pip and setuptools, and the %d wheels "
              "(unpacked during setup, when `dryenv` was synced from the same pins). Against it, the dry run "
              "alone: `dryenv/bin/python -m pip install --disable-pip-version-check --no-input -q --dry-run "
              "--ignore-installed --report /dev/null -r requirements.txt`, the arguments venvmk gives pip, in an "
              "existing env, with the same `PIP_*` environment. The difference of the medians is what the native "
              "backend adds to pip's resolve: writing the env, reading the report, linking. The trace held one "
              "dry run per native run and no other pip.\n" % self.size["pkgs"])
            w(self.table(g, cols=("median", "range", "ratio", "pipsrun")))

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
                                 processes=r.get("processes"), env_creates=r.get("creates")))
        return dict(generated_by="bench/run", smoke=self.smoke, machine=self.machine_info,
                    inputs={k: dict(files=len(v["files"]), lines=v["lines"]) for k, v in self.inputs.items()},
                    targets=[dict(target=a, measured=b, verdict=c.strip("*")) for a, b, c in self.targets()],
                    problems=self.problems, results=rows)

    # ------------------------------------------------------------------ main

    def main(self):
        a = self.args
        self.env = self.make_env("/nonexistent")
        self.venvmk = self.venvmk_src = self.find_venvmk()
        self.venv_mk = self.venv_mk_src = os.path.abspath(a.venv_mk or os.path.join(REPO, "mk", "venv.mk"))
        self.argv_shown = []
        if a.smoke:
            self.argv_shown.append("--smoke")
        base = tempfile.gettempdir() if not a.tmpdir else a.tmpdir
        self.T = tempfile.mkdtemp(prefix="venvmk-bench.", dir=base)
        if " " in self.T:
            raise BenchError("the temp dir %s holds a space; venv.mk refuses such paths (use --tmpdir)" % self.T)
        out = a.out or (os.path.join(self.T, "BENCHMARKS.md") if self.smoke else os.path.join(REPO, "BENCHMARKS.md"))
        if a.json:
            jout = a.json
        elif not a.out and not self.smoke:
            jout = os.path.join(REPO, "bench", "results.json")
        else:
            jout = os.path.splitext(out)[0] + ".json"
        self.jout = jout
        self.jout_rel = os.path.relpath(jout, os.path.dirname(os.path.abspath(out)))
        log("venvmk: %s\nmode: %s\nreport: %s\njson: %s" % (self.venvmk, "smoke" if self.smoke else "full", out, jout))
        try:
            self.setup()
            self.machine_info = self.machine()
            for c in (self.case1, self.case2, self.case3, self.case4, self.case5, self.case6, self.case7):
                c()
        finally:
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
        log("\nwrote %s and %s in %.0f s" % (out, jout, time.time() - self.started))
        if self.problems:
            log("\n%d problem(s):" % len(self.problems))
            for p in self.problems:
                log("  " + p)
            return 1
        return 0


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description="Benchmark venvmk against the tools it replaces.")
    ap.add_argument("--smoke", action="store_true",
                    help="one run per case, small inputs, no timing claims; fails if a command fails (CI)")
    ap.add_argument("--venvmk", metavar="PATH",
                    help="the venvmk to time (default: _build/src/venvmk, else src/venvmk, else venvmk on PATH)")
    ap.add_argument("--venv-mk", metavar="PATH", help="the venv.mk to include (default: mk/venv.mk)")
    ap.add_argument("--out", metavar="FILE",
                    help="the report (default: BENCHMARKS.md at the repo root; with --smoke, in the temp dir)")
    ap.add_argument("--json", metavar="FILE",
                    help="the raw results (default: bench/results.json, or next to --out)")
    ap.add_argument("--tmpdir", metavar="DIR", help="where to make the temp dir (default: $TMPDIR or /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = ap.parse_args()
    r = Runner(args)
    try:
        rc = r.main()
    except BenchError as e:
        log("bench/run: %s" % e)
        rc = 1
    except KeyboardInterrupt:
        rc = 130
    if not args.keep and getattr(r, "T", None) and os.path.isdir(r.T):
        subprocess.run(["rm", "-rf", r.T])
    return rc


if __name__ == "__main__":
    sys.exit(main())
