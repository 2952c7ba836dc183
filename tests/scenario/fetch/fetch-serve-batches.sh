#!/bin/sh
# venvmk-fetch --serve: the process a sync keeps for all of its rounds.  Each batch ends with
# "run FLAGS"; its answer is what one run prints, an empty line, then the batch's exit
# status.  A batch starts from the default options (a token or netrc of the last one is not
# sent again), the next one reuses the open connections (-v: 0 connections), a bad line
# ends the process with status 2, and the end of standard input ends it with 0.  A sync's
# helper holds no fd of venvmk's but its pipes and standard error: not the env's lock.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

index_start --auth "alice:pw"
h=127.0.0.1:$PORT
w=alpha-1.0-py3-none-any.whl
w2=beta-1.0-py3-none-any.whl
{
	get_lines "http://alice:pw@$h" "$T/d1" $w
	printf 'page\thttp://alice:pw@%s/simple/alpha/\t%s\t\tp1\t\t\n' "$h" "$T/d1/page"
	printf 'run\tv\n'
	# no credentials this time: none carried over from the batch before
	printf 'page\thttp://%s/simple/alpha/\t%s\t\tp2\t\t\n' "$h" "$T/d2/page"
	printf 'run\t-\n'
	get_lines "http://alice:pw@$h" "$T/d3" $w2
	printf 'run\tv\n'
	printf 'run\t-\n'
} >"$T/req"
run "$FETCH" --serve <"$T/req"
expect_rc 0
printf 'p1\t200\t\t\t\t\n\n0\np2\t401\t\t\t\t\n\n1\n\n0\n\n0\n' >"$T/want"
# the validators the server sends are not this test's business: only names and statuses
cut -f1,2 "$T/out" | sed 's/\t$//' >"$T/got"
cut -f1,2 "$T/want" | sed 's/\t$//' >"$T/want2"
diff -u "$T/want2" "$T/got" || fail "the answers of the batches differ"
cmp -s "$WHEELS/$w" "$T/d1/$w" || fail "$w did not land"
cmp -s "$WHEELS/$w2" "$T/d3/$w2" || fail "$w2 did not land"
[ ! -e "$T/d2/page" ] || fail "a page refused with 401 was written"
expect_err "2 of 2 files"
grep -q "1 of 1 files.*, 0 connections" "$T/err" || fail "the third batch opened a connection again: $(cat "$T/err")"
! grep -q ':pw@' "$T/err" || fail "a password was printed"

# a bad line ends it, the password masked; a batch never run is not answered
printf 'page\thttp://%s/simple/alpha/\t%s\t\tp\t\t\nrun\t-\nget\thttp://alice:pw@%s/x\tabc\t1\t%s\tx\nrun\t-\n' \
	"$h" "$T/d4/page" "$h" "$T/d4/x" >"$T/req"
run "$FETCH" --serve <"$T/req"
expect_rc 2
expect_err "venvmk: stdin:3: http://alice:****@$h/x: not a sha256 in hex: abc"
! grep -q ':pw@' "$T/err" || fail "a password was printed"
[ "$(cut -f1,2 "$T/out")" = "$(printf 'p\t401\n\n1')" ] || fail "unexpected answers: $(cat "$T/out")"
printf 'run\tz\n' >"$T/req"
run "$FETCH" --serve <"$T/req"
expect_rc 2
expect_err_exact "venvmk: stdin:1: run: bad flags: z (want q, s, v, p or -)"
# "run" is no request without --serve
printf 'run\t-\n' >"$T/req"
run "$FETCH" <"$T/req"
expect_rc 2
expect_err "stdin:1: unknown request run"
index_stop

# a sync: its helper stays for all its rounds and holds none of venvmk's fds (the env's lock)
index_start --delay-ms 300
printf 'beta==1.0\ngamma==1.5\n' >requirements.txt
trace_reset
PIP_INDEX_URL=http://127.0.0.1:$PORT/simple "$VENVMK" -q sync >"$T/bg.out" 2>&1 &
pid=$!
helper=
for _ in $(seq 200); do
	helper=$(pgrep -P $pid -f 'venvmk-fetch --serve' || true)
	[ -z "$helper" ] || break
	sleep 0.02
done
[ -n "$helper" ] || fail "no venvmk-fetch --serve under the sync: $(cat "$T/bg.out")"
# beyond 0, 1 and 2 only what it opened itself: connections, curl's own fds, its downloads
for fd in /proc/"$helper"/fd/*; do
	n=${fd##*/}
	[ "$n" -gt 2 ] || continue
	to=$(readlink "$fd" 2>/dev/null) || continue
	case $to in
	socket:* | pipe:* | anon_inode:* | */.fetch-*) ;;
	*) fail "the helper holds fd $n of venvmk's: $to" ;;
	esac
done
[ -e .venv.venvmk/lock ] || fail "no env lock to keep from the helper: the check above proves nothing"
wait $pid || fail "the sync failed: $(cat "$T/bg.out")"
# pages, metadata, wheels: several batches, one process
[ "$(fetches)" -ge 3 ] || fail "expected the rounds of a resolution and a download: $(cat "$T/trace")"
! kill -0 "$helper" 2>/dev/null || fail "the helper outlived the sync"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5')"

# venvmk run: the helper ends before the command is exec'd, which would have it as a child
printf 'alpha==1.1\n' > run.txt
PIP_INDEX_URL=http://127.0.0.1:$PORT/simple vm --dir runenv -r run.txt run -- \
	"$PY_DEBIAN" -c 'import os, subprocess, time
time.sleep(0.3)
print(subprocess.run(["ps", "-o", "comm=", "--ppid", str(os.getpid())], capture_output=True, text=True).stdout.strip())'
expect_rc 0
# a shell would reap a zombie helper while it waits for its own children: Python does not
[ "$(cat "$T/out")" = ps ] || fail "the command has children of venvmk's: $(cat "$T/out")"
[ "$(fetches)" -ge 4 ] || fail "the run's sync fetched nothing: the check above proves nothing"
