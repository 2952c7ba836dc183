#!/bin/sh
# A project or state dir the user may not write: a clear error, exit 1, and
# nothing made or changed.  As root the test drops to nobody with setpriv.
. "$srcdir/tests/lib.sh"

if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null || exit 77
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
	chmod 755 "$T" "$T/p"
	ro() { chmod 755 "$1"; }
else
	as_user() { "$@"; }
	ro() { chmod 555 "$1"; }
fi
for d in "$T" "$(dirname "$T")" "$(dirname "$(dirname "$T")")"; do chmod o+x "$d" 2>/dev/null || true; done
as_user test -x "$VENVMK" || exit 77

printf 'alpha\n' > requirements.txt
chmod 644 requirements.txt
ro .
run as_user "$VENVMK" sync --python "$PY_DEBIAN" -r requirements.txt
expect_rc 1
expect_err_exact 'venvmk: .venv: mkdir .venv.venvmk: Permission denied'
[ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "something was made"

# an env synced by its owner, then a read-only state dir for the one who syncs now
chmod 755 .
mkdir sub && cd sub && printf 'alpha\n' > requirements.txt
vm -q sync --backend virtualenv --python "$PY_DEBIAN" -r requirements.txt
expect_rc 0
chmod -R a+rX . && ro .venv.venvmk
state=$(cat .venv.venvmk/state)
printf 'alpha\ndelta\n' > requirements.txt
run as_user "$VENVMK" sync --backend virtualenv --python "$PY_DEBIAN" -r requirements.txt
expect_rc 1
expect_err 'venvmk: .venv: .venv.venvmk/lock: Permission denied'
[ "$(cat .venv.venvmk/state)" = "$state" ] || fail "the state changed"
run as_user "$VENVMK" check --backend virtualenv --python "$PY_DEBIAN" -r requirements.txt
expect_rc 1
expect_err 'would be refreshed: requirements.txt changed'
chmod 755 .venv.venvmk
