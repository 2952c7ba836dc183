#!/bin/sh
# venvmk tool run: --with adds a requirement to the tool's env (another env than without),
# --python picks its interpreter, the command's exit status is venvmk's, the command's
# stdout is its own; a command the tool's env does not have exits 127 saying so; bad usage
# exits 2.
. "$srcdir/tests/lib.sh"

vm tool run --with 'alpha==1.0' --from gamma alpha-version
expect_rc 0
expect_out "alpha 1.0"
vm tool run --with 'alpha==1.0' --with delta --python "$PY_DEBIAN" --from gamma \
	python -c 'import sys, alpha, delta; print(sys.version_info[:2]); sys.exit(3)'
expect_rc 3
expect_out "(3, 11)"
[ "$(ls "$T/cache/tools" | wc -l)" -eq 2 ] || fail "--with and --python made no env of their own"

# the env has no such command
vm tool run --from gamma alpha-version
expect_rc 127
expect_err "venvmk: tool run: alpha-version: no such command in the tool's env (gamma)"
# no package has it
vm tool run nosuchpkg
expect_rc 1
vm tool list
expect_rc 0
[ "$(wc -l < "$T/out")" -eq 3 ] || fail "tool list: expected 3 tools"

vm tool run
expect_rc 2
expect_err "no command given"
vm tool run --dir x gamma
expect_rc 2
expect_err "only --from, --with and --python"
vm tool frob
expect_rc 2
vm tool run ../gamma
expect_rc 2
expect_err "is not a command name"

# the order of --with names the same env
vm tool dir --with delta --with 'alpha==1.0' --from gamma alpha-version
one=$(cat "$T/out")
vm tool dir --with 'alpha==1.0' --with delta --from gamma alpha-version
[ "$(cat "$T/out")" = "$one" ] || fail "the order of --with changed the env"
