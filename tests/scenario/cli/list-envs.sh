#!/bin/sh
# list prints each declared env as NAME<TAB>DIR, "-" for the name of the default env; it
# reads no requirements file and starts nothing.
. "$srcdir/tests/lib.sh"

vm list
expect_rc 0
expect_no_err
printf -- '-\t.venv\n' | diff -u - "$T/out" || fail "default env"

cat > venv.conf <<'CONF'
env "dev" {
  requirements = {"missing.txt"}
}
env "docs" {
  backend = "virtualenv"
}
env "ci" {
  dir = "build/ci"
}
CONF
vm list
expect_rc 0
expect_no_err
printf 'dev\t.venv\ndocs\t.venv-docs\nci\tbuild/ci\n' | diff -u - "$T/out" || fail "listed envs"
[ ! -s "$T/trace" ] || fail "list started a process"
[ "$(ls -A)" = venv.conf ] || fail "list created something"

printf 'env "tools" {\n  dir = ".tools"\n}\n' > other.conf
vm -f other.conf list
expect_rc 0
printf 'tools\t.tools\n' | diff -u - "$T/out" || fail "-f other.conf"

vm -f no-such.conf list
expect_rc 2
expect_err_exact 'venvmk: no-such.conf: No such file or directory'
