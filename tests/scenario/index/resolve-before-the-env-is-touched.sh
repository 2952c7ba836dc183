#!/bin/sh
# pip resolves (and the wheels are fetched) in a scratch env before the env is touched:
# while pip works on a slow index the env in place still runs, a resolve that fails never
# moves it, and a sync killed right after resolving leaves the old env with the new
# resolution cached, so that the next sync starts no pip.
. "$srcdir/tests/lib.sh"
# what pip's resolution does (venvmk's own resolver has tests of its own: index-resolved-by-venvmk-without-pip)
export VENVMK_RESOLVE=pip
. "$srcdir/tests/indexlib.sh"
site() { echo .venv/lib/python3*/site-packages; }

printf 'alpha==1.0\nhello-cli\n' > requirements.txt
vm -q sync
expect_rc 0
ino=$(stat -c %i .venv/bin/python)

# a slow index: the resolve takes seconds, and the env in place keeps working throughout
index_start --delay-ms 150
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'alpha==1.1\nhello-cli\n' > requirements.txt
trace_reset
"$VENVMK" -q sync >"$T/bg.out" 2>&1 &
pid=$!
seen=0
# venvmk's own child: other tests may run a scratch pip at the same time
pipruns() { pgrep -P $pid -f "venvmk/resolving/bin/python -m pip" >/dev/null; }
while kill -0 $pid 2>/dev/null; do
	# an observation counts when pip was running before and after it
	if pipruns; then
		out=$(.venv/bin/hello 2>&1) || true
		kept=no; [ ! -e .venv.venvmk/kept ] || kept=yes
		if pipruns; then
			[ "$out" = "Hello from a venvmk environment!" ] || fail "the env did not run while pip resolved: $out"
			[ $kept = no ] || fail "the env was moved aside while pip resolved"
			seen=$((seen + 1))
		fi
	fi
	sleep 0.1
done
wait $pid || fail "the sync failed: $(cat "$T/bg.out")"
[ $seen -ge 3 ] || fail "the env was checked only $seen times while pip resolved"
echo "the env ran $seen times while pip resolved" >&2
grep -q "^venvmk native-create $T/p/.venv.venvmk/resolving\$" "$T/trace" || fail "no scratch env in the trace"
[ ! -e .venv.venvmk/resolving ] || fail "the scratch env was left"
expect_installed .venv "$(printf 'alpha==1.1\nhello-cli==1.0')"
ino=$(stat -c %i .venv/bin/python)

# a resolve that fails (a recreate: a pin changed): the env is not even moved, and check says why
printf 'alpha==2.0\nhello-cli\nno-such-project==1.0\n' > requirements.txt
trace_reset
vm sync
expect_rc 1
expect_err "the env is as it was before this sync"
grep -q "^venvmk native-create $T/p/.venv.venvmk/resolving\$" "$T/trace" || fail "the failed resolve ran in no scratch env"
! grep -q "^venvmk native-create $T/p/.venv\$" "$T/trace" || fail "the env was recreated for a failed resolve"
[ "$(stat -c %i .venv/bin/python)" = "$ino" ] || fail "the env's files were replaced"
[ ! -e .venv.venvmk/resolving ] && [ ! -e .venv.venvmk/kept ] || fail "scratch or kept env left"
expect_installed .venv "$(printf 'alpha==1.1\nhello-cli==1.0')"
vm check
expect_rc 1
expect_err "the last sync failed"

# killed right after the resolve: the env is the old one, the resolution is cached
printf 'alpha==2.0\nhello-cli\n' > requirements.txt
sync_stopped_at resolved
kill -9 $pid; wait $pid 2>/dev/null || true
[ "$(stat -c %i .venv/bin/python)" = "$ino" ] || fail "the env was touched before the kill"
expect_installed .venv "$(printf 'alpha==1.1\nhello-cli==1.0')"
: > "$T/index.log"
trace_reset
vm -q sync
expect_rc 0
expect_pip_runs 0
[ "$(index_requests)" -eq 0 ] || fail "the cached resolution went to the index again"
[ ! -e .venv.venvmk/resolving ] || fail "the scratch env of the killed sync was left"
expect_installed .venv "$(printf 'alpha==2.0\nhello-cli==1.0')"
