#!/bin/sh
# tests/soak.sh: a long random-kill and concurrency soak, outside make check.
#
#   tests/soak.sh [ROUNDS] [VENVMK]     (from a configured build: VENVMK defaults to
#                                        ./src/venvmk, the wheelhouse to tests/wheelhouse;
#                                        SOAK_BACKEND picks the backend, default native)
#
# Each round changes the requirements at random (a pin bump, a line added or
# removed), starts a sync and SIGKILLs it after a random delay (venvmk alone, or
# its whole process group with pip), then checks that a plain sync repairs the
# env to exactly what a clean rebuild holds.  Every fifth round instead starts 8
# syncs at once and checks that one build happened and all exited 0; every seventh
# round first tries a sync that cannot succeed (a pin that does not exist), which must
# exit 1 and leave the env exactly as it was.  It prints a summary line: rounds, kills,
# concurrent runs, failing syncs, failures.
set -eu
rounds=${1:-40}
VENVMK=$(cd "$(dirname "${2:-./src/venvmk}")" && pwd)/$(basename "${2:-./src/venvmk}")
WHEELS=$(pwd)/tests/wheelhouse
[ -x "$VENVMK" ] || { echo "no venvmk at $VENVMK"; exit 2; }
[ -d "$WHEELS" ] || { echo "no wheelhouse at $WHEELS (make check builds it)"; exit 2; }
for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS" PIP_DISABLE_PIP_VERSION_CHECK=1
dir=$(mktemp -d /tmp/venvmk-soak-XXXXXX)
cd "$dir"
export VENVMK_TRACE="$dir/trace" VENVMK_CACHE_DIR="$dir/cache"
# SOAK_BACKEND=virtualenv or venv soaks another backend
printf 'env "soak" {\n  backend = "%s"\n  requirements = {"requirements.txt"}\n}\n' "${SOAK_BACKEND:-native}" > venv.conf

rand() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }
want() { sed 's/[<>=].*//' requirements.txt | sort; }
have() { .venv/bin/python -m pip list --format=freeze 2>/dev/null | sed 's/==.*//' \
	| grep -v -E '^(pip|setuptools|wheel)$' | sort; }
pins='alpha==1.0 alpha==1.1 alpha==2.0'
extras='gamma delta hello-cli'
kills=0 concurrent=0 failing=0 failures=0

for r in $(seq 1 "$rounds"); do
	if [ $((r % 7)) -eq 0 ] && [ -e .venv ]; then
		before=$(have)
		cp requirements.txt good.txt
		printf 'alpha==9.9\n' > requirements.txt
		if "$VENVMK" -q sync >/dev/null 2>fail.err; then
			echo "round $r: a sync of alpha==9.9 succeeded"; failures=$((failures + 1))
		fi
		[ "$(have)" = "$before" ] || { echo "round $r: a failing sync changed the env"; failures=$((failures + 1)); }
		failing=$((failing + 1))
		cp good.txt requirements.txt
	fi
	a=$(echo $pins | cut -d' ' -f$(( $(rand) % 3 + 1 )))
	{ echo "$a"; for x in $extras; do [ $(( $(rand) % 2 )) -eq 0 ] && echo "$x"; done; true; } > requirements.txt
	if [ $((r % 5)) -eq 0 ]; then
		: > trace
		for i in 1 2 3 4 5 6 7 8; do ( "$VENVMK" -q sync >/dev/null 2>&1; echo $? > rc.$i ) & done
		wait
		concurrent=$((concurrent + 8))
		bad=$(cat rc.* | grep -vc '^0$' || true)
		builds=$(grep -cE ' -m pip install|virtualenv |^venvmk native-create ' trace || true)
		[ "$bad" -eq 0 ] || { echo "round $r: $bad of 8 concurrent syncs failed"; failures=$((failures + 1)); }
		[ "$builds" -le 2 ] || { echo "round $r: $builds builds from 8 concurrent syncs"; failures=$((failures + 1)); }
	else
		setsid "$VENVMK" -q sync >/dev/null 2>&1 &
		pid=$!
		sleep "0.$(( $(rand) % 10 ))$(( $(rand) % 10 ))"
		if [ $(( $(rand) % 2 )) -eq 0 ]; then kill -9 "$pid" 2>/dev/null || true
		else kill -9 -- "-$pid" 2>/dev/null || true; fi
		wait "$pid" 2>/dev/null || true
		kills=$((kills + 1))
		sleep 0.2	# an orphaned pip may still be finishing
	fi
	if ! timeout 300 "$VENVMK" -q sync >/dev/null 2>sync.err; then
		echo "round $r: repair failed: $(cat sync.err)"; failures=$((failures + 1)); continue
	fi
	if [ "$(want)" != "$(have)" ]; then
		echo "round $r: env differs: want $(want | tr '\n' ' ') have $(have | tr '\n' ' ')"
		failures=$((failures + 1))
	fi
	timeout 30 "$VENVMK" check >/dev/null 2>check.err || { echo "round $r: not fresh after repair: $(cat check.err)"; failures=$((failures + 1)); }
done
echo "soak: $rounds rounds, $kills kills, $concurrent concurrent runs, $failing failing syncs, $failures failures"
rm -rf "$dir"
[ "$failures" -eq 0 ]
