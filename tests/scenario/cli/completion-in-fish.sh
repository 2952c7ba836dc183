#!/bin/sh
# completions/venvmk.fish, as fish loads it from a vendor_completions.d dir, completes the
# commands, every option of src/main.c (long and short) and every command of its table,
# the fixed values of --backend, --link-mode and --format, the env names of venv.conf
# (also through -C and -f), files after -r and dirs after --dir, and after "run ENV --"
# the command to run and its files.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/complib.sh"

# fish looks for completions in $XDG_DATA_DIRS/fish/vendor_completions.d
mkdir -p "$T/share/fish/vendor_completions.d"
cp "$COMPDIR/venvmk.fish" "$T/share/fish/vendor_completions.d/"
export XDG_DATA_DIRS="$T/share" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"

# comp NAME LINE: the completions fish offers at the end of LINE, their words alone, into $T/NAME
comp() {
	fish -c 'complete -C $argv[1]' "$2" > "$T/$1.full" || fail "fish: completing '$2' failed"
	cut -f1 "$T/$1.full" > "$T/$1"
}

comp cmds 'venvmk '
expect_offered "$T/cmds" $(main_commands) lock tool
comp sy 'venvmk sy'
expect_offered "$T/sy" sync

comp long 'venvmk --'
expect_offered "$T/long" $(main_longopts)
comp short 'venvmk -'
expect_offered "$T/short" $(main_shortopts)
comp nos 'venvmk sync --no-s'
expect_offered "$T/nos" --no-sync --no-system-site-packages
expect_not_offered "$T/nos" --no-pip

comp backend 'venvmk --backend '
expect_offered "$T/backend" native venv virtualenv
comp backend2 'venvmk sync --backend=v'
expect_offered "$T/backend2" --backend=venv --backend=virtualenv
comp linkmode 'venvmk --link-mode '
expect_offered "$T/linkmode" auto clone hardlink copy
comp format 'venvmk lock --format '
expect_offered "$T/format" pylock requirements

comp envs 'venvmk sync '
expect_offered "$T/envs" dev docs ci
expect_not_offered "$T/envs" venv.conf
comp envs2 'venvmk --backend venv check dev '
expect_offered "$T/envs2" dev docs ci
(cd "$T/other" && comp envsC 'venvmk -C ../p show ')
expect_offered "$T/envsC" dev docs ci
printf 'env "only" {\n}\n' > other.conf
comp envsf 'venvmk -f other.conf clean '
expect_offered "$T/envsf" only
expect_not_offered "$T/envsf" dev
# no venv.conf: the default env, by its dir (fish offers a word that starts with "."
# only for a "." typed)
(cd "$T/other" && comp envsdef 'venvmk sync .')
expect_offered "$T/envsdef" .venv

comp req 'venvmk sync -r requ'
expect_offered "$T/req" requirements-dev.txt
comp dir 'venvmk --dir su'
expect_offered "$T/dir" subdir/
comp cache 'venvmk cache '
expect_offered "$T/cache" dir prune
comp tool 'venvmk tool '
expect_offered "$T/tool" run sync list dir
comp runcmd 'venvmk run dev -- ech'
expect_offered "$T/runcmd" echo
comp runarg 'venvmk run dev -- ls requ'
expect_offered "$T/runarg" requirements-dev.txt
