#!/bin/sh
# Changing the prompt recreates the env, and activate shows the new prompt.
. "$srcdir/tests/lib.sh"

conf() {
	{ printf 'env "dev" {\n  backend = "virtualenv"\n  packages = {"alpha==1.0"}\n'
	  [ $# -eq 0 ] || printf '  prompt = "%s"\n' "$1"
	  printf '}\n'; } > venv.conf
}
shown() { bash --norc -c '. .venv/bin/activate; printf %s "$PS1"'; }
conf
vm sync
expect_rc 0

conf proj-one
expect_recreate
grep -qx 'prompt = proj-one' .venv/pyvenv.cfg || fail "pyvenv.cfg lacks the prompt"
case $(shown) in "(proj-one) "*) ;; *) fail "activate shows '$(shown)'";; esac
expect_installed .venv 'alpha==1.0'
stamp=$(mtime .venv.venvmk/stamp)

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_creates 0

conf proj-two
trace_reset
vm sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
expect_creates 1
case $(shown) in "(proj-two) "*) ;; *) fail "activate shows '$(shown)'";; esac
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

# --prompt overrides the file
trace_reset
vm --prompt proj-three sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
case $(shown) in "(proj-three) "*) ;; *) fail "activate shows '$(shown)'";; esac

# no prompt at all: back to the default
conf
vm sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
! grep -q '^prompt = ' .venv/pyvenv.cfg || fail "the old prompt is still set"
