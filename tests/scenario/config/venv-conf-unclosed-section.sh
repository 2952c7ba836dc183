#!/bin/sh
# A venv.conf whose last section is never closed (a truncated or half-merged file), or a
# list missing its closing brace (which swallows the section's), is an error
# "venv.conf:LINE: ...", exit 2, and no env is made from it.
. "$srcdir/tests/lib.sh"

printf 'env "dev" {\n  backend = "virtualenv"\n  packages = {"alpha"}\n' > venv.conf
vm list
expect_rc 2
expect_err 'venvmk: venv.conf:'
vm sync
expect_rc 2
[ ! -e .venv ] || fail "an env was made from a truncated venv.conf"

printf 'env "dev" {\n  backend = "virtualenv"\n}\nenv "docs" {\n' > venv.conf
vm list
expect_rc 2
expect_err 'venvmk: venv.conf:'

# the list's closing brace forgotten: its "}" closes the list, the section stays open
printf 'env "dev" {\n  backend = "virtualenv"\n  packages = {"alpha"\n}\n' > venv.conf
vm sync
expect_rc 2
expect_err 'venvmk: venv.conf:'
[ ! -e .venv ] || fail "an env was made from a venv.conf with an unclosed list"
