#!/bin/sh
# SIGTERM, SIGINT or SIGHUP in the middle of downloads: venvmk-fetch removes every temporary
# file it made, then dies of the same signal, so whoever started it sees how it ended.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

# responses come 5 s late: every download of the run is under way when the signal comes
index_start --delay-ms 5000
base=http://127.0.0.1:$PORT
for sig in TERM:15 INT:2 HUP:1; do
	num=${sig#*:} sig=${sig%:*}
	d=$T/d-$sig
	get_lines "$base" "$d" alpha-1.0-py3-none-any.whl beta-1.0-py3-none-any.whl \
		gamma-1.0-py3-none-any.whl delta-0.1-py3-none-any.whl >"$T/req"
	# a background job of a script starts with SIGINT ignored (and under nohup, SIGHUP):
	# give them back their defaults
	"$SPY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$FETCH" <"$T/req" 2>"$T/err" &
	pid=$!
	i=0
	until [ "$(find "$d" -name '.fetch-*' 2>/dev/null | wc -l)" -eq 4 ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "the downloads did not start"
		sleep 0.05
	done
	kill -$sig $pid
	set +e
	wait $pid
	rc=$?
	set -e
	[ $rc -eq $((128 + num)) ] || fail "exit status $rc after SIG$sig, not death by it"
	expect_no_temp_files "$d"
	[ -z "$(ls -A "$d")" ] || fail "SIG$sig left files: $(ls -A "$d")"
done
