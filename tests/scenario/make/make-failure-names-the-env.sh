#!/bin/sh
# A sync that fails under make says which env failed before make's own message, which
# names the target that syncs it (DIR.venvmk/checked); the next make tries again.
. "$srcdir/tests/lib.sh"

cat > Makefile <<MK
VENV_BACKEND = virtualenv
VENV_PYTHON = $PY_DEBIAN
include $srcdir/mk/venv.mk
out.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/python -c 'print(1)' > \$@
MK
printf 'alpha==9.9\n' > requirements.txt
run make -r VENVMK="$VENVMK" out.txt
[ "$rc" -ne 0 ] || fail "make succeeded"
expect_err 'venvmk: .venv: the env was not synced: make reports this as its target .venv.venvmk/checked'
a=$(grep -n 'the env was not synced' "$T/err" | cut -d: -f1)
b=$(grep -n '\*\*\* \[' "$T/err" | cut -d: -f1)
[ -n "$b" ] && [ "$a" -lt "$b" ] || fail "the env is not named before make's message"

printf 'alpha==1.0\n' > requirements.txt
run make -r VENVMK="$VENVMK" out.txt
expect_rc 0
! grep -q 'not synced' "$T/err" || fail "a good sync says it failed"
