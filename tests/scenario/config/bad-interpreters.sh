#!/bin/sh
# Interpreters that are not Python, that fail, or that cannot be found, and a
# missing virtualenv: a precise error, and nothing on disk changes.
. "$srcdir/tests/lib.sh"

# nothing at all: not even the state dir beside the env (issue 25)
nothing_made() { [ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "something was made: $(ls -A)"; }
printf 'alpha\n' > requirements.txt

vm sync --python python3.99 -r requirements.txt
expect_rc 2
expect_err_exact "venvmk: .venv: python 'python3.99' not found in PATH"
nothing_made

vm sync --python /bin/true -r requirements.txt
expect_rc 2
expect_err "venvmk: .venv: python '/bin/true': "
expect_err "true is not a Python interpreter"
nothing_made

vm sync --python /bin/false -r requirements.txt
expect_rc 2
expect_err "venvmk: .venv: python '/bin/false': "
expect_err "false exited with status 1"
nothing_made

printf '#!/bin/sh\necho hello\n' > notpython && chmod +x notpython
vm sync --python ./notpython -r requirements.txt
expect_rc 2
expect_err "is not a Python interpreter"
nothing_made

mkdir adir
vm sync --python ./adir -r requirements.txt
expect_rc 2
expect_err_exact "venvmk: .venv: python './adir' is not a file"
nothing_made

# virtualenv missing from PATH: the message says how to get it
mkdir bin && ln -s "$(command -v python3)" bin/python3 2>/dev/null || true
run env PATH="$PWD/bin" "$VENVMK" sync --python "$PY_DEBIAN" --backend virtualenv -r requirements.txt
expect_rc 1
expect_err "venvmk: .venv: backend virtualenv: 'virtualenv' not found in PATH (Debian: apt-get install virtualenv)"

# a first sync that gets as far as resolving keeps its state dir: check tells why it failed
printf 'alpha==9.9\n' > requirements.txt
vm sync -r requirements.txt
expect_rc 1
[ -d .venv.venvmk ] || fail "a failed resolve left no state dir to say why"
vm check -r requirements.txt
expect_rc 1
expect_err 'the last sync failed: '
