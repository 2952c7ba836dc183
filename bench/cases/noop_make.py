"""Case 1: a no-op `make` on an up-to-date project, against a bare make, the usual timestamp
Makefile, `pip install -r` and tox; also the no-op `venvmk sync` against `/bin/true` (issue 11)."""

import re
import shlex
import subprocess

from common import BenchError, fmt_ratio, fmt_time

KEY = "noop_make"
TITLE = "1. no-op make on an up-to-date project (venv.mk, venvmk sync, /bin/true, pip, tox)"
B = "bare make (empty rule)"
TRUE = "/bin/true (one process)"
ALONE = "venvmk sync alone (the recipe)"


def setup(bench):
    """p1: the project with all three Makefiles, and tox (case 3 touches it too)."""
    files = bench.req_small("p1")
    bench.makefiles("p1", files)
    bench.write("p1/tox.ini",
                "[tox]\nskipsdist = true\nenvlist = bench\n\n[testenv:bench]\nbasepython = %s\n"
                "deps = -r requirements.txt\nsetenv =\n    PIP_NO_INDEX = 1\n    PIP_FIND_LINKS = %s\n"
                "    PIP_DISABLE_PIP_VERSION_CHECK = 1\ncommands = python -c pass\n" % (bench.pyreal, bench.wh))
    bench.p1_files = files
    tasks = [
        bench.task("p1 venv.mk env", ["make", "-s", "-f", "venvmk.mk"], "p1", bench.env),
        bench.task("p1 timestamp env", ["make", "-s", "-f", "stamp.mk"], "p1", bench.env),
        bench.task("p1 timestamp env, pip only", ["make", "-s", "-f", "stamp2.mk"], "p1", bench.env),
    ]
    if bench.have_tox:
        tasks.append(bench.task("p1 tox env", ["tox", "-e", "bench", "--notest"], "p1", bench.env))
    return tasks


def vm_make_flags(bench):
    """The venvmk command venv.mk runs for the default env of p1 (make -n -B prints it
    without running it), so that the direct row declares the same env as make does."""
    out = bench.out(["make", "-n", "-B", "-f", "venvmk.mk", ".venv.venvmk/stamp"], cwd=bench.p("p1"))
    for line in out.splitlines():
        words = shlex.split(line)
        if words and words[0] == bench.venvmk and "sync" in words:
            return words
    raise BenchError("cannot find the venvmk sync command venv.mk runs in:\n" + out)


def count_procs(bench, rows, cwd, n):
    """How many programs each row's command starts per run, by strace -f over N runs
    (after the timed runs, so that strace costs nothing there).  None without strace."""
    strace = bench.which("strace")
    for r in rows:
        r["procs_per_run"] = None
        if not strace:
            continue
        total = 0
        ok = True
        for i in range(n):
            # strace's report on stderr: a file would change a watched directory's mtime
            p = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve"] + r["cmd"], cwd=cwd, env=bench.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, universal_newlines=True)
            execs = sum(1 for l in p.stderr.splitlines()
                        if re.match(r"^(\[pid +\d+\] |\d+ +)?execve\(", l) and l.rstrip().endswith("= 0"))
            if p.returncode != 0 or execs == 0:
                ok = False
                break
            total += execs - 1   # the command itself
        if ok:
            r["procs_per_run"] = total / n


def run(bench):
    vm_cmd = vm_make_flags(bench)
    fast = [
        dict(name=B, cmd=["make", "-s", "-f", "empty.mk"], kind="floor"),
        dict(name="make running one true", cmd=["make", "-s", "-f", "true.mk"], base=B, kind="floor"),
        dict(name="timestamp Makefile", cmd=["make", "-s", "-f", "stamp.mk"], base=B, kind="other"),
        dict(name="venv.mk", cmd=["make", "-s", "-f", "venvmk.mk"], base=B, kind="venvmk"),
        dict(name=ALONE, cmd=vm_cmd, base=B, also=[TRUE], kind="venvmk"),
        dict(name=TRUE, cmd=["/bin/true"], base=B, kind="floor"),
    ]
    g = bench.hyperfine("1-fast", "no-op make, up-to-date project (3 files, 30 lines)", fast, bench.p("p1"),
                        bench.size["fast"], trace=True)
    count_procs(bench, fast, bench.p("p1"), 10 if not bench.smoke else 1)
    bench.premise(not g["trace"], "case 1: a no-op make started a process: %s" % g["trace"][:3])
    slow = [
        dict(name=B, cmd=["make", "-s", "-f", "empty.mk"], kind="floor"),
        dict(name="venv.mk", cmd=["make", "-s", "-f", "venvmk.mk"], base=B, kind="venvmk"),
        dict(name="pip install -r requirements.txt", cmd=[".venv/bin/pip", "install", "-r", "requirements.txt"],
             base=B, kind="other"),
    ]
    if bench.have_tox:
        slow.append(dict(name="tox -e bench --notest", cmd=["tox", "-e", "bench", "--notest"], base=B,
                         kind="other"))
    g = bench.hyperfine("1-slow", "no-op make against pip and tox", slow, bench.p("p1"), bench.size["mid"],
                        trace=True)
    bench.premise(not g["trace"], "case 1: a no-op make started a process: %s" % g["trace"][:3])
    bench.check_fresh("p1", "case 1 (after pip install -r on the env)",
                      ["check" if a == "sync" else a for a in vm_cmd])
    instructions(bench, vm_cmd)


def instructions(bench, vm_cmd):
    """Instructions executed (valgrind's callgrind, user space and the dynamic loader, not the
    kernel) by the no-op `venvmk sync` and by /bin/true: a count load does not disturb.  Full runs
    only, when valgrind is there."""
    vg = bench.which("valgrind")
    if bench.smoke or not vg:
        return
    got = {}
    for name, cmd in ((ALONE, vm_cmd), (TRUE, ["/bin/true"])):
        p = subprocess.run([vg, "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd, cwd=bench.p("p1"),
                           env=bench.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, universal_newlines=True)
        m = re.search(r"Collected : (\d+)", p.stderr)
        if p.returncode != 0 or not m:
            return
        got[name] = int(m.group(1))
    bench.extra["noop_instructions"] = got


def targets(bench, judge):
    t = []
    c1 = bench.row("1-fast", "venv.mk")
    if c1:
        floor = bench.row("1-fast", "make running one true")
        procs = c1.get("procs_per_run")
        t.append(("A no-op `make` costs at most 1.5× a bare `make`",
                  "%s bare make (%s vs %s)%s; a make that runs one `true` is %s" % (
                      fmt_ratio(c1["ratio"]), fmt_time(c1["median"]),
                      fmt_time(bench.row("1-fast", B)["median"]),
                      "" if procs is None else ", %g programs started per make" % procs,
                      fmt_ratio(floor["ratio"])),
                  judge(c1["ratio"] <= 1.5)))
    a = bench.row("1-fast", ALONE)
    if a:
        tr = bench.row("1-fast", TRUE)
        ratio = a["median"] / tr["median"]
        t.append(("11. A no-op `venvmk sync` costs at most 1.3× starting `/bin/true`, side by side",
                  "%s (%s vs %s, medians of %d runs each in the same invocations: case 1's *%s* and "
                  "*/bin/true*)" % (fmt_ratio(ratio), fmt_time(a["median"]), fmt_time(tr["median"]), a["runs"],
                                    ALONE),
                  judge(ratio <= 1.3)))
    return t


def instructions_note(bench):
    got = bench.extra.get("noop_instructions")
    if not got:
        return ""
    return (" Counted by callgrind (user space and the dynamic loader; not the kernel's exec, mmap and page faults, "
            "which dominate both), the no-op `venvmk sync` executes %s instructions and `/bin/true` %s (%s)." % (
                "{:,}".format(got[ALONE]), "{:,}".format(got[TRUE]), fmt_ratio(got[ALONE] / got[TRUE])))


def report(bench, w):
    g, h = bench.group("1-fast"), bench.group("1-slow")
    if not (g or h):
        return
    w("## 1. No-op `make` on an up-to-date project\n")
    w("The project: 3 requirements files with 30 lines (see *Inputs*), an env made by `venv.mk`, and "
      "`out.txt`, which depends on `$(VENV_STAMP)`. The timestamp Makefile is the usual hand-written rule, "
      "the one README.md shows: its stamp depends on the three files by mtime, and its recipe runs "
      "`python3 -m venv .venv-ts` and `pip install -r`. *make running one true* and */bin/true* are "
      "references: what it costs to start one program on every make. *venvmk sync alone* is the command "
      "venv.mk's recipe runs when make finds a watched file newer than its last check; its second ratio, "
      "against */bin/true* in the same invocations, is issue 11's no-op target. The last column "
      "counts the programs each command started per run (`strace -f -e execve` over %d further runs, "
      "after the timed ones); venvmk itself started no process in any run (`VENVMK_TRACE` stayed "
      "empty).%s\n" % (10 if not bench.smoke else 1, instructions_note(bench)))
    if g:
        w(bench.table(g, cols=("median", "range", "ratio", "started")))
    if h:
        pipr = bench.row("1-slow", "pip install -r requirements.txt")
        vmr = bench.row("1-slow", "venv.mk")
        toxr = bench.row("1-slow", "tox -e bench --notest")
        w("Against what many Makefiles run on every build (`pip install -r` into the same env, and tox's "
          "no-op):\n")
        w(bench.table(h))
        w("A no-op `make` through venv.mk is %.0f× faster than `pip install -r` on the same env%s.\n" % (
            pipr["median"] / vmr["median"],
            (" and %.0f× faster than `tox -e bench --notest`" % (toxr["median"] / vmr["median"])) if toxr else ""))
