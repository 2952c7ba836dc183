#!/bin/sh
# venvmk and its pip killed with SIGKILL while pip is installing (a refresh, then a
# recreate): the lock is not left held, no new state or stamp is written, and the next sync repairs
# the env to exactly the declared packages.
. "$srcdir/tests/lib.sh"

bench=
i=1
while [ $i -le 30 ]; do bench="$bench, \"benchpkg$(printf %02d $i)\""; i=$((i + 1)); done
want=$(i=1; while [ $i -le 30 ]; do printf 'benchpkg%02d==1.0\n' $i; i=$((i + 1)); done)
conf() {
	cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  packages = {$1}
}
CONF
}

# start a sync; once its pip has installed a first benchpkg, SIGKILL venvmk and pip
kill_while_installing() {
	trace_reset
	"$VENVMK" sync >"$T/bg.out" 2>"$T/bg.err" &
	pid=$!
	i=0
	until grep -q -- ' -m pip install' "$T/trace" 2>/dev/null \
	    && ls -d .venv/lib/*/site-packages/benchpkg*.dist-info >/dev/null 2>&1; do
		sleep 0.02
		i=$((i + 1))
		[ $i -lt 3000 ] || { kill -9 $pid; fail "pip never installed anything"; }
	done
	kids=$(pgrep -P $pid || true)
	[ -n "$kids" ] || fail "no pip child to kill: the test proves nothing"
	kill -9 $pid $kids
	wait $pid 2>/dev/null && fail "venvmk survived SIGKILL" || true
	for k in $kids; do
		while kill -0 "$k" 2>/dev/null; do sleep 0.02; done
	done
	n=$(ls -d .venv/lib/*/site-packages/benchpkg*.dist-info | wc -l)
	echo "killed with $n of 30 benchpkgs installed" >&2
}

conf '"alpha==1.0"'
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

# 1. a refresh (lines only added) killed half way
conf "\"alpha==1.0\"$bench"
kill_while_installing
flock -n .venv.venvmk/lock true || fail "the lock is still held after SIGKILL"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved for an interrupted sync"
vm check
expect_rc 1
vm sync
expect_rc 0
! grep -q waiting "$T/err" || fail "the next sync waited for a dead venvmk"
expect_installed .venv "alpha==1.0
$want"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after the repair"
stamp=$(mtime .venv.venvmk/stamp)

# 2. a recreate (a pin bump) killed half way
conf "\"alpha==1.1\"$bench"
kill_while_installing
flock -n .venv.venvmk/lock true || fail "the lock is still held after SIGKILL"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved for an interrupted sync"
vm check
expect_rc 1
vm sync
expect_rc 0
! grep -q waiting "$T/err" || fail "the next sync waited for a dead venvmk"
expect_installed .venv "alpha==1.1
$want"

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
