#!/bin/sh
# A sync, check or run --no-sync of a fresh env with three requirement files starts no
# process of its own: no interpreter to learn the version, no pip (VENVMK_TRACE logs
# every child venvmk starts; strace confirms it when available).
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  python = "python3"
  requirements = {"requirements.txt", "requirements-dev.txt"}
  constraints = {"constraints.txt"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt
printf 'gamma\n' > requirements-dev.txt
printf 'gamma<1.5\n' > constraints.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.0'

trace_reset
for i in 1 2 3; do
	vm sync
	expect_rc 0
	expect_no_err
	vm check
	expect_rc 0
done
touch requirements.txt constraints.txt
vm sync
expect_rc 0
expect_no_err
vm sync
expect_rc 0
[ ! -s "$T/trace" ] || { cat "$T/trace"; fail "a no-op started a process"; }

if command -v strace >/dev/null 2>&1; then
	strace -f -qq -e trace=execve -o "$T/strace" "$VENVMK" sync || fail "sync under strace"
	n=$(grep -c 'execve(' "$T/strace")
	[ "$n" -eq 1 ] || { cat "$T/strace"; fail "$n execve calls, expected venvmk's own only"; }
fi
