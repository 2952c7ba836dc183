"""Case 5 (and 7c): create an env and install 30 wheels from the local wheelhouse: venvmk
native (a recreate of a fingerprint seen before) and through the venv and virtualenv backends,
against `python3 -m venv && pip install -r` and virtualenv."""

import os

from common import fmt_time  # noqa: F401

KEY = "install"
TITLE = "5. create and install 30 wheels from a local wheelhouse (and 7c, the native recreate)"
NAT5 = "venvmk (native, fingerprint seen before)"


def setup(bench):
    size = bench.size
    bench.write("c5/requirements.txt", "".join("benchpkg%02d==1.0\n" % i for i in range(1, size["pkgs"] + 1)))
    bench.write("c5/venv_pip.sh", "set -e\npython3 -m venv env\nenv/bin/pip install -r requirements.txt\n")
    bench.write("c5/virtualenv_pip.sh", "set -e\nvirtualenv -p %s env\nenv/bin/pip install -r requirements.txt\n"
                % bench.pyreal)
    return []


def run(bench):
    """Also case 7c: the native row is a recreate of a fingerprint seen before."""
    vm = bench.venvmk
    rm = ["rm", "-rf", "env", "env.venvmk"]
    c5 = bench.p("c5")
    b0 = "python3 -m venv + pip install -r"
    npk = bench.size["pkgs"]
    rows = [
        dict(name=b0, cmd=["sh", "venv_pip.sh"], prepare=rm, kind="other", pip_runs=1, creates=1),
        dict(name=NAT5, cmd=[vm, "--dir", "env", "-r", "requirements.txt", "sync"], prepare=rm,
             base=b0, kind="venvmk"),
        dict(name="venvmk --backend venv",
             cmd=[vm, "--dir", "env", "-r", "requirements.txt", "--backend", "venv", "sync"], prepare=rm,
             base=b0, kind="venvmk"),
    ]
    if bench.have_virtualenv:
        b1 = "virtualenv + pip install -r"
        rows += [
            dict(name=b1, cmd=["sh", "virtualenv_pip.sh"], prepare=rm, kind="other", pip_runs=1, creates=1),
            dict(name="venvmk --backend virtualenv",
                 cmd=[vm, "--dir", "env", "-r", "requirements.txt", "--backend", "virtualenv", "sync"],
                 prepare=rm, base=b1, kind="venvmk"),
        ]
    # The native row's fingerprint is seen before the timing starts (its pip report cached, its
    # wheels unpacked), whatever the warm-up count: every timed run is the no-pip recreate.
    bench.traced(rows[1], c5)
    g = bench.hyperfine("5", "create and install %d wheels" % npk, rows, c5, bench.size["slow"], trace=True,
                        flush=True)
    n = (g["warmup"] + g["runs"]) * g["rounds"]
    nb = n * (2 if bench.have_virtualenv else 1)
    t = bench.tally(g["trace"])
    # The venv and virtualenv backends run `pip install -r` once per sync; the native row
    # starts no pip at all, so every pip line belongs to them, and none is a dry run.
    bench.premise(t["pips"] == nb and t["dry"] == 0 and t["native"] == n,
                 "case 5: in %d syncs per row venvmk started %d pips (%d dry runs) and %d native creates; "
                 "expected %d, 0 and %d" % (n, t["pips"], t["dry"], t["native"], nb, n))
    for r in rows[1:]:
        if r["kind"] == "venvmk":
            native = r["name"] == NAT5
            r["pip_runs"] = (t["dry"] / n) if native else (t["pips"] - t["dry"]) / nb
            r["creates"] = 1
    have = bench.out([os.path.join(c5, "env/bin/python"), "-m", "pip", "list", "--format=freeze"], cwd=c5)
    bench.premise(sum(1 for l in have.splitlines() if l.startswith("benchpkg")) == npk,
                 "case 5: the last env lacks the %d packages" % npk)
    # The native env itself, once more: no pip started, and every package there.
    t = bench.tally(bench.traced(rows[1], c5))
    bench.premise(t["pips"] == 0 and t["native"] == 1,
                 "case 5/7c: a native recreate of a seen fingerprint started %d pips" % t["pips"])
    bench.has_pkgs(os.path.join(c5, "env"), "case 5/7c (native)", n=npk, names=["benchpkg01"])


def targets(bench, judge):
    return []


def report(bench, w):
    g = bench.group("5")
    if g:
        w("## 5. Create and install %d wheels\n" % bench.size["pkgs"])
        w("From the local wheelhouse (`requirements.txt` pins `benchpkg01` to `benchpkg%02d`), the env and "
          "`env.venvmk/` removed before each run; the shared cache keeps its interpreter facts, so no venvmk "
          "row queries the interpreter. The hand-written way is a two-line script: "
          "`python3 -m venv env && env/bin/pip install -r requirements.txt`, or the same with "
          "`virtualenv -p %s env`. With `--backend venv` or `virtualenv` venvmk runs the same tool and the same "
          "`pip install -r`. The native row's fingerprint was synced once before the timing (and again in every "
          "warm-up run), so its pip report and its wheels are in the cache: each run writes the env and links "
          "pip, setuptools and the %d wheels, and starts no pip (the last columns, from `VENVMK_TRACE`). This "
          "native row is case 7c.\n" % (bench.size["pkgs"], bench.pyreal, bench.size["pkgs"]))
        w(bench.table(g, cols=("median", "range", "ratio", "createsrun", "pipsrun")))


def inputs(bench):
    return ["- **Case 5** (and 7c) installs `benchpkg01` to `benchpkg%02d` from one file; **case 6** starts from the "
            "same %d pins (plus `gamma==1.0` for the pin bump); **case 7d** syncs the same %d pins in a project of "
            "its own, whose `dryenv` (a native env synced in setup) runs the dry run alone." % (
                bench.size["pkgs"], bench.size["pkgs"], bench.size["pkgs"])]
