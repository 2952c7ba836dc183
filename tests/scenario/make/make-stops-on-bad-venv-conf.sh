#!/bin/sh
# Through venv.mk, a venv.conf that venvmk rejects stops make before any target is
# made: venvmk's own "venv.conf:LINE: ..." error, a non-zero exit, and no env, state
# dir or target made; an env made before the file broke is left as it was.
. "$srcdir/tests/lib.sh"

cat > Makefile <<MK
include $srcdir/mk/venv.mk
out.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/gamma > \$@
MK
printf 'gamma==1.5\n' > requirements.txt
m() { run make -r VENVMK="$VENVMK" "$@"; }
nothing_made() {
	for f in .venv .venv.venvmk .venv-dev .venv-dev.venvmk out.txt; do
		[ ! -e "$f" ] || fail "$f was made for a bad venv.conf"
	done
	[ ! -s "$T/trace" ] || fail "a sync ran for a bad venv.conf: $(cat "$T/trace")"
}

# a typo'd key in the env "dev"
printf 'env "dev" {\n  dir = ".venv-dev"\n  requirments = {"requirements.txt"}\n}\n' > venv.conf
for goal in out.txt venv venv-dev; do
	trace_reset
	m "$goal"
	[ "$rc" -ne 0 ] || fail "make $goal exited 0 on a bad venv.conf"
	expect_err "venvmk: venv.conf:3: no such option 'requirments'"
	expect_err 'venv.conf'
	grep -q 'Stop\.' "$T/err" || fail "make did not stop"
	nothing_made
done
# make -n stops too: nothing is listed as if it would run
m -n out.txt
[ "$rc" -ne 0 ] || fail "make -n exited 0 on a bad venv.conf"
[ ! -s "$T/out" ] || fail "make -n listed commands for a bad venv.conf"

# a file that declares no env
printf '# nothing yet\n' > venv.conf
trace_reset
m out.txt
[ "$rc" -ne 0 ] || fail "make exited 0 on a venv.conf without env"
expect_err 'venvmk: venv.conf: declares no env section'
nothing_made

# a venvmk that cannot run: the same stop, not an env declared by the Makefile
printf 'env "dev" {\n  dir = ".venv-dev"\n}\n' > venv.conf
run make -r VENVMK="$T/no-such-venvmk" out.txt
[ "$rc" -ne 0 ] || fail "make exited 0 without a venvmk to read venv.conf"
nothing_made

# an env made from a good file, then the file breaks: make stops, the env stays
printf 'env "dev" {\n  dir = ".venv-dev"\n  requirements = {"requirements.txt"}\n}\n' > venv.conf
m out.txt
expect_rc 0
expect_err 'venvmk: .venv-dev: creating'
[ "$(cat out.txt)" = 'gamma 1.5' ] || fail "out.txt: $(cat out.txt)"
stamp=$(mtime .venv-dev.venvmk/stamp)
out=$(mtime out.txt)
printf 'env "dev" {\n  dir = ".venv-dev"\n  requirements = {"requirements.txt"}\n  backend = "conda"\n}\n' > venv.conf
trace_reset
m out.txt
[ "$rc" -ne 0 ] || fail "make exited 0 after venv.conf broke"
expect_err "venvmk: venv.conf:4: backend: unknown backend 'conda'"
[ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "the default env was made after venv.conf broke"
[ ! -s "$T/trace" ] || fail "a sync ran after venv.conf broke: $(cat "$T/trace")"
[ "$(mtime .venv-dev.venvmk/stamp)" = "$stamp" ] || fail "the env's stamp moved"
[ "$(mtime out.txt)" = "$out" ] || fail "out.txt was rebuilt"
expect_installed .venv-dev 'gamma==1.5'
