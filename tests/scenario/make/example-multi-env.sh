#!/bin/sh
# examples/multi-env: build/greeting.txt, made by the docs env's hello, is
# regenerated exactly when the docs env changes; make -j8 venv builds both envs.
. "$srcdir/tests/lib.sh"
# The make running this test must not leak its flags or its TESTS= into ours.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES || true
MAKE=${MAKE:-make}
mk() { run $MAKE VENVMK="$VENVMK" VENV_MK="$srcdir/mk/venv.mk" "$@"; }

# Only the example's sources: not what running it in the source tree made.
mkdir docs
for f in Makefile README.md requirements-dev.txt docs/requirements.txt; do
	cp "$srcdir/examples/multi-env/$f" "$f"
done
chmod -R u+w .

# The default goal builds only the docs env, then the generated file.
mk
expect_rc 0
expect_err 'venvmk: .venv-docs: creating'
expect_out '.venv-docs/bin/hello > build/greeting.txt'
[ "$(cat build/greeting.txt)" = 'Hello from a venvmk environment!' ] || fail "wrong build/greeting.txt"
[ ! -e .venv ] || fail "the dev env was built though nothing needs it"
expect_installed .venv-docs 'hello-cli==1.0'
greeting=$(mtime build/greeting.txt)

# Neither a touch nor a comment edit nor a no-op make rebuilds the greeting.
trace_reset
mk
expect_rc 0
touch docs/requirements.txt
mk
expect_rc 0
printf '# Docs tools, reworded.\n\nhello-cli   # the greeter\n' > docs/requirements.txt
mk
expect_rc 0
expect_no_err
grep -q 'greeting.txt' "$T/out" && fail "build/greeting.txt was rebuilt: $(cat "$T/out")"
expect_pip_runs 0
expect_creates 0
[ "$(mtime build/greeting.txt)" = "$greeting" ] || fail "build/greeting.txt rebuilt on a no-op"

# A real change refreshes the env and regenerates the file, once.
echo gamma >> docs/requirements.txt
mk
expect_rc 0
expect_err 'venvmk: .venv-docs: refreshing'
expect_out '.venv-docs/bin/hello > build/greeting.txt'
expect_pip_runs 1
expect_installed .venv-docs 'gamma==1.5
hello-cli==1.0'
[ "$(mtime build/greeting.txt)" != "$greeting" ] || fail "build/greeting.txt not rebuilt after a real change"
greeting=$(mtime build/greeting.txt)
mk
expect_rc 0
[ "$(mtime build/greeting.txt)" = "$greeting" ] || fail "build/greeting.txt rebuilt twice"

# The dev env's tools work as commands.
mk lint
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_out 'gamma 1.5'
expect_installed .venv 'alpha==2.0
gamma==1.5'

# From nothing, make -j8 venv builds both envs, each once, side by side.
mk clean
expect_rc 0
for f in .venv .venv.venvmk .venv-docs .venv-docs.venvmk build; do
	[ ! -e "$f" ] || fail "$f survived make clean"
done
trace_reset
mk -j8 venv
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_err 'venvmk: .venv-docs: creating'
expect_creates 2
expect_installed .venv 'alpha==2.0
gamma==1.5'
expect_installed .venv-docs 'gamma==1.5
hello-cli==1.0'

# Many targets needing the same env under -j8 still cause one sync each.
trace_reset
mk -j8 venv all lint venv-docs venv-dev
expect_rc 0
expect_creates 0
expect_pip_runs 0
