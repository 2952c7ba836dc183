#!/usr/bin/env python3
"""bench/runner.py: times venvmk against the tools it replaces (bench/README).

Started by bench/run, which passes the caller's environment in a file
(VENVMK_BENCH_ENV0), so that the commands timed here see the user's PATH
and not the one a pyenv shim gave this driver.

Everything is built offline in a temporary directory: the wheelhouse
(tests/mkwheelhouse.py), the requirements files, the projects and their
envs; cases 8 and 9 serve the wheelhouse through the test index
(tests/indexserver.py) on 127.0.0.1.  Each case is one hyperfine invocation
(or a few), with -N (no shell between hyperfine and the command), so every
comparison is a ratio of medians measured side by side.  The report goes to
BENCHMARKS.md and the raw numbers to bench/results.json.

This file is the command line only.  bench/common.py holds what the cases
share (the setup, the timing, the report and the JSON); bench/cases/ holds one
module per case, in the order bench/cases/__init__.py lists them.

--smoke: one run per case, small inputs, no timing claims.  Exits non-zero
when a timed command fails or a case's premise does not hold (a no-op that
started a process, an env that was not built, a native recreate of a seen
fingerprint that started pip or made a request).  CI runs it.

Python 3 standard library only.
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cases                                    # noqa: E402
from common import BenchError, Runner, log     # noqa: E402


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description="Benchmark venvmk against the tools it replaces.")
    ap.add_argument("--smoke", action="store_true",
                    help="one run per case, small inputs, no timing claims; fails if a command fails (CI)")
    ap.add_argument("--case", action="append", metavar="NAME",
                    help="run only this case (repeatable; --list names them); the report then goes to the "
                         "temp dir unless --out is given")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
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
    if args.list:
        for c in cases.ALL:
            print("%-10s %s" % (c.KEY, c.TITLE))
        return 0
    try:
        run, setup = cases.select(args.case)
    except KeyError as e:
        ap.error("no case %s (bench/run --list names them)" % e)
    r = Runner(args, run, setup)
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
