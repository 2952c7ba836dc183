#!/bin/sh
# SIGTERM or SIGINT reaching venvmk while it asks the base interpreter for its version
# is forwarded and reported as an interruption, exit 143 (130), not as a broken
# interpreter with exit 2; nothing is made.
. "$srcdir/tests/lib.sh"

# a launcher in front of the real interpreter that takes a while to start
mkdir "$T/py"
printf '#!/bin/sh\nsleep 5 </dev/null >/dev/null 2>&1\nexec %s "$@"\n' "$PY_DEBIAN" > "$T/py/python3"
chmod 755 "$T/py/python3"

signal_during_query() {	# SIG EXPECTED
	trace_reset
	"$VENVMK" --no-conf --python "$T/py/python3" --backend virtualenv sync >"$T/bg.out" 2>"$T/bg.err" &
	pid=$!
	i=0
	until grep -q -- ' -c import sys' "$T/trace" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
		[ $i -lt 600 ] || { kill -9 $pid; fail "the interpreter was never asked"; }
	done
	sleep 0.2
	kill -$1 $pid
	set +e
	wait $pid
	rc=$?
	set -e
	cat "$T/bg.err" >&2
	! grep -q 'exited with status' "$T/bg.err" || fail "a forwarded SIG$1 reported as a broken interpreter"
	expect_rc $2
	[ ! -e .venv ] || fail "an env was made"
}
signal_during_query TERM 143
signal_during_query INT 130
