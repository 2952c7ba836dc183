#!/bin/sh
# venvmk deps writes gcc -MD -MP style rules: the stamp depends on every input,
# nested and local-project ones included; each input gets an empty rule; -o
# rewrites the file only when it changes; make reads it back.
. "$srcdir/tests/lib.sh"

mkdir -p reqs/sub proj 'with space'
printf -- '-r sub/base.txt\n-c ../constraints.txt\n-e ./proj\n' > reqs/top.txt
printf 'alpha\n' > reqs/sub/base.txt
printf 'alpha<2\n' > constraints.txt
printf '[project]\nname = "proj"\n' > proj/pyproject.toml
cat > venv.conf <<'CONF'
env "dev" {
  requirements = {"reqs/top.txt"}
}
CONF

vm deps
expect_rc 0
cat > "$T/want" <<'WANT'
.venv.venvmk/stamp: \
 venv.conf \
 reqs/top.txt \
 reqs/sub/base.txt \
 constraints.txt \
 proj/pyproject.toml

venv.conf:

reqs/top.txt:

reqs/sub/base.txt:

constraints.txt:

proj/pyproject.toml:
WANT
diff -u "$T/want" "$T/out" || fail "deps output differs"

vm deps -o venv.d
expect_rc 0
cmp -s venv.d "$T/want" || fail "-o wrote something else"
before=$(mtime venv.d)
vm deps -o venv.d
expect_rc 0
[ "$(mtime venv.d)" = "$before" ] || fail "-o rewrote an unchanged file"

# make can read it, and a deleted input does not break make
printf 'include venv.d\n' > Makefile
rm reqs/sub/base.txt
run make -n -f Makefile .venv.venvmk/stamp
expect_rc 0

# paths with spaces are escaped; a colon is refused
printf 'delta\n' > 'with space/r.txt'
vm deps --dir .venv2 -r 'with space/r.txt' dev
expect_rc 0
expect_out 'with\ space/r.txt'
mkdir -p a:b && printf 'delta\n' > a:b/r.txt
vm deps --dir .venv2 -r a:b/r.txt dev
expect_rc 2
expect_err "venvmk: deps: a:b/r.txt: a path holding a newline, ':', ';' or '%' cannot be written for make"
