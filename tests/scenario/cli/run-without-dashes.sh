#!/bin/sh
# run needs no "--": its first operand starts the command, and what follows is the
# command's, options included ("venvmk run hello --loud" is not venvmk's --loud). A
# command the env lacks is named as not installed there, with exit status 127.
. "$srcdir/tests/lib.sh"

printf 'hello-cli\n' > requirements.txt

# the first operand is the command: hello runs in the default env, made first
vm run hello
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_out 'Hello from a venvmk environment!'

# its arguments are its own, options included; ours may still come before it
vm -q run --no-sync python -c 'import sys; print(sys.argv[1:])' -v --no-sync
expect_rc 0
expect_no_err
expect_out "['-v', '--no-sync']"
vm run -C . python -c 'import sys; print(sys.prefix)'
expect_rc 0
expect_out "$(pwd -P)/.venv"

# with "--", as before
vm run -- python -c 'print("dashed")'
expect_rc 0
expect_out dashed

# a command that is neither in the env nor on PATH: said plainly, status 127
PATH=/usr/bin:/bin vm run --no-sync no-such-tool-here --version
expect_rc 127
expect_err 'venvmk: no-such-tool-here: not installed in the env .venv (nor found on PATH): add it to the env'"'"'s requirements'
