#!/bin/sh
# SIGKILL at each step of a recreate: the next run puts back the env the killed sync had
# kept aside, or finishes the job; the user never has no env or a half one.
. "$srcdir/tests/lib.sh"
printf 'alpha==1.0\n' > requirements.txt
vm -q sync
expect_rc 0
for step in marked kept created installed stamped; do
	printf 'alpha==1.1\n' > requirements.txt
	sync_stopped_at $step
	kill -KILL $pid
	wait $pid 2>/dev/null || true
	# whatever was killed, the path holds a whole env: the old one or the kept one comes back
	printf 'alpha==1.0\n' > requirements.txt
	vm -q sync
	expect_rc 0
	expect_installed .venv 'alpha==1.0'
	[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "after a kill at $step: the console script is broken"
	[ ! -e .venv.venvmk/kept ] || fail "after a kill at $step: the kept env was left"
	vm check
	expect_rc 0
done

# SIGTERM at each step: venvmk itself puts the env back, and the stamp's time, before
# it exits 128+15
for step in kept created installed stamped; do
	stamp=$(mtime .venv.venvmk/stamp)
	printf 'alpha==1.1\n' > requirements.txt
	sync_stopped_at $step
	kill -TERM $pid
	kill -CONT $pid
	set +e
	wait $pid
	rc=$?
	set -e
	[ $rc -eq 143 ] || fail "a SIGTERM at $step gave exit status $rc: $(cat "$T/bg.out")"
	[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "after a SIGTERM at $step: not the old env"
	[ ! -e .venv.venvmk/kept ] || fail "after a SIGTERM at $step: the kept env was left"
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "after a SIGTERM at $step: the stamp moved"
	printf 'alpha==1.0\n' > requirements.txt
	vm check
	expect_rc 0
done
