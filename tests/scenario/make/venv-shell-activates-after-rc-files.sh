#!/bin/sh
# make venv-shell activates the env after the shell's own start-up files, as if the user
# typed ". .venv/bin/activate" at the first prompt: a ~/.bashrc, ~/.zshrc or fish
# config.fish that puts pyenv-style shims first in PATH does not hide the env's python,
# the prompt shows the env's name, and deactivate gives back the PATH the rc file made.
. "$srcdir/tests/lib.sh"

here=$(pwd -P)
cat > Makefile <<MK
VENV_PYTHON = $PY_DEBIAN
VENV_PROMPT = shelltest
include $srcdir/mk/venv.mk
MK
printf 'gamma==1.5\n' > requirements.txt
run make -r VENVMK="$VENVMK" venv
expect_rc 0
expect_err 'venvmk: .venv: creating'

# a home whose start-up files do what "pyenv init" does: shims first in PATH
export HOME="$T/home" TMPDIR="$T/tmp"
unset ZDOTDIR XDG_CONFIG_HOME ENV BASH_ENV || true
mkdir -p "$HOME/shims" "$HOME/.config/fish" "$TMPDIR"
for p in python python3; do
	printf '#!/bin/sh\necho "pyenv shim"\n' > "$HOME/shims/$p"
	chmod +x "$HOME/shims/$p"
done
printf 'export PATH="$HOME/shims:$PATH"\nPS1="rc> "\n' > "$HOME/.bashrc"
printf 'export PATH="$HOME/shims:$PATH"\nPS1="rc> "\n' > "$HOME/.zshrc"
cat > "$HOME/.config/fish/config.fish" <<'FISH'
set -gx PATH $HOME/shims $PATH
function fish_prompt; echo -n 'rc> '; end
FISH

# venv-shell's wrapper files are gone (fish may keep a fish.USER dir of its own there)
left_nothing() {
	! ls -A "$TMPDIR" | grep -q '^venv-shell' || fail "$1: venv-shell left files in TMPDIR: $(ls -A "$TMPDIR")"
}
# shell: the commands a user would type, on stdin
shell() {
	sh=$(command -v "$1") || { echo "no $1: not tested"; return 1; }
	cat > "$T/in"
	echo "+ SHELL=$sh make venv-shell" >&2
	set +e
	SHELL=$sh make -r VENVMK="$VENVMK" venv-shell <"$T/in" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	cat "$T/out" "$T/err" >&2
	expect_rc 0
	left_nothing "$1"
}
expect() {	# the lines the shell printed
	printf '%s\n' "$@" > "$T/want"
	diff -u "$T/want" "$T/out" || fail "$sh: not the env's shell, or not after the rc file"
}

tested=0
if shell bash <<'SH'
command -v python
echo "VIRTUAL_ENV=$VIRTUAL_ENV"
echo "PS1=$PS1"
deactivate
command -v python
echo "PATH=${PATH%%:*}"
SH
then
	expect "$here/.venv/bin/python" "VIRTUAL_ENV=$here/.venv" "PS1=(shelltest) rc> " \
		"$HOME/shims/python" "PATH=$HOME/shims"
	tested=$((tested + 1))
fi

if shell zsh <<'SH'
command -v python
echo "VIRTUAL_ENV=$VIRTUAL_ENV"
echo "PS1=$PS1"
echo "ZDOTDIR=${ZDOTDIR-unset}"
deactivate
command -v python
echo "PATH=${PATH%%:*}"
SH
then
	expect "$here/.venv/bin/python" "VIRTUAL_ENV=$here/.venv" "PS1=(shelltest) rc> " "ZDOTDIR=unset" \
		"$HOME/shims/python" "PATH=$HOME/shims"
	tested=$((tested + 1))

	# a ZDOTDIR of the user's own, and a .zshenv there that sets it again: both are
	# read, and the shell has the user's ZDOTDIR, exported as it was
	mkdir -p "$HOME/zdot" "$HOME/zdot2"
	printf 'ZDOTDIR="$HOME/zdot2"\nZSHENV_READ=yes\n' > "$HOME/zdot/.zshenv"
	printf 'export PATH="$HOME/shims:$PATH"\nPS1="zdot2> "\n' > "$HOME/zdot2/.zshrc"
	export ZDOTDIR="$HOME/zdot"
	shell zsh <<'SH'
command -v python
echo "PS1=$PS1 ZDOTDIR=$ZDOTDIR ZSHENV_READ=$ZSHENV_READ"
sh -c 'echo "exported ZDOTDIR=$ZDOTDIR"'
SH
	expect "$here/.venv/bin/python" "PS1=(shelltest) zdot2>  ZDOTDIR=$HOME/zdot2 ZSHENV_READ=yes" \
		"exported ZDOTDIR=$HOME/zdot2"
	unset ZDOTDIR
fi

if shell fish <<'SH'
command -v python
echo "VIRTUAL_ENV=$VIRTUAL_ENV"
echo "prompt="(fish_prompt | string replace -ra '\e\[[0-9;]*m|\e\(B' '')
deactivate
command -v python
echo "PATH=$PATH[1]"
SH
then
	expect "$here/.venv/bin/python" "VIRTUAL_ENV=$here/.venv" "prompt=(shelltest) rc> " \
		"$HOME/shims/python" "PATH=$HOME/shims"
	tested=$((tested + 1))
fi

# any other shell starts through venvmk run, with the env's bin first in PATH
shell sh <<'SH'
command -v python
echo "VIRTUAL_ENV=$VIRTUAL_ENV"
SH
expect "$here/.venv/bin/python" "VIRTUAL_ENV=$here/.venv"

# the shell's exit status is venv-shell's
printf 'exit 3\n' > "$T/in"
set +e
SHELL=$(command -v bash) make -r VENVMK="$VENVMK" venv-shell <"$T/in" >"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "venv-shell exited 0 when the shell exited 3"
left_nothing "a failing shell"

[ "$tested" -gt 0 ] || { echo "SKIP: none of bash, zsh and fish is installed"; exit 77; }
