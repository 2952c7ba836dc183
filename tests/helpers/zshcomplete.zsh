#!/usr/bin/env zsh
# zshcomplete.zsh FPATHDIR LINE: print, one a line, the matches zsh's completion system
# offers for LINE (completed at its end) with the completion functions of FPATHDIR first on
# fpath. It runs an interactive "zsh -f" in a pseudo-terminal (zsh/zpty), loads compinit,
# types LINE and a TAB, and captures what the completers hand to compadd. In the spirit of
# Valodim's zsh-capture-completion; used by tests/scenario/cli/completion-in-zsh.sh.
zmodload zsh/zpty || { print -u2 'zshcomplete: no zsh/zpty'; exit 2 }
fdir=$1 cline=$2
setup=${TMPDIR:-/tmp}/zshcomplete.$$
trap 'rm -f $setup; zpty -d z 2>/dev/null' EXIT

cat > $setup <<EOF
PROMPT= RPROMPT= PS2=
fpath=(${(q)fdir} \$fpath)
autoload -U compinit
compinit -u -D
bindkey '^I' complete-word
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-separator ''
zmodload zsh/zutil
null-line() { print -rn -- \$'\0\n' }
compprefuncs=(null-line)
comppostfuncs=(null-line exit)
compadd() {
	# a call that only asks (-O, -A, -D) is left alone
	if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "\$@"
		return
	fi
	typeset -a __hits
	builtin compadd -A __hits "\$@"
	local h
	for h in \$__hits; do
		print -r -- "MATCH:\$h"
	done
	builtin compadd "\$@"
}
print ok-ready
EOF

zpty z zsh -f -i
zpty -w z "source ${(q)setup}"
local line
repeat 50; do
	zpty -r z line || break
	[[ $line == ok-ready* ]] && break
done
[[ $line == ok-ready* ]] || { print -u2 'zshcomplete: the shell did not start'; exit 2 }
zpty -w -n z "$cline"$'\t'
integer seen=0
while zpty -r z line; do
	if [[ $line == *$'\0'* ]]; then
		(( seen++ ))
		(( seen == 2 )) && break
		continue
	fi
	(( seen == 1 )) && [[ $line == *MATCH:* ]] && print -r -- "${${${line#*MATCH:}%$'\n'}%$'\r'}"
done
exit 0
