#!/bin/sh
# SIGKILL at each step of a recreate and of a refresh: the next sync leaves the env
# exactly as a clean rebuild would, and the lock is never left held.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "k" {
  dir = ".venv"
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF

# kill venvmk when it reaches STEP, then repair and compare with WANT
kill_at() {
	step=$1 want=$2
	VENVMK_TEST_PAUSE=$step "$VENVMK" -q sync >"$T/bg.out" 2>&1 &
	pid=$!
	i=0
	until [ "$(ps -o stat= -p $pid 2>/dev/null | cut -c1)" = T ]; do
		i=$((i + 1))
		[ $i -lt 600 ] || fail "venvmk never reached step $step"
		kill -0 $pid 2>/dev/null || fail "venvmk ended before step $step: $(cat "$T/bg.out")"
		sleep 0.1
	done
	kill -9 $pid
	wait $pid || true
	run timeout 120 "$VENVMK" sync
	expect_rc 0
	expect_installed .venv "$want"
	run timeout 20 "$VENVMK" check
	expect_rc 0
}

printf 'alpha==1.0\nbeta==1.0\n' > requirements.txt
vm -q sync
expect_rc 0

n=0
for step in locked marked kept removed created installed stamped recorded; do
	# a recreate: the pin moves each round
	if [ $((n % 2)) -eq 0 ]; then v=1.1; else v=1.0; fi
	printf 'alpha==%s\nbeta==1.0\n' $v > requirements.txt
	kill_at $step "alpha==$v
beta==1.0"
	n=$((n + 1))
done

for step in marked installed stamped; do
	# a refresh: a line is added, then removed again by a recreate
	printf 'alpha==%s\nbeta==1.0\ndelta==0.1\n' $v > requirements.txt
	kill_at $step "alpha==$v
beta==1.0
delta==0.1"
	printf 'alpha==%s\nbeta==1.0\n' $v > requirements.txt
	vm -q sync
	expect_rc 0
done
echo "killed at $((n + 3)) points, repaired each time"
if ls -A .venv.venvmk | grep -q "^trash"; then fail "a trash dir was left behind"; fi
true
