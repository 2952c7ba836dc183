#!/bin/sh
# VENV_TOOLS in venv.mk: $(VENV_TOOL_NAME) is the path of a tool's command in its env in
# the cache, the same env "venvmk tool run" uses, and a target that syncs it. A recipe runs
# it; a no-op make starts no sync (only "venvmk tool dir" once a tool), make -q and -n say
# nothing is to do; a changed VENV_TOOL_FROM_NAME makes another env and rebuilds; make -j2 of
# two tools is fine. No project env is made.
. "$srcdir/tests/lib.sh"

cat > venvmk-logged <<SH
#!/bin/sh
echo "\$*" >> "$T/runs"
exec "$VENVMK" "\$@"
SH
chmod +x venvmk-logged
# Debian's python3.11 by path: a pyenv shim would make the tools' make.d watch every dir up
# to /, where the tests running beside this one create dirs all the time
cat > Makefile <<MK
VENV_TOOLS = gamma alpha-version
VENV_TOOL_FROM_alpha-version ?= alpha==1.1
VENV_TOOL_PYTHON_gamma = $PY_DEBIAN
VENV_TOOL_PYTHON_alpha-version = $PY_DEBIAN
include $srcdir/mk/venv.mk
out.txt: \$(VENV_TOOL_gamma) \$(VENV_TOOL_alpha-version)
	\$(VENV_TOOL_gamma) > \$@
	\$(VENV_TOOL_alpha-version) >> \$@
MK
for f in runs want have expected; do : > "$T/$f"; done
m() { run make -r VENVMK="$PWD/venvmk-logged" "$@"; }
syncs() {
	n=$(grep -c 'tool sync' "$T/runs" || true)
	[ "$n" -eq "$1" ] || fail "venvmk synced $n tools, expected $1 ($2): $(cat "$T/runs")"
	: > "$T/runs"
}

m -j2 out.txt
expect_rc 0
printf 'gamma 1.5\nalpha 1.1\n' | diff -u - out.txt || fail "out.txt"
syncs 2 "the first make"
m out.txt
! grep -q 'overriding recipe' "$T/err" || fail "the make.d files of two envs define one rule twice"
: > "$T/runs"
[ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "a project env was made"
# the env "venvmk tool run" uses is the same one: it starts nothing
trace_reset
vm tool run --python "$PY_DEBIAN" --from alpha==1.1 alpha-version
expect_rc 0
expect_out "alpha 1.1"
expect_creates 0
expect_pip_runs 0

# the make after may ask venvmk once (its vars file is new); then nothing is to do
m out.txt; : > "$T/runs"
m out.txt
expect_rc 0
expect_out "'out.txt' is up to date"
[ "$(grep -c '^tool dir ' "$T/runs")" -eq 2 ] && [ "$(wc -l < "$T/runs")" -eq 2 ] \
	|| fail "a no-op make ran more than venvmk tool dir once a tool: $(cat "$T/runs")"
syncs 0 "a no-op"
m -q out.txt
[ "$rc" -eq 0 ] || fail "make -q exited $rc with nothing to do"
m -n out.txt
expect_rc 0
[ "$(wc -l < "$T/out")" -eq 1 ] || fail "make -n listed commands: $(cat "$T/out")"
: > "$T/runs"

# another requirement: another env, and out.txt is made again
sleep 1
m out.txt VENV_TOOL_FROM_alpha-version=alpha==2.0
expect_rc 0
printf 'gamma 1.5\nalpha 2.0\n' | diff -u - out.txt || fail "out.txt after the change"
syncs 1 "a changed VENV_TOOL_FROM"
[ "$(ls "$T/cache/tools" | wc -l)" -eq 3 ] || fail "expected 3 tool envs"

# (the make after may ask venvmk once: the new env's vars file is new)
m out.txt VENV_TOOL_FROM_alpha-version=alpha==2.0; : > "$T/runs"

# a tool whose env lost its command is made again
rm "$(dirname "$(grep -l 'alpha==2.0' "$T"/cache/tools/*/tool)")"/env/bin/alpha-version
m out.txt VENV_TOOL_FROM_alpha-version=alpha==2.0
expect_rc 0
syncs 1 "a removed command"
printf 'gamma 1.5\nalpha 2.0\n' | diff -u - out.txt || fail "out.txt after the repair"
