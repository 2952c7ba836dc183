#!/bin/sh
# completions/_venvmk, autoloaded by zsh's compinit from fpath, completes the commands,
# every option of src/main.c (long and short) and every command of its table, the fixed
# values of --backend and --format, the env names of venv.conf (also through -C and
# after options), files after -r and dirs after --dir, and after "run ENV --" the
# command to run. tests/helpers/zshcomplete.zsh types each line and a TAB into an
# interactive zsh in a pseudo-terminal and captures the matches.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/complib.sh"

# comp NAME LINE: the matches zsh offers at the end of LINE, into $T/NAME
comp() {
	timeout 60 zsh -f "$srcdir/tests/helpers/zshcomplete.zsh" "$COMPDIR" "$2" > "$T/$1.raw" ||
		fail "zsh: completing '$2' failed"
	grep . "$T/$1.raw" | sort -u > "$T/$1" || true
}

comp cmds 'venvmk '
expect_offered "$T/cmds" $(main_commands) lock tool
comp opts 'venvmk -'
expect_offered "$T/opts" $(main_longopts) $(main_shortopts)
comp backend 'venvmk sync --backend='
expect_offered "$T/backend" native venv virtualenv
comp format 'venvmk lock --format '
expect_offered "$T/format" pylock requirements
comp envs 'venvmk --backend venv sync '
expect_offered "$T/envs" dev docs ci
(cd "$T/other" && comp envsC 'venvmk -C ../p check dev ')
expect_offered "$T/envsC" dev docs ci
comp req 'venvmk sync -r requ'
expect_offered "$T/req" requirements-dev.txt
comp dir 'venvmk --dir su'
expect_offered "$T/dir" subdir
comp tool 'venvmk tool '
expect_offered "$T/tool" run sync list dir
comp runcmd 'venvmk run dev -- ech'
expect_offered "$T/runcmd" echo
