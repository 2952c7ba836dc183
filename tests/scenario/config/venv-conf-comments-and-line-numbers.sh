#!/bin/sh
# venv.conf comments: a comment inside a multi-line list is accepted, and every error's
# "venv.conf:LINE:" points at the offending line after comment lines too; a bad env name
# is reported at its title's line.
. "$srcdir/tests/lib.sh"

# a commented list, as people write them
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {
    "alpha==1.0",   # the core
    # "beta",       # not yet
    "gamma==1.0"
  }
}
CONF
vm list
expect_rc 0
printf 'dev\t.venv\n' | diff -u - "$T/out" || fail "list"
vm inputs
expect_rc 0
printf 'req alpha==1.0\nreq gamma==1.0\n' | diff -u - "$T/out" || fail "inputs"

# an error on line 4, after two comment lines
printf '# venvmk config\n// dev env\nenv "dev" {\n  colour = "blue"\n}\n' > venv.conf
vm list
expect_rc 2
expect_err_exact "venvmk: venv.conf:4: no such option 'colour'"

# an error on line 3, after a comment at the end of line 2
printf 'env "dev" {\n  prompt = "dev"   # shown by activate\n  colour = "blue"\n}\n' > venv.conf
vm list
expect_rc 2
expect_err_exact "venvmk: venv.conf:3: no such option 'colour'"

# a bad name is on the title's line
printf 'env "dev" {}\nenv "my env" {\n  prompt = "p"\n  pip = true\n}\n' > venv.conf
vm list
expect_rc 2
expect_err_exact "venvmk: venv.conf:2: env \"my env\": a name may hold only letters, digits, '_', '.' and '-'"
