#!/bin/sh
# SIGTERM (and SIGINT) sent to venvmk while pip runs is forwarded to pip and waited for:
# venvmk exits 143 (130), no pip is left running, the stamp and the recorded state stay
# unwritten, and the next sync does the work.
. "$srcdir/tests/lib.sh"

pkgs=
i=1
while [ $i -le 30 ]; do pkgs="$pkgs${pkgs:+, }\"benchpkg$(printf %02d $i)\""; i=$((i + 1)); done
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)
cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0", $pkgs}
}
CONF

signal_during_pip() {	# SIG: start a sync, send SIG once pip runs; sets rc and kids
	trace_reset
	"$VENVMK" sync >"$T/bg.out" 2>"$T/bg.err" &
	pid=$!
	i=0
	until grep -q -- ' -m pip install' "$T/trace" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
		[ $i -lt 1200 ] || { kill -9 $pid; fail "pip never started"; }
	done
	sleep 0.2
	kids=$(pgrep -P $pid || true)
	[ -n "$kids" ] || fail "no pip child: the test proves nothing"
	kill -$1 $pid
	set +e
	wait $pid
	rc=$?
	set -e
	cat "$T/bg.err" >&2
}

signal_during_pip TERM
expect_rc 143
for k in $kids; do
	! kill -0 "$k" 2>/dev/null || { kill -9 "$k"; fail "pip still runs after venvmk exited"; }
done
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved for an interrupted sync"
! grep -q 'pip install failed' "$T/bg.err" || fail "a forwarded signal reported as a pip failure"
vm check
expect_rc 1
flock -n .venv.venvmk/lock true || fail "the lock is still held"

# SIGINT the same way, exit 130 (a background job ignores SIGINT until venvmk takes it)
signal_during_pip INT
expect_rc 130
for k in $kids; do
	! kill -0 "$k" 2>/dev/null || { kill -9 "$k"; fail "pip still runs after venvmk exited"; }
done
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved for an interrupted sync"
vm check
expect_rc 1

trace_reset
vm -q sync
expect_rc 0
expect_pip_runs 1
.venv/bin/python -c 'import alpha, benchpkg01, benchpkg30' || fail "the next sync did not finish the work"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after the sync"
vm check
expect_rc 0
