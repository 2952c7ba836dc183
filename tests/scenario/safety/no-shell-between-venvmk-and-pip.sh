#!/bin/sh
# Requirement strings reach pip as single arguments, never through a shell: spaces,
# quotes and ';' stay inside one requirement, and shell syntax is never run.
. "$srcdir/tests/lib.sh"

# a valid requirement with spaces, a ';' marker and quotes: pip installs it as one
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha ; python_version >= \"3\"", "gamma == 1.0"}
}
CONF
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
gamma==1.0'

# shell syntax in a requirement: pip rejects the string whole, nothing runs
cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  packages = {"alpha; touch $T/pwned1", "gamma \$(touch $T/pwned2)", "delta\`touch $T/pwned3\`"}
}
CONF
vm sync
expect_rc 1
expect_err "touch $T/pwned1"
for f in pwned1 pwned2 pwned3; do
	[ ! -e "$T/$f" ] || fail "a shell ran a requirement string ($f)"
done

# the same through --package and a requirements file
vm --package "beta; touch $T/pwned4 #" sync
expect_rc 1
printf 'alpha; touch %s/pwned5\n' "$T" > requirements.txt
vm --no-conf --backend virtualenv -r requirements.txt sync
expect_rc 1
for f in pwned4 pwned5; do
	[ ! -e "$T/$f" ] || fail "a shell ran a requirement string ($f)"
done

# a requirement that looks like an option is refused before pip sees it
vm --package=--index-url=http://evil.invalid/ sync
expect_rc 2
expect_err "venvmk: .venv: package '--index-url=http://evil.invalid/': must not start with '-' (pip would read an option)"
