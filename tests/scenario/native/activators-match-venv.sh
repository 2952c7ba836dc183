#!/bin/sh
# Our activation scripts behave as venv's own, for each Python here: in bash, zsh, fish and
# tcsh, activating env B (our scripts) shows exactly what activating env A (venv's scripts)
# shows once A's path is read as B's -- VIRTUAL_ENV, VIRTUAL_ENV_PROMPT, PATH, the prompt,
# the python found -- with and without VIRTUAL_ENV_DISABLE_PROMPT, and after
# "deactivate nondestructive" and "deactivate".
. "$srcdir/tests/lib.sh"

MKACTIVATE=$top_builddir/tests/helpers/mkactivate
test -x "$MKACTIVATE" || { echo "no mkactivate at $MKACTIVATE"; exit 99; }
test -x "$PY_DEBIAN" || { echo "no $PY_DEBIAN"; exit 77; }

# what a user of bash or zsh sees; $1 is the env
cat > "$T/probe.sh" <<'SH'
show() {
	printf '%s: VIRTUAL_ENV=%s\n' "$1" "${VIRTUAL_ENV-unset}"
	printf '%s: VIRTUAL_ENV_PROMPT=%s\n' "$1" "${VIRTUAL_ENV_PROMPT-unset}"
	printf '%s: PATH=%s\n' "$1" "$PATH"
	printf '%s: PS1=%s\n' "$1" "${PS1-unset}"
	printf '%s: PYTHONHOME=%s\n' "$1" "${PYTHONHOME-unset}"
	printf '%s: python=%s\n' "$1" "$(command -v python || echo none)"
	printf '%s: deactivate=%s\n' "$1" "$(type deactivate >/dev/null 2>&1 && echo defined || echo none)"
	printf '%s: exported=%s\n' "$1" "$(env | grep -E '^(VIRTUAL_ENV[A-Z_]*|PS1|PYTHONHOME|_OLD_VIRTUAL_[A-Z0-9_]*)=' | sort | tr '\n' ' ')"
}
PS1='$ '
show before
. "$1/bin/activate"
show active
deactivate nondestructive
show nondestructive
. "$1/bin/activate"
. "$1/bin/activate"
show again
deactivate
show after
VIRTUAL_ENV_DISABLE_PROMPT=1
export VIRTUAL_ENV_DISABLE_PROMPT
. "$1/bin/activate"
show disabled
deactivate
show disabled-after
SH

cat > "$T/probe.fish" <<'FISH'
function fish_prompt
	printf '%s' 'fish> '
end
function show
	for v in VIRTUAL_ENV VIRTUAL_ENV_PROMPT PYTHONHOME
		if set -q $v
			printf '%s: %s=%s\n' $argv[1] $v "$$v"
		else
			printf '%s: %s=unset\n' $argv[1] $v
		end
	end
	printf '%s: PATH=%s\n' $argv[1] (string join : $PATH)
	printf '%s: prompt=%s\n' $argv[1] (fish_prompt | string escape)
	printf '%s: python=%s\n' $argv[1] (command -v python; or echo none)
	if functions -q deactivate
		printf '%s: deactivate=defined\n' $argv[1]
	else
		printf '%s: deactivate=none\n' $argv[1]
	end
	printf '%s: exported=%s\n' $argv[1] (env | grep -E '^(VIRTUAL_ENV[A-Z_]*|PYTHONHOME|_OLD_[A-Z0-9_]*)=' | sort | string join ' ')
end
show before
source $argv[1]/bin/activate.fish
show active
deactivate nondestructive
show nondestructive
source $argv[1]/bin/activate.fish
source $argv[1]/bin/activate.fish
show again
deactivate
show after
set -gx VIRTUAL_ENV_DISABLE_PROMPT 1
source $argv[1]/bin/activate.fish
show disabled
deactivate
show disabled-after
FISH

cat > "$T/show.csh" <<'CSH'
set tag = "$1"
foreach v (VIRTUAL_ENV VIRTUAL_ENV_PROMPT PYTHONHOME)
	if (`printenv $v >/dev/null && echo 1 || echo 0`) then
		printf '%s: %s=%s\n' "$tag" "$v" "`printenv $v`"
	else
		printf '%s: %s=unset\n' "$tag" "$v"
	endif
end
printf '%s: PATH=%s\n' "$tag" "$PATH:q"
printf '%s: prompt=%s\n' "$tag" "$prompt:q"
printf '%s: python=%s\n' "$tag" "`which python`"
if (`alias deactivate` != "") then
	printf '%s: deactivate=defined\n' "$tag"
else
	printf '%s: deactivate=none\n' "$tag"
endif
printf '%s: exported=%s\n' "$tag" "`env | grep -E '^(VIRTUAL_ENV[A-Z_]*|PYTHONHOME|_OLD_[A-Z0-9_]*)=' | sort | paste -s -d ' ' -`"
CSH
cat > "$T/probe.csh" <<'CSH'
set prompt = '> '
set env = "$1"
set show = "$2"
source $show:q before
source $env:q/bin/activate.csh
source $show:q active
deactivate nondestructive
source $show:q nondestructive
source $env:q/bin/activate.csh
source $env:q/bin/activate.csh
source $show:q again
deactivate
source $show:q after
setenv VIRTUAL_ENV_DISABLE_PROMPT 1
source $env:q/bin/activate.csh
source $show:q disabled
deactivate
source $show:q disabled-after
CSH

# $1 shell, $2 env: what the user sees, in $T/seen
probe() {
	case $1 in
	bash) set -- bash --norc --noprofile "$T/probe.sh" "$2" ;;
	zsh) set -- zsh -f "$T/probe.sh" "$2" ;;
	fish) set -- fish --no-config "$T/probe.fish" "$2" ;;
	tcsh) set -- tcsh -f "$T/probe.csh" "$2" "$T/show.csh" ;;
	esac
	env -i HOME="$T" PATH="$T/fakebin:/usr/bin:/bin" PYTHONHOME=/nowhere "$@" >"$T/seen" 2>"$T/seen.err" \
		|| { cat "$T/seen" "$T/seen.err" >&2; fail "$*: exit status $?"; }
	[ ! -s "$T/seen.err" ] || { cat "$T/seen.err" >&2; fail "$*: wrote to stderr"; }
}

mkdir -p "$T/fakebin"
printf '#!/bin/sh\necho fake\n' > "$T/fakebin/python"
chmod +x "$T/fakebin/python"

pythons=0 shells=0
for py in "$PY_DEBIAN" /root/.pyenv/versions/3.12.1/bin/python3.12 /root/.pyenv/versions/3.13.0/bin/python3.13; do
	[ -x "$py" ] || { echo "skipping $py: not installed" >&2; continue; }
	minor=$("$py" -c 'import sys; print(sys.version_info[1])')
	d=$T/py3.$minor
	A=$d/A B=$d/B
	"$py" -m venv --without-pip --prompt "my env" "$A" || fail "$py: venv A"
	"$py" -m venv --without-pip --prompt "my env" "$B" || fail "$py: venv B"
	for f in activate activate.fish activate.csh Activate.ps1; do
		[ -f "$A/bin/$f" ] || fail "$py: venv made no $f"
	done
	rm -f "$B"/bin/activate* "$B"/bin/Activate*
	"$MKACTIVATE" "$B/bin" "$B" "my env" "$minor" || fail "mkactivate for 3.$minor"
	pythons=$((pythons + 1))

	for f in activate activate.fish activate.csh Activate.ps1 activate.nu; do
		[ "$(stat -c %a "$B/bin/$f")" = 644 ] || fail "3.$minor: $f is not mode 0644"
	done
	# no shell here runs these two: the values must at least be there, quoted
	grep -qxF "    \$VenvDir = '$B'" "$B/bin/Activate.ps1" || fail "3.$minor: Activate.ps1 lacks '$B'"
	grep -qxF "    \$Prompt = 'my env'" "$B/bin/Activate.ps1" || fail "3.$minor: Activate.ps1 lacks 'my env'"
	grep -qxF "    let virtual_env = r#'$B'#" "$B/bin/activate.nu" || fail "3.$minor: activate.nu lacks r#'$B'#"
	grep -qF "r#'my env'#" "$B/bin/activate.nu" || fail "3.$minor: activate.nu lacks r#'my env'#"

	for sh in bash zsh fish tcsh; do
		command -v "$sh" >/dev/null || { echo "skipping $sh: not installed" >&2; continue; }
		probe "$sh" "$A"
		sed "s|$A|$B|g" "$T/seen" > "$d/$sh.want"
		probe "$sh" "$B"
		cp "$T/seen" "$d/$sh.have"
		diff -u "$d/$sh.want" "$d/$sh.have" || fail "3.$minor, $sh: our scripts differ from venv's"
		# and the probe saw something worth comparing
		grep -qxF "active: VIRTUAL_ENV=$B" "$d/$sh.have" || fail "3.$minor, $sh: not activated"
		grep -qxF "active: python=$B/bin/python" "$d/$sh.have" || fail "3.$minor, $sh: python not found in the env"
		grep -qxF "after: python=$T/fakebin/python" "$d/$sh.have" || fail "3.$minor, $sh: python not restored"
		shells=$((shells + 1))
	done
done
[ "$pythons" -gt 0 ] && [ "$shells" -gt 0 ] || fail "compared nothing"
echo "compared $shells shell/python pairs" >&2
