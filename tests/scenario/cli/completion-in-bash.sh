#!/bin/sh
# completions/venvmk.bash, sourced into bash (no bash-completion needed), completes the
# commands, every option of src/main.c (long and short) and every command of its table,
# the fixed values of --backend, --link-mode and --format, the env names of venv.conf
# (also through -C and -f), files after -r and dirs after --dir, and after "run ENV --"
# the command to run.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/complib.sh"

# comp NAME WORD...: complete the last WORD of the line "WORD..." into $T/NAME
comp() {
	name=$1
	shift
	bash --norc --noprofile -c '
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_venvmk venvmk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$COMPDIR/venvmk.bash" "$@" > "$T/$name" ||
		fail "bash: completing '$*' failed"
}

# the file registers the function for venvmk
bash --norc --noprofile -c '. "$1"; complete -p venvmk' sh "$COMPDIR/venvmk.bash" > "$T/reg"
grep -q -- '-F _venvmk venvmk' "$T/reg" || fail "no complete -F _venvmk venvmk: $(cat "$T/reg")"

comp cmds venvmk ''
expect_offered "$T/cmds" $(main_commands) lock tool
comp sy venvmk sy
expect_offered "$T/sy" sync
expect_not_offered "$T/sy" check

comp long venvmk --
expect_offered "$T/long" $(main_longopts)
comp short venvmk -
expect_offered "$T/short" $(main_shortopts)
comp nos venvmk sync --no-s
expect_offered "$T/nos" --no-sync --no-system-site-packages
expect_not_offered "$T/nos" --no-pip

comp backend venvmk --backend v
expect_offered "$T/backend" venv virtualenv
expect_not_offered "$T/backend" native
# "--backend=" as bash splits it at COMP_WORDBREAKS's "="
comp backend2 venvmk sync --backend = ''
expect_offered "$T/backend2" native venv virtualenv
comp linkmode venvmk --link-mode ''
expect_offered "$T/linkmode" auto clone hardlink copy
comp format venvmk lock --format ''
expect_offered "$T/format" pylock requirements

comp envs venvmk sync ''
expect_offered "$T/envs" dev docs ci
comp envs2 venvmk --backend = venv check dev d
expect_offered "$T/envs2" dev docs
expect_not_offered "$T/envs2" ci
(cd "$T/other" && comp envsC venvmk -C ../p show '')
expect_offered "$T/envsC" dev docs ci
printf 'env "only" {\n}\n' > other.conf
comp envsf venvmk -f other.conf clean ''
expect_offered "$T/envsf" only
expect_not_offered "$T/envsf" dev
# no venv.conf: the default env, by its dir
(cd "$T/other" && comp envsdef venvmk sync '')
expect_offered "$T/envsdef" .venv

comp req venvmk sync -r requ
expect_offered "$T/req" requirements-dev.txt
comp dir venvmk --dir su
expect_offered "$T/dir" subdir
comp cache venvmk cache ''
expect_offered "$T/cache" dir prune
comp tool venvmk tool ''
expect_offered "$T/tool" run sync list dir
comp runcmd venvmk run dev -- ech
expect_offered "$T/runcmd" echo
comp runarg venvmk run dev -- ls requ
expect_offered "$T/runarg" requirements-dev.txt
