#!/bin/sh
# An env path and a prompt full of shell syntax -- quotes, $(...), backticks, ';', '!', '%',
# '#', backslashes, globs -- reach bash, zsh, fish and tcsh byte for byte through our
# activation scripts, with either version's prompt rules, and run nothing; PowerShell and
# nushell get them only in correctly quoted form.
. "$srcdir/tests/lib.sh"

MKACTIVATE=$top_builddir/tests/helpers/mkactivate
test -x "$MKACTIVATE" || { echo "no mkactivate at $MKACTIVATE"; exit 99; }

weird='it'\''s "a" $(touch PWNED) `touch PWNED2` ; and ;x \ b\\s \'\'' !x !! 100% #x {a,b} ~ * -e'
E="$T/p/$weird"
P='my '\''env" $(touch PWNED3) `touch PWNED4` ; !x \ %d #1 ~ *'
mkdir -p "$E/bin" "$T/fakebin"
printf '#!/bin/sh\necho the env python\n' > "$E/bin/python"
printf '#!/bin/sh\necho the outside python\n' > "$T/fakebin/python"
chmod +x "$E/bin/python" "$T/fakebin/python"

# each probe prints what the user sees, $1 being the env
cat > "$T/probe.sh" <<'SH'
PS1='$ '
. "$1/bin/activate"
printf 'VIRTUAL_ENV=%s\n' "$VIRTUAL_ENV"
printf 'VIRTUAL_ENV_PROMPT=%s\n' "$VIRTUAL_ENV_PROMPT"
printf 'prompt=%s\n' "$PS1"
printf 'found=%s\n' "$(command -v python)"
python
deactivate
printf 'VIRTUAL_ENV=%s\n' "${VIRTUAL_ENV-unset}"
printf 'prompt=%s\n' "$PS1"
python
SH
cat > "$T/probe.fish" <<'FISH'
function fish_prompt
	printf '%s' 'fish> '
end
source $argv[1]/bin/activate.fish
printf 'VIRTUAL_ENV=%s\n' "$VIRTUAL_ENV"
printf 'VIRTUAL_ENV_PROMPT=%s\n' "$VIRTUAL_ENV_PROMPT"
# the prompt without its colours
printf 'prompt=%s\n' (fish_prompt | string replace -ra '\e\[[0-9;]*m|\e\(B' '')
printf 'found=%s\n' (command -v python)
python
deactivate
set -q VIRTUAL_ENV; and printf 'VIRTUAL_ENV=%s\n' "$VIRTUAL_ENV"; or printf 'VIRTUAL_ENV=unset\n'
printf 'prompt=%s\n' (fish_prompt)
python
FISH
cat > "$T/probe.csh" <<'CSH'
set prompt = '$ '
set env = "$1"
source "$env/bin/activate.csh"
printf 'VIRTUAL_ENV=%s\n' "`printenv VIRTUAL_ENV`"
printf 'VIRTUAL_ENV_PROMPT=%s\n' "`printenv VIRTUAL_ENV_PROMPT`"
printf 'prompt=%s\n' "$prompt:q"
printf 'found=%s\n' "`which python`"
python
deactivate
if ($?VIRTUAL_ENV) then
	printf 'VIRTUAL_ENV=%s\n' "`printenv VIRTUAL_ENV`"
else
	printf 'VIRTUAL_ENV=unset\n'
endif
printf 'prompt=%s\n' "$prompt:q"
python
CSH

for minor in 11 13; do
	rm -f "$E"/bin/activate* "$E"/bin/Activate*
	"$MKACTIVATE" "$E/bin" "$E" "$P" "$minor" || fail "mkactivate 3.$minor"
	if [ "$minor" -ge 13 ]; then vep=$P; else vep="($P) "; fi

	for sh in bash zsh fish tcsh; do
		command -v "$sh" >/dev/null || { echo "skipping $sh: not installed" >&2; continue; }
		case $sh in
		bash) set -- bash --norc --noprofile "$T/probe.sh" ;;
		zsh) set -- zsh -f "$T/probe.sh" ;;
		fish) set -- fish --no-config "$T/probe.fish" ;;
		tcsh) set -- tcsh -f "$T/probe.csh" ;;
		esac
		case $sh in fish) old='fish> ' ;; *) old='$ ' ;; esac
		printf '%s\n' "VIRTUAL_ENV=$E" "VIRTUAL_ENV_PROMPT=$vep" "prompt=($P) $old" \
			"found=$E/bin/python" 'the env python' 'VIRTUAL_ENV=unset' "prompt=$old" \
			'the outside python' > "$T/want"
		env -i HOME="$T" PATH="$T/fakebin:/usr/bin:/bin" "$@" "$E" >"$T/have" 2>"$T/have.err" \
			|| { cat "$T/have" "$T/have.err" >&2; fail "3.$minor, $sh: exit status"; }
		cat "$T/have.err" >&2
		diff -u "$T/want" "$T/have" || fail "3.$minor, $sh: the values did not arrive intact"
		[ ! -s "$T/have.err" ] || fail "3.$minor, $sh: wrote to stderr"
	done

	# PowerShell: single quotes, each quote doubled
	q=$(printf '%s' "$E" | sed "s/'/''/g")
	grep -qxF "    \$VenvDir = '$q'" "$E/bin/Activate.ps1" || fail "3.$minor: Activate.ps1 lacks the quoted path"
	q=$(printf '%s' "$P" | sed "s/'/''/g")
	grep -qxF "    \$Prompt = '$q'" "$E/bin/Activate.ps1" || fail "3.$minor: Activate.ps1 lacks the quoted prompt"
	# nushell: a raw string with one '#' more than the value's longest run
	grep -qxF "    let virtual_env = r##'$E'##" "$E/bin/activate.nu" || fail "3.$minor: activate.nu lacks the quoted path"
	[ "$(grep -cF "r##'$P'##" "$E/bin/activate.nu")" -eq 2 ] || fail "3.$minor: activate.nu lacks the quoted prompt"
	# and nowhere else
	[ "$(grep -c PWNED "$E/bin/Activate.ps1")" -eq 2 ] || fail "3.$minor: Activate.ps1 holds other copies"
	[ "$(grep -c PWNED "$E/bin/activate.nu")" -eq 3 ] || fail "3.$minor: activate.nu holds other copies"
done

# PowerShell takes typographic quotes for ' too
"$MKACTIVATE" "$E/bin" "$E" 'a‘b’c‚d‛e' 13 || fail "mkactivate typographic quotes"
grep -qxF "    \$Prompt = 'a‘‘b’’c‚‚d‛‛e'" "$E/bin/Activate.ps1" || fail "Activate.ps1: typographic quotes not doubled"

found=$(find "$T" -name 'PWNED*')
[ -z "$found" ] || fail "a value was run as a command: $found"
