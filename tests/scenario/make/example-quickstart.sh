#!/bin/sh
# examples/quickstart: make builds .env and runs its hello; a second make
# starts no pip; the env activates in an interactive bash; make clean removes it.
. "$srcdir/tests/lib.sh"
# The make running this test must not leak its flags or its TESTS= into ours.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES || true
MAKE=${MAKE:-make}
mk() { run $MAKE VENVMK="$VENVMK" VENV_MK="$srcdir/mk/venv.mk" "$@"; }

# Only the example's sources: not what running it in the source tree made.
for f in Makefile README.md requirements.txt; do
	cp "$srcdir/examples/quickstart/$f" "$f"
done
chmod -R u+w .

# The default goal creates the env and runs the console script from it.
mk
expect_rc 0
expect_err 'venvmk: .env: creating'
expect_out 'Hello from a venvmk environment!'
test -x .env/bin/hello || fail "no .env/bin/hello"
expect_installed .env 'hello-cli==1.0'
stamp=$(mtime .env.venvmk/stamp)

# Nothing changed: no pip, no new stamp; touching requirements.txt changes nothing.
trace_reset
mk hello
expect_rc 0
expect_out 'Hello from a venvmk environment!'
touch requirements.txt
mk venv
expect_rc 0
expect_no_err
expect_pip_runs 0
expect_creates 0
[ "$(mtime .env.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on a no-op"

# The tutorial: source .env/bin/activate in a real interactive bash.
cat > "$T/session" <<'EOF'
echo "before=$PATH"
source .env/bin/activate
echo "which=$(which python)"
echo "virtual_env=$VIRTUAL_ENV"
echo "hello=$(hello)"
deactivate
echo "after=$PATH"
echo "unset=${VIRTUAL_ENV-yes}"
EOF
run env TERM=dumb bash --norc --noprofile -i < "$T/session"
expect_rc 0
expect_out "which=$PWD/.env/bin/python"
expect_out "virtual_env=$PWD/.env"
expect_out "hello=Hello from a venvmk environment!"
expect_out "unset=yes"
expect_err '(.env) '
before=$(sed -n 's/^before=//p' "$T/out")
after=$(sed -n 's/^after=//p' "$T/out")
[ -n "$before" ] && [ "$before" = "$after" ] || fail "deactivate did not restore PATH"

# make clean removes the env and its state, lock included.
mk clean
expect_rc 0
[ ! -e .env ] || fail ".env survived make clean"
[ ! -e .env.venvmk ] || fail ".env.venvmk survived make clean"
