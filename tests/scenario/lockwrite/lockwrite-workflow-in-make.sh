#!/bin/sh
# The pip-compile workflow: an env that declares its inputs and a lock (VENV_REQUIREMENTS
# beside VENV_LOCK; in venv.conf, requirements beside lock) is installed from the lock,
# which a sync first brings up to date as venvmk lock would.  A touch or a comment in
# requirements.in rewrites nothing and runs nothing; a requirement added rewrites the lock
# once and refreshes the env once; make -j4 with two targets locks once; a second make does
# nothing; a hand-edited lock is re-resolved, saying so; make upgrade PACKAGE=name moves that
# package; check tells a stale lock.
. "$srcdir/tests/lib.sh"
mkdir "$T/wh"
cp "$WHEELS/alpha-1.0-py3-none-any.whl" "$WHEELS/gamma-1.0-py3-none-any.whl" "$WHEELS/delta-0.2-py3-none-any.whl" "$T/wh/"
export PIP_FIND_LINKS="$T/wh"

cat > Makefile <<MK
VENV_PYTHON = $PY_DEBIAN
VENV_REQUIREMENTS = requirements.in
VENV_LOCK = pylock.toml
include $srcdir/mk/venv.mk
a.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/python -c 'import alpha' && echo a > \$@
b.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/python -c 'import alpha' && echo b > \$@
MK
printf 'alpha\n' > requirements.in
m() { run make -r VENVMK="$VENVMK" "$@"; }
locks() { grep -c 'wrote pylock.toml' "$T/err" || true; }

# two targets, -j4: one lock, one env
m -j4 a.txt b.txt
expect_rc 0
[ "$(locks)" -eq 1 ] || fail "the lock was written $(locks) times"
expect_creates 1
grep -q '^name = "alpha"' pylock.toml || fail "no alpha in the lock"
grep -q '^version = "1.0"' pylock.toml || fail "alpha is not 1.0"
"$PY_DEBIAN" -c 'import tomllib,sys; tomllib.load(open("pylock.toml","rb"))' || fail "the lock is no TOML"
lockm=$(mtime pylock.toml) stamp=$(mtime .venv.venvmk/stamp)

# a second make, a touch, a comment: nothing rewritten, nothing run
trace_reset
m a.txt b.txt
expect_rc 0
! grep -q 'import alpha' "$T/out" || fail "a second make ran a recipe"
touch requirements.in
printf '# the tools we need\n' >> requirements.in
m a.txt b.txt
expect_rc 0
expect_pip_runs 0
expect_creates 0
[ "$(mtime pylock.toml)" = "$lockm" ] || fail "the lock was rewritten after a comment"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved after a comment"
[ ! -s "$T/trace" ] || fail "processes ran after a comment: $(cat "$T/trace")"
m -q a.txt
expect_rc 0

# a requirement added: the lock rewritten once, the env made again from it
printf 'gamma\n' >> requirements.in
m a.txt
expect_rc 0
[ "$(locks)" -eq 1 ] || fail "the lock was written $(locks) times"
grep -q '^name = "gamma"' pylock.toml || fail "no gamma in the lock"
expect_installed .venv 'alpha==1.0
gamma==1.0'
decl="--no-conf -r requirements.in --lock pylock.toml --python $PY_DEBIAN"
vm check $decl
expect_rc 0

# newer versions published: make does nothing, make upgrade PACKAGE=gamma moves gamma alone
cp "$WHEELS/alpha-2.0-py3-none-any.whl" "$WHEELS/gamma-1.5-py3-none-any.whl" "$T/wh/"
m a.txt
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.0'
m upgrade PACKAGE=gamma
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.5'
grep -q '^version = "1.5"' pylock.toml || fail "gamma did not move in the lock"

# a hand-edited lock is re-resolved, keeping its pins where they fit
sed -i 's/^created-by = "venvmk"/created-by = "someone"/' pylock.toml
m a.txt
expect_rc 0
expect_err "pylock.toml was edited by hand: resolving it again"
grep -q '^created-by = "venvmk"' pylock.toml || fail "the lock was not written again"
expect_installed .venv 'alpha==1.0
gamma==1.5'

# check tells a lock out of date with its inputs, and changes nothing
lockm=$(mtime pylock.toml)
printf 'delta\n' >> requirements.in
vm check $decl
expect_rc 1
expect_err "the lock pylock.toml is out of date with its inputs"
[ "$(mtime pylock.toml)" = "$lockm" ] || fail "check rewrote the lock"

# venv.conf: lock beside requirements, and a lock named otherwise is refused
rm Makefile
cat > venv.conf <<CONF
env "dev" {
  python = "$PY_DEBIAN"
  requirements = {"requirements.in"}
  lock = "requirements.lock"
}
CONF
vm sync
expect_rc 2
expect_err "is a pylock.toml or pylock.NAME.toml"
sed -i 's/requirements.lock/pylock.dev.toml/' venv.conf
vm sync
expect_rc 0
grep -q '^name = "delta"' pylock.dev.toml || fail "no delta in pylock.dev.toml"
