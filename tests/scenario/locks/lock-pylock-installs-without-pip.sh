#!/bin/sh
# A pylock.toml installs with no pip at all: the env equals what pip install --no-deps
# --require-hashes of the same pins gives; a package whose marker excludes it stays out;
# with a warm cache a fresh sync starts no process; a comment costs nothing; a changed
# lock makes the env exactly the new set.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
mkdir wheels
for w in alpha-2.0 beta-2.0 hello_cli-1.0 gamma-1.5; do cp "$WHEELS/$w-py3-none-any.whl" wheels/; done
pylock_head 'requires-python = ">=3.8"'
pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
pylock_pkg beta 2.0 -- wheels/beta-2.0-py3-none-any.whl
pylock_pkg hello-cli 1.0 -- wheels/hello_cli-1.0-py3-none-any.whl
pylock_pkg gamma 1.5 "sys_platform == 'win32'" -- wheels/gamma-1.5-py3-none-any.whl

trace_reset
vm --lock pylock.toml sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"
pins wheels/alpha-2.0-py3-none-any.whl wheels/beta-2.0-py3-none-any.whl wheels/hello_cli-1.0-py3-none-any.whl > "$T/pins.txt"
oracle "$T/oracle" "$T/pins.txt"
same_env .venv "$T/oracle"

# listed as an input
vm --lock pylock.toml inputs
expect_rc 0
expect_out "file pylock.toml"
expect_out "lock pylock.toml "

# a comment and reordered keys: nothing to do
stamp=$(mtime .venv.venvmk/stamp)
sed -i '1i # a comment' pylock.toml
sed -i 's/^created-by = .*//' pylock.toml && printf 'created-by = "venvmk tests"\n' | cat - pylock.toml > p.tmp && mv p.tmp pylock.toml
vm --lock pylock.toml sync
expect_rc 0
expect_no_err
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "a comment changed the env"

# warm cache, new env: venvmk alone, no process at all
rm -rf .venv .venv.venvmk
expect_no_process --lock pylock.toml sync
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"

# a changed lock: the env is exactly the new set
pylock_head
pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
pylock_pkg gamma 1.5 -- wheels/gamma-1.5-py3-none-any.whl
trace_reset
vm --lock pylock.toml sync
expect_rc 0
expect_pip_runs 0
expect_err "recreating"
expect_installed .venv "$(printf 'alpha==2.0\ngamma==1.5')"
[ ! -e .venv/bin/hello ] || fail "hello-cli's script is left"
