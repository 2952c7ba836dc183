#!/bin/sh
# tests/soak.sh: a long random-kill and concurrency soak, outside make check.
#
#   tests/soak.sh [ROUNDS] [VENVMK]     (from a configured build: VENVMK defaults to
#                                        ./src/venvmk, the wheelhouse to tests/wheelhouse;
#                                        SOAK_BACKEND picks the backend, default native;
#                                        it runs in $TMPDIR: on XFS with reflink, envs are
#                                        cloned by two processes)
#
# Each round changes the requirements at random (a pin bump, a line added or
# removed), starts a sync and SIGKILLs it after a random delay (venvmk alone, or
# its whole process group with pip), then checks that a plain sync repairs the
# env to exactly what a clean rebuild holds.  Every fifth round instead starts 8
# syncs at once and checks that one build happened and all exited 0; every seventh
# round first tries a sync that cannot succeed (a pin that does not exist), which must
# exit 1 and leave the env exactly as it was.
#
# Every third round that is not a concurrent one syncs through the test index server
# (tests/indexserver.py, started by tests/indexlib.sh) instead, and the index fails under
# the sync: SIGKILLed at a random moment while it answers slowly, or answering 500s or
# cutting file bodies short (its /_control?fail=N or cut=N).  pip resolves by a dry run
# (VENVMK_RESOLVE=dry-run) half of the time, else as venvmk picks.  The venvmk cache is
# cold half of the time; a quarter of the time another project has just made the dry run
# of the same fingerprint and the cache has then lost its wheels (the fault meets venvmk's
# own downloader); and a quarter of these rounds start with no env.  Such a sync
# may succeed (the index failed too late, or retries got past the fault).  When it fails
# it must exit 1 with a message of venvmk's naming the index or what failed, leave the env
# exactly as it was (no env for a first create), and leave no temporary file in the cache;
# the server is then started again on its port and the repair sync goes through it.
#
# Half of the rounds start with a hand edit (a line appended to a module of the env).
# When the env was made anew since (a native create, native backend), the edit must be
# gone and the env's site-packages must be, file for file, what a clean rebuild from the
# same requirements holds: a recreate carries over only files no one changed.
#
# It prints a summary line: rounds, kills, concurrent runs, failing syncs, index faults
# (and how many of those syncs failed), failures.
set -eu
rounds=${1:-40}
VENVMK=$(cd "$(dirname "${2:-./src/venvmk}")" && pwd)/$(basename "${2:-./src/venvmk}")
WHEELS=$(pwd)/tests/wheelhouse
srcdir=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$VENVMK" ] || { echo "no venvmk at $VENVMK"; exit 2; }
[ -d "$WHEELS" ] || { echo "no wheelhouse at $WHEELS (make check builds it)"; exit 2; }
for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS" PIP_DISABLE_PIP_VERSION_CHECK=1
dir=$(mktemp -d "${TMPDIR:-/tmp}/venvmk-soak-XXXXXX")
cd "$dir"
export VENVMK_TRACE="$dir/trace" VENVMK_CACHE_DIR="$dir/cache"
# indexlib.sh's needs: the scratch dir, the interpreters, the downloader beside venvmk, fail
T=$dir PY=${PY:-python3} PY_DEBIAN=/usr/bin/python3.11
export VENVMK_FETCH="${VENVMK_FETCH:-$(dirname "$VENVMK")/venvmk-fetch}"
fail() { echo "soak: $*"; exit 1; }
. "$srcdir/tests/indexlib.sh"
# SOAK_BACKEND=virtualenv or venv soaks another backend
printf 'env "soak" {\n  backend = "%s"\n  requirements = {"requirements.txt"}\n}\n' "${SOAK_BACKEND:-native}" > venv.conf

rand() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }
# the names, and alpha with its version: the one pin
want() { sed 's/[<>].*//' requirements.txt | sort; }
have() { .venv/bin/python -m pip list --format=freeze 2>/dev/null | sed '/^alpha==/!s/==.*//' \
	| grep -v -E '^(pip|setuptools|wheel)$' | sort; }
# the env to the inode and the mtime, its state and its stamp's time; "none" for no env
snap() {
	if [ -e .venv ]; then
		find .venv -printf '%P %y %m %s %i %T@ %l\n' | sort
		cat .venv.venvmk/state 2>/dev/null || true
		stat -c %y .venv.venvmk/stamp 2>/dev/null || true
	else
		echo none
	fi
}
# temporary dirs of the cache, and partial downloads (beside their destination)
temps() { { ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null; find "$VENVMK_CACHE_DIR" -name '.fetch-*' 2>/dev/null; } | sort; }
# the index server, without faults, on the port of the first one: PIP_INDEX_URL stays one
online() {
	index_stop
	index_start ${PORT:+--port $PORT}
	export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/" PIP_RETRIES=1
}
offline() {
	index_stop
	unset PIP_INDEX_URL PIP_RETRIES VENVMK_RESOLVE
	export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS"
}
# site-packages of the env DIR, its paths (the rows of bin/ in RECORD) aside: each file
# with its mode, a module's mtime, its content
view() {
	(cd "$1"/lib/python3*/site-packages && find . -type f ! -name '*.pyc' -printf '%P %m\n' | sort &&
		find . -name '*.py' -printf '%P %T@\n' | sort &&
		find . -type f ! -name RECORD -exec sha256sum {} + | sort -k 2 &&
		for r in *.dist-info/RECORD; do echo "$r:"; grep -v '^\.\./\.\./\.\./bin/' "$r"; done)
}
pins='alpha==1.0 alpha==1.1 alpha==2.0'
extras='gamma delta hello-cli'
kills=0 concurrent=0 failing=0 faults=0 faultfails=0 failures=0 edits=0 checked=0

for r in $(seq 1 "$rounds"); do
	edited=
	if [ -e .venv ] && [ $(( $(rand) % 2 )) -eq 0 ]; then
		set -- .venv/lib/python3*/site-packages/alpha/__init__.py .venv/lib/python3*/site-packages/pip/__init__.py \
			.venv/lib/python3*/site-packages/pip/_internal/main.py .venv/lib/python3*/site-packages/gamma/__init__.py
		eval "edited=\${$(( $(rand) % $# + 1 ))}"
		if [ -f "$edited" ]; then
			printf '# soak edit %s\n' "$r" >> "$edited"
			edits=$((edits + 1))
		else
			edited=
		fi
		: > trace
	fi
	indexround=false
	if [ $((r % 3)) -eq 0 ] && [ $((r % 5)) -ne 0 ]; then indexround=true; online; else offline; fi
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
	if $indexround; then
		cache=$(( $(rand) % 4 ))
		if [ $cache -eq 2 ] || [ $(( $(rand) % 2 )) -eq 0 ]; then export VENVMK_RESOLVE=dry-run; else unset VENVMK_RESOLVE; fi
		case $cache in
		0 | 1) rm -rf "$VENVMK_CACHE_DIR" ;;
		2)
			mkdir -p prime
			cp venv.conf requirements.txt prime/
			(cd prime && "$VENVMK" -q sync && "$VENVMK" -q clean) >/dev/null 2>&1 ||
				{ echo "round $r: the other project's sync failed"; failures=$((failures + 1)); }
			rm -rf "$VENVMK_CACHE_DIR/wheels"
			;;
		esac
		[ $(( $(rand) % 4 )) -ne 0 ] || "$VENVMK" -q clean >/dev/null 2>&1
		before=$(snap)
		temps > temps.before
		fault=$(( $(rand) % 3 ))
		case $fault in
		0) index_control "delay-ms=$(( $(rand) % 350 + 50 ))" ;;
		1) index_control "fail=$(( $(rand) % 12 + 1 ))" ;;
		2) index_control "cut=$(( $(rand) % 8 + 1 ))" ;;
		esac
		timeout 300 "$VENVMK" -q sync >/dev/null 2>index.err &
		pid=$!
		if [ $fault -eq 0 ]; then
			# with the dry run made, the downloads start at once and take about one delay
			if [ $cache -eq 2 ]; then t=0; else t=$(( $(rand) % 3 )); fi
			sleep "$t.$(( $(rand) % 10 ))"
			kill -9 "$INDEX_PID" 2>/dev/null || true
			index_stop
		fi
		rc=0
		wait "$pid" || rc=$?
		faults=$((faults + 1))
		if [ "$rc" -ne 0 ]; then
			faultfails=$((faultfails + 1))
			[ "$rc" -eq 1 ] || { echo "round $r: exit status $rc when the index failed: $(cat index.err)"; failures=$((failures + 1)); }
			grep -q "^venvmk: .*\(127\.0\.0\.1:$PORT\|failed\)" index.err ||
				{ echo "round $r: no clear error when the index failed: $(cat index.err)"; failures=$((failures + 1)); }
			[ "$(snap)" = "$before" ] || { echo "round $r: a sync the index failed changed the env"; failures=$((failures + 1)); }
		fi
		left=$(temps | comm -13 temps.before -)
		[ -z "$left" ] || { echo "round $r: temporary files left in the cache: $left"; failures=$((failures + 1)); }
		online
	elif [ $((r % 5)) -eq 0 ]; then
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
	if [ -n "$edited" ] && [ "${SOAK_BACKEND:-native}" = native ] && grep -qx "venvmk native-create $dir/.venv" trace; then
		checked=$((checked + 1))
		if [ -f "$edited" ] && grep -q '^# soak edit' "$edited"; then
			echo "round $r: a hand edit of $edited survived a recreate"; failures=$((failures + 1))
		fi
		rm -rf clean clean.venvmk
		if ! "$VENVMK" -q --no-conf -r requirements.txt --dir clean sync >/dev/null 2>clean.err; then
			echo "round $r: the clean rebuild failed: $(cat clean.err)"; failures=$((failures + 1))
		elif [ "$(view .venv)" != "$(view clean)" ]; then
			view .venv > view.env; view clean > view.clean
			echo "round $r: the env differs from a clean rebuild: $(diff view.clean view.env | head -5)"
			failures=$((failures + 1))
		fi
	fi
done
echo "soak: $rounds rounds, $kills kills, $concurrent concurrent runs, $failing failing syncs, $faults index faults ($faultfails failed the sync), $edits hand edits ($checked checked after a recreate), $failures failures"
index_stop
rm -rf "$dir"
[ "$failures" -eq 0 ]
