#!/bin/sh
# A tracked environment variable (the PIP_* defaults, or the track-env list) set, changed
# or unset recreates the env; an untracked one does nothing.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

# untracked: nothing
trace_reset
SOME_OTHER_VAR=1 vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0

for var in PIP_PRE PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_ONLY_BINARY PIP_TRUSTED_HOST; do
	case $var in
	PIP_PRE) val=1;;
	PIP_ONLY_BINARY) val=:all:;;
	PIP_TRUSTED_HOST) val=unused.invalid;;
	*) val=http://127.0.0.1:9/unused/simple;;	# PIP_NO_INDEX=1 keeps pip off it
	esac
	run env "$var=$val" "$VENVMK" check
	expect_rc 1
	expect_err_exact "venvmk: .venv: would be recreated: $var changed"
done

export PIP_INDEX_URL=http://127.0.0.1:9/unused/simple
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: PIP_INDEX_URL changed'
expect_creates 1
expect_installed .venv 'alpha==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_creates 0

# changed to another value
export PIP_INDEX_URL=http://127.0.0.1:9/other/simple
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: PIP_INDEX_URL changed'
# and unset again
unset PIP_INDEX_URL
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: PIP_INDEX_URL changed'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

# PIP_FIND_LINKS is tracked too: another wheelhouse path is another input
mkdir "$T/wheels2"
cp "$WHEELS"/alpha-1.0-py3-none-any.whl "$T/wheels2/"
PIP_FIND_LINKS="$T/wheels2" vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: PIP_FIND_LINKS changed'

# track-env replaces the default list
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
  track-env = {"MY_MIRROR"}
}
CONF
vm sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
PIP_PRE=1 vm check
expect_rc 0
MY_MIRROR=http://mirror.invalid vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: MY_MIRROR changed'
stamp=$(mtime .venv.venvmk/stamp)
MY_MIRROR=http://mirror.invalid vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: MY_MIRROR changed'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
MY_MIRROR=http://mirror.invalid vm check
expect_rc 0
