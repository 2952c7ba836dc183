# bash completion for venvmk                                 -*- shell-script -*-
#
# Installed as "venvmk" in bash-completion's completions dir, which loads it the first
# time venvmk is completed; without bash-completion, source this file from ~/.bashrc.
# It needs nothing of bash-completion's. The env names come from "venvmk list" (run with
# the -C, -f and --no-conf of the line being completed); tests/scenario/cli/
# completion-*.sh hold it to src/main.c's options and commands.

# the options that take a value in the next word (or after "=")
_venvmk_valueopts='-f --file -C --directory -o --output --dir --python -r --requirement
-c --constraint --package -e --editable --backend --prompt --pip-arg --track-env --extra
--group --cache-dir --link-mode --lock --older-than --format --upgrade-package --from
--with --remote-cache --exclude-newer'
_venvmk_flagopts='-v --verbose -q --quiet -h --help --version --no-conf --json --no-sync
--make-deps --no-requirements --system-site-packages --no-system-site-packages --no-pip
--pip --upgrade --remote-cache-write'
_venvmk_commands='sync check run show fingerprint inputs deps clean list lock cache tool'

# is $1 an option that takes its value from the next word?
_venvmk_takesvalue()
{
	local o
	for o in $_venvmk_valueopts; do
		[[ $1 == "$o" ]] && return 0
	done
	return 1
}

# print the envs venv.conf declares: each one's name, or its dir when it has none
_venvmk_envs()
{
	local -a pre=()
	local i w name dir
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-C | --directory | -f | --file)
			pre+=("$w" "${COMP_WORDS[i + 1]/#\~/$HOME}")
			((i++))
			;;
		--directory=* | --file=* | --no-conf) pre+=("$w") ;;
		--) break ;;
		esac
	done
	"${COMP_WORDS[0]/#\~/$HOME}" "${pre[@]}" list 2>/dev/null |
		while IFS=$'\t' read -r name dir; do
			if [[ $name == - ]]; then
				printf '%s\n' "$dir"
			else
				printf '%s\n' "$name"
			fi
		done
}

# set COMPREPLY to the words of the list $1 that start with $cur
_venvmk_words()
{
	local w
	while IFS= read -r w; do
		COMPREPLY+=("$w")
	done < <(compgen -W "$1" -- "$cur")
}

_venvmk_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY+=($(compgen -f -- "$cur"))
}

_venvmk_dirs()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY+=($(compgen -d -- "$cur"))
}

_venvmk_cmdnames()
{
	local IFS=$'\n'
	COMPREPLY+=($(compgen -c -- "$cur"))
}

# complete the value of the option $1
_venvmk_value()
{
	case $1 in
	-f | --file | -o | --output | -r | --requirement | -c | --constraint | --lock) _venvmk_files ;;
	-C | --directory | --dir | --cache-dir | -e | --editable) _venvmk_dirs ;;
	--python)
		if [[ $cur == */* ]]; then
			_venvmk_files
		else
			local w
			# the interpreters on PATH (python3.12, pypy3...), then files
			while IFS= read -r w; do
				[[ $w =~ ^(python|pypy)[0-9.]*$ ]] && COMPREPLY+=("$w")
			done < <(compgen -c -- "$cur" | sort -u)
			_venvmk_files
		fi
		;;
	--backend) _venvmk_words 'native venv virtualenv' ;;
	--link-mode) _venvmk_words 'auto clone hardlink copy' ;;
	--format) _venvmk_words 'pylock requirements pipfile-lock' ;;
	--track-env)
		local IFS=$'\n'
		COMPREPLY+=($(compgen -e -- "$cur"))
		;;
	esac
}

_venvmk()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= opt=
	local -a ops=()
	local i w dashes=0 afterdashes=0
	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# the value of an option: "--backend venv", "--backend=venv" as one word, or as
	# three, split at COMP_WORDBREAKS's "=" ("--backend" "=" "venv")
	if [[ $cur == =* && $prev == --* ]]; then
		opt=$prev cur=${cur#=}
	elif [[ $prev == = && COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
		local before=${#COMPREPLY[@]}
		_venvmk_value "$opt"
		for ((i = before; i < ${#COMPREPLY[@]}; i++)); do
			COMPREPLY[i]=$opt=${COMPREPLY[i]}
		done
		return 0
	fi

	# the command and its operands so far: the words that are no option nor an option's value
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((dashes)); then
			((afterdashes++))
			continue
		fi
		if [[ $w == -- ]]; then
			dashes=1
		elif [[ $w == -?* ]]; then
			if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
				((i += 2))
			elif _venvmk_takesvalue "$w"; then
				((i++))
			fi
		else
			ops+=("$w")
		fi
	done
	if [[ -z $opt && $dashes == 0 ]] && _venvmk_takesvalue "$prev"; then
		opt=$prev
	fi
	if [[ -n $opt ]]; then
		_venvmk_value "$opt"
		return 0
	fi

	# after "--": the command run (or tool run) starts, then its arguments
	if ((dashes)); then
		if ((afterdashes == 0)); then
			_venvmk_cmdnames
		else
			_venvmk_files
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		_venvmk_words "$_venvmk_valueopts $_venvmk_flagopts"
		return 0
	fi

	local n=${#ops[@]}
	if ((n == 0)); then
		_venvmk_words "$_venvmk_commands"
		return 0
	fi
	case ${ops[0]} in
	sync | check | show | fingerprint | inputs | deps | clean | lock)
		_venvmk_words "$(_venvmk_envs)"
		;;
	run)
		# "run ENV -- CMD..." or "run CMD..."
		if ((n == 1)); then
			_venvmk_words "$(_venvmk_envs)"
			_venvmk_cmdnames
		else
			_venvmk_files
		fi
		;;
	cache)
		((n == 1)) && _venvmk_words 'dir prune'
		;;
	tool)
		if ((n == 1)); then
			_venvmk_words 'run sync list dir'
		elif [[ ${ops[1]} == run ]]; then
			if ((n == 2)); then
				_venvmk_cmdnames
			else
				_venvmk_files
			fi
		fi
		;;
	esac
	return 0
}

complete -F _venvmk venvmk
