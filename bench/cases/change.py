"""Case 6: change a requirement: a pin bump (the recreate path, with the report cache warm and
cold) and one requirement added (the install path), venv.mk against the timestamp Makefiles."""

import os

from .touch import TS, TS2

KEY = "change"
TITLE = "6. change a requirement: pin bump (recreate) and one line added (install)"


def cache6(bench):
    """Case 6a's cold-report row has a cache of its own, so that removing its reports leaves the
    others warm."""
    return bench.p("cache-6a")


def setup(bench):
    size = bench.size
    os.makedirs(cache6(bench), exist_ok=True)
    # one project per command, so that each one's previous sync is its own
    base = "".join("benchpkg%02d==1.0\n" % i for i in range(1, size["pkgs"] + 1))
    for d in ("c6a-ts", "c6a-t2", "c6a-rb", "c6a-vm", "c6a-vc"):
        bench.write(d + "/requirements.txt", base + "gamma==1.0\n")
        bench.makefiles(d, ["requirements.txt"], vm_flags="--cache-dir=" + cache6(bench) if d == "c6a-vc" else None)
    for d in ("c6b-ts", "c6b-t2", "c6b-vm"):
        bench.write(d + "/requirements.txt", base)
        bench.makefiles(d, ["requirements.txt"])
    # Each prepare first sleeps 20 ms: file times come from a coarse kernel clock (a tick of
    # 4 ms or more), and a change made within the tick of the previous run's last write
    # would look like no change to make, and like no new stat to venvmk.
    bench.write("flip.sh", "# pin bump: gamma 1.0 <-> 1.5, a new mtime each time\n"
                "sleep 0.02\nf=$1\nif grep -q '^gamma==1.0$' \"$f\"; then sed -i 's/^gamma==1.0$/gamma==1.5/' \"$f\"\n"
                "else sed -i 's/^gamma==1.5$/gamma==1.0/' \"$f\"; fi\n")
    bench.write("flip-cold.sh", "# pin bump with the report cache cold: flip, then remove the cached reports\n"
                "sh %s \"$1\" && rm -rf \"$2\"\n" % bench.p("flip.sh"))
    bench.write("add.sh", "# one requirement added: the next benchpkg after the last line\n"
                "sleep 0.02\nf=$1\nn=$(grep -c . \"$f\")\nprintf 'benchpkg%02d==1.0\\n' $((n + 1)) >>\"$f\"\n")
    tasks = []
    for d in ("c6a-ts", "c6a-t2", "c6a-rb", "c6a-vm", "c6a-vc", "c6b-ts", "c6b-t2", "c6b-vm"):
        mk = {"ts": "stamp.mk", "t2": "stamp2.mk", "rb": "rebuild.mk", "vm": "venvmk.mk", "vc": "venvmk.mk"}[d[-2:]]
        tasks.append(bench.task(d, ["make", "-s", "-f", mk], d, bench.env60 if d.startswith("c6b") else bench.env))
    return tasks


def run(bench):
    flip = ["sh", bench.p("flip.sh")]
    add = ["sh", bench.p("add.sh")]
    RB = "Makefile that rebuilds the env"
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
             prepare=["sh", bench.p("flip-cold.sh"), "c6a-vc/requirements.txt", os.path.join(cache6(bench), "reports")],
             base=TS, also=[TS2, RB], kind="venvmk", dir="c6a-vc"),
    ]
    # Both pins are seen before the timing starts: each venv.mk project syncs gamma 1.5, then
    # 1.0 again, so its cache holds both reports and both gamma wheels.
    for d in ("c6a-vm", "c6a-vc"):
        for _ in range(2):
            bench.run(flip + [d + "/requirements.txt"], bench.T)
            bench.run(["make", "-s", "-C", d, "-f", "venvmk.mk"], bench.T)
    g = bench.hyperfine("6a", "pin bump (gamma 1.0 <-> 1.5): the recreate path", rows, bench.T, bench.size["slow"],
                       trace=True)
    n = (g["warmup"] + g["runs"]) * g["rounds"]
    t = bench.tally(g["trace"])
    cvm = bench.tally(g["trace"], bench.p("c6a-vm"))["native"]
    cvc = bench.tally(g["trace"], bench.p("c6a-vc"))["native"]
    # The warm row starts no pip; the cold one exactly one dry run per bump.
    bench.premise(cvm == n and cvc == n and t["venv"] == 0 and t["dry"] == n and t["pips"] == n,
                 "case 6a: in %d pin bumps per row venvmk made %d + %d native envs (and %d with -m venv) and "
                 "started %d pips (%d resolves: dry runs or pip downloads); expected %d + %d, 0 and %d resolves only" % (
                     n, cvm, cvc, t["venv"], t["pips"], t["dry"], n, n, n))
    rows[3].update(creates=cvm / n, pip_runs=0.0 if t["pips"] == n else None)
    rows[4].update(creates=cvc / n, pip_runs=1.0 if t["pips"] == n else None)
    for d, envdir in (("c6a-ts", ".venv-ts"), ("c6a-t2", ".venv-ts2"), ("c6a-rb", ".venv-rb"),
                      ("c6a-vm", ".venv"), ("c6a-vc", ".venv")):
        with open(bench.p(d, "requirements.txt")) as f:
            want = [l.split("==")[1].strip() for l in f if l.startswith("gamma==")][0]
        have = bench.out([bench.p(d, envdir, "bin/python"), "-c", "import gamma; print(gamma.__version__)"])
        bench.premise(have == want, "case 6a: %s has gamma %s, its requirements say %s" % (d, have, want))
    bench.has_pkgs(bench.p("c6a-vm", ".venv"), "case 6a (venv.mk)", n=bench.size["pkgs"])
    rows = [
        dict(name=TS, cmd=["make", "-s", "-C", "c6b-ts", "-f", "stamp.mk"],
             prepare=add + ["c6b-ts/requirements.txt"], kind="other", creates=1, pip_runs=1),
        dict(name=TS2, cmd=["make", "-s", "-C", "c6b-t2", "-f", "stamp2.mk"],
             prepare=add + ["c6b-t2/requirements.txt"], base=TS, kind="other", creates=0, pip_runs=1),
        dict(name="venv.mk", cmd=["make", "-s", "-C", "c6b-vm", "-f", "venvmk.mk"],
             prepare=add + ["c6b-vm/requirements.txt"], base=TS, also=[TS2], kind="venvmk"),
    ]
    g = bench.hyperfine("6b", "one requirement added: the install path", rows, bench.T, bench.size["slow"],
                       env=bench.env60, trace=True)
    n = (g["warmup"] + g["runs"]) * g["rounds"]
    t = bench.tally(g["trace"])
    rows[2].update(creates=t["creates"] / n, pip_runs=t["pips"] / n)
    # Lines only added: a refresh.  pip installs into the existing env as it is (no dry run);
    # venvmk creates nothing.
    bench.premise(t["creates"] == 0 and t["pips"] == n and t["dry"] == 0,
                 "case 6b: venvmk made %d envs and started %d pips (%d dry runs) in %d additions"
                 % (t["creates"], t["pips"], t["dry"], n))
    for d, envdir in (("c6b-ts", ".venv-ts"), ("c6b-t2", ".venv-ts2"), ("c6b-vm", ".venv")):
        last = open(bench.p(d, "requirements.txt")).read().split()[-1].split("==")[0]
        p = bench.run([bench.p(d, envdir, "bin/python"), "-c", "import " + last], check=False)
        bench.premise(p.returncode == 0, "case 6b: %s lacks %s, the line added last" % (d, last))


def targets(bench, judge):
    return []


def report(bench, w):
    g = bench.group("6a")
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
          "After the runs every env held the gamma its file pinned.\n" % bench.size["pkgs"])
        w(bench.table(g, cols=("median", "range", "ratio", "creates", "pips")))
    g = bench.group("6b")
    if g:
        w("### One requirement added: the install path\n")
        w("Before each run `--prepare` appends the next package (`benchpkg%02d==1.0`, then the next one, from a "
          "wheelhouse of 60) to a file of %d pins. venvmk sees lines only added and refreshes the existing env: "
          "pip installs into it as it is, resolving against what is installed (no dry run, nothing linked), "
          "and venvmk then checks that pip replaced nothing. The Makefiles run `pip install -r` into their env. After the runs every env held the package added last.\n" % (
              bench.size["pkgs"] + 1, bench.size["pkgs"]))
        w(bench.table(g, cols=("median", "range", "ratio", "creates", "pips")))

