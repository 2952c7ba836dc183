"""Case 4: create an env with no packages, with pip seeded, and with Debian's Python: venvmk
(native, and through the venv and virtualenv backends) against `python -m venv` and virtualenv."""

import os

KEY = "create"
TITLE = "4. create an env (no packages, pip seeded, Debian's Python)"


def setup(bench):
    os.makedirs(bench.p("c4"), exist_ok=True)
    os.makedirs(bench.p("c4deb"), exist_ok=True)
    return []


def run(bench):
    vm = bench.venvmk
    rm = ["rm", "-rf", "env", "env.venvmk"]
    # Cold: no interpreter answer anywhere, neither in env.venvmk/ nor in the shared cache.
    rmcold = rm + [os.path.join(bench.cache, "interp")]
    rmc = ["rm", "-rf", "env", "env.venvmk/state", "env.venvmk/stamp"]
    c4 = bench.p("c4")
    V0, VE0 = "python3 -m venv --without-pip", "virtualenv --no-seed"
    R0 = "%s -m venv --without-pip, real path (no shim)" % os.path.basename(bench.pyreal)
    C = ", interpreter cached"
    n0 = [vm, "--dir", "env", "--no-pip", "sync"]
    b0 = [vm, "--dir", "env", "--no-pip", "--backend", "venv", "sync"]
    rows = [
        dict(name=V0, cmd=["python3", "-m", "venv", "--without-pip", "env"], prepare=rm, kind="other"),
        dict(name=R0, cmd=[bench.pyreal, "-m", "venv", "--without-pip", "env"], prepare=rm, base=V0, kind="other"),
        dict(name="venvmk --no-pip", cmd=n0, prepare=rmcold, base=V0, kind="venvmk"),
        dict(name="venvmk --no-pip" + C, cmd=n0, prepare=rmc, base=V0, also=[R0], kind="venvmk"),
        dict(name="venvmk --no-pip --backend venv", cmd=b0, prepare=rmcold, base=V0, kind="venvmk"),
        dict(name="venvmk --no-pip --backend venv" + C, cmd=b0, prepare=rmc, base=V0, kind="venvmk"),
    ]
    if bench.have_virtualenv:
        ve = [vm, "--dir", "env", "--no-pip", "--backend", "virtualenv", "sync"]
        rows += [
            dict(name=VE0, cmd=["virtualenv", "--no-seed", "-p", bench.pyreal, "env"], prepare=rm, kind="other"),
            dict(name="venvmk --no-pip --backend virtualenv", cmd=ve, prepare=rmcold, base=VE0, kind="venvmk"),
            dict(name="venvmk --no-pip --backend virtualenv" + C, cmd=ve, prepare=rmc, base=VE0, kind="venvmk"),
        ]
    bench.hyperfine("4a", "create an env with no packages", rows, c4, bench.size["create_fast"], flush=True)
    bench.premise(os.path.exists(os.path.join(c4, "env/bin/python")), "case 4a: no env/bin/python")
    t = bench.tally(bench.traced(rows[3], c4))
    bench.premise(t["native"] == 1 and t["procs"] == 0,
                 "case 4a: a cached native create did not write the env alone (%s)" % t)
    bench.has_pkgs(os.path.join(c4, "env"), "case 4a (native)", names=["sys"])
    V1, VE1 = "python3 -m venv", "virtualenv"
    n1 = [vm, "--dir", "env", "sync"]
    rows = [
        dict(name=V1, cmd=["python3", "-m", "venv", "env"], prepare=rm, kind="other"),
        dict(name="venvmk", cmd=n1, prepare=rmcold, base=V1, kind="venvmk"),
        dict(name="venvmk" + C, cmd=n1, prepare=rmc, base=V1, kind="venvmk"),
        dict(name="venvmk --backend venv" + C, cmd=[vm, "--dir", "env", "--backend", "venv", "sync"],
             prepare=rmc, base=V1, kind="venvmk"),
    ]
    if bench.have_virtualenv:
        ve = [vm, "--dir", "env", "--backend", "virtualenv", "sync"]
        rows += [
            dict(name=VE1, cmd=["virtualenv", "-p", bench.pyreal, "env"], prepare=rm, kind="other"),
            dict(name="venvmk --backend virtualenv", cmd=ve, prepare=rmcold, base=VE1, kind="venvmk"),
            dict(name="venvmk --backend virtualenv" + C, cmd=ve, prepare=rmc, base=VE1, kind="venvmk"),
        ]
    bench.hyperfine("4b", "create an env with pip seeded", rows, c4, bench.size["slow"], flush=True)
    bench.premise(os.path.exists(os.path.join(c4, "env/bin/pip")), "case 4b: no env/bin/pip")
    bench.traced(rows[2], c4)
    bench.has_pkgs(os.path.join(c4, "env"), "case 4b (native)", names=["pip"])
    if bench.debpy:
        dp = bench.debpy
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
        bench.hyperfine("4c", "create an env with Debian's Python", rows, bench.p("c4deb"), bench.size["slow"],
                        flush=True)
        bench.traced(rows[6], bench.p("c4deb"))
        bench.has_pkgs(bench.p("c4deb", "env"), "case 4c (native, Debian's Python)", names=["pip"])


def targets(bench, judge):
    return []


def report(bench, w):
    if not any(bench.group(k) for k in ("4a", "4b", "4c")):
        return

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
                       ("4c", "### With Debian's Python (%s), for comparison\n" % getattr(bench, "debver", ""))):
        g = bench.group(key)
        if g:
            w(title)
            w(bench.table(g))

