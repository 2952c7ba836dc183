#!/bin/sh
# Errors in venv.conf read "venvmk: venv.conf:LINE: ..." and exit 2 for every command,
# before anything is made.
. "$srcdir/tests/lib.sh"

bad() {	# LINE MESSAGE: the error venvmk must print for the venv.conf just written
	for cmd in sync check list; do
		trace_reset
		vm $cmd
		expect_rc 2
		expect_err_exact "venvmk: venv.conf:$1: $2"
		[ ! -s "$T/trace" ] || fail "$cmd started a process on a bad venv.conf"
	done
	[ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "something was made for a bad venv.conf"
}

printf 'env "dev" {\n  backend = "virtualenv"\n  packges = {"alpha"}\n}\n' > venv.conf
bad 3 "no such option 'packges'"

printf '\nenv "dev" {\n  pip = "sometimes"\n}\n' > venv.conf
bad 3 "invalid boolean value for option 'pip'"

printf 'env "dev" {\n  system-site-packages = 7\n}\n' > venv.conf
bad 2 "invalid boolean value for option 'system-site-packages'"

printf 'env "dev" {\n  dir = {".a", ".b"}\n}\n' > venv.conf
bad 2 "unexpected token '{'"

printf 'env "dev" {\n\n  backend = "conda"\n}\n' > venv.conf
bad 3 "backend: unknown backend 'conda' (known: native, venv, virtualenv)"

printf 'env "dev" {\n}\nenv "docs" {\n}\nenv "dev" {\n  backend = "venv"\n}\n' > venv.conf
bad 5 "found duplicate title 'dev'"

printf 'env "dev" {\n  dir = "."\n}\n' > venv.conf
bad 2 "dir: '.' is the current directory"

printf 'env "my env" {}\n' > venv.conf
bad 1 "env \"my env\": a name may hold only letters, digits, '_', '.' and '-'"

printf 'env "dev" {\n  python = ""\n}\n' > venv.conf
bad 2 "python: empty value"

printf 'env {\n}\n' > venv.conf
bad 1 "missing title for section 'env'"

# -f names the file in the message
mkdir conf
printf 'env "dev" {\n  colour = "blue"\n}\n' > conf/other.conf
rm venv.conf
vm -f conf/other.conf sync
expect_rc 2
expect_err_exact "venvmk: conf/other.conf:2: no such option 'colour'"

# a file with no env at all
printf '# nothing yet\n' > venv.conf
vm sync
expect_rc 2
expect_err_exact 'venvmk: venv.conf: declares no env section'
