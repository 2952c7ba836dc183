#!/bin/sh
# Eight syncs of one env started together: one builds (and sums up what it installed),
# the others wait (saying so once), then find it fresh.  All exit 0, there is one creation and one pip run.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0", "beta", "gamma", "hello-cli"}
}
CONF
count=8
i=1
while [ $i -le $count ]; do
	( "$VENVMK" sync >"$T/out.$i" 2>"$T/err.$i"; echo $? >"$T/rc.$i" ) &
	i=$((i + 1))
done
wait

i=1
while [ $i -le $count ]; do
	[ "$(cat "$T/rc.$i")" = 0 ] || { cat "$T/err.$i"; fail "sync $i exited $(cat "$T/rc.$i")"; }
	i=$((i + 1))
done
cat "$T"/err.* > "$T/allerr"
cat "$T/allerr"
expect_creates 1
expect_pip_runs 1
[ "$(grep -c 'venvmk: .venv: creating' "$T/allerr")" -eq 1 ] || fail "not exactly one 'creating'"
waits=$(grep -c 'venvmk: .venv: waiting for another venvmk to finish' "$T/allerr" || true)
[ "$waits" -le $((count - 1)) ] || fail "$waits waiting lines from $((count - 1)) waiters"
[ "$(grep -c 'venvmk: .venv: installed [0-9]*, ' "$T/allerr")" -eq 1 ] || fail "not exactly one summary line"
[ "$(grep -vc -e 'creating$' -e 'waiting for another venvmk to finish$' -e 'venvmk: .venv: installed [0-9]*, ' "$T/allerr")" -eq 0 ] \
	|| fail "unexpected messages"
for f in "$T"/err.*; do
	[ "$(grep -c waiting "$f")" -le 1 ] || fail "a waiter said it waits more than once"
done
expect_installed .venv 'alpha==1.0
beta==1.0
gamma==1.5
hello-cli==1.0'

# the same with a refresh to do: one pip run
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0", "beta", "gamma", "hello-cli", "delta"}
}
CONF
trace_reset
i=1
while [ $i -le $count ]; do
	( "$VENVMK" -q sync >/dev/null 2>&1; echo $? >"$T/rc.$i" ) &
	i=$((i + 1))
done
wait
i=1
while [ $i -le $count ]; do
	[ "$(cat "$T/rc.$i")" = 0 ] || fail "sync $i exited $(cat "$T/rc.$i")"
	i=$((i + 1))
done
expect_creates 0
expect_pip_runs 1
vm check
expect_rc 0
