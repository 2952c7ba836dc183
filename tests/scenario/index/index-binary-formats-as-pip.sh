#!/bin/sh
# --only-binary, --no-binary and --prefer-binary, from a requirements file, a PIP_* variable,
# pip's config file or pip-args, are modelled by venvmk's own resolver (no pip run) and give pip's answer (its
# dry run on the same index, the oracle): with only-binary a version with only an sdist is no
# candidate; with no-binary a wheel is none; prefer-binary takes an older wheel over a newer
# sdist; a name beats :all:, and the later setting wins as pip applies them. --no-deps (a
# pip argument, a variable or the config file) is modelled too: only what is named.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE
test -x "$PY_DEBIAN" || { echo "no $PY_DEBIAN: pip's answer is the oracle"; exit 77; }
# fa: 1.0 has a wheel and an sdist, 2.0 only an sdist; fb: wheels only
"$PY_DEBIAN" "$srcdir/tests/mkdists.py" "$T/house" fa==1.0:wheel fa==1.0:static fa==2.0:static \
	fb==1.0:wheel fb==2.0:wheel "fc==1.0:wheel:fb<2" || fail "mkdists.py"
WHEELS=$T/house
# HTML pages: Debian's pip 23.0 cannot read the JSON form of PEP 714's metadata key
index_start --html-only
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

# pip's own dry run on the same inputs: "name==version" sorted, or "no solution"
oracle() {
	rm -f "$T/pip.json"
	if "$PY_DEBIAN" -m pip install -q --dry-run --ignore-installed --report "$T/pip.json" "$@" -r requirements.txt \
		>"$T/pip.out" 2>&1; then
		"$PY_DEBIAN" -c 'import json, sys
print("\n".join(sorted("%s==%s" % (i["metadata"]["name"], i["metadata"]["version"]) for i in json.load(open(sys.argv[1]))["install"])))' "$T/pip.json"
	else
		echo "no solution"
	fi
}

# case WANT [PIPARG...]: venvmk resolves with no pip run, as pip does
case_() {
	want=$1
	shift
	got=$(oracle "$@")
	[ "$got" = "$want" ] || { cat "$T/pip.out"; fail "pip's answer is not $want: $got"; }
	rm -rf .venv .venv.venvmk
	trace_reset
	pa=
	for a in "$@"; do pa="$pa --pip-arg=$a"; done
	vm -v sync $pa
	expect_pip_runs 0
	if [ "$want" = "no solution" ]; then
		expect_rc 1
		expect_err "no solution"
	else
		expect_rc 0
		expect_err "resolved by venvmk"
		# the dists in the env, read without starting pip
		have=$(cd .venv/lib/python*/site-packages && ls -d *.dist-info | sed 's/\.dist-info$//; s/-/==/' | grep -vE '^(pip|setuptools|wheel)==' | sort)
		[ "$have" = "$want" ] || fail "the env holds $have, not $want"
	fi
}

printf -- '--prefer-binary\nfa\n' > requirements.txt
case_ "fa==1.0"
# seen before: -v says whose resolution the cached report is
rm -rf .venv .venv.venvmk
vm -v sync
expect_rc 0
expect_err "resolved before: this fingerprint's cached report, made by venvmk's resolver"

printf -- 'fa\nfb\n' > requirements.txt
PIP_ONLY_BINARY=:all: case_ "$(printf 'fa==1.0\nfb==2.0')"

# pip's config file: [global], then [install] adds to it
printf '[global]\nonly-binary = :all:\n[install]\nno-binary = fb\n' > "$T/pip.conf"
printf -- 'fa\n' > requirements.txt
PIP_CONFIG_FILE=$T/pip.conf case_ "fa==1.0"

# :all: then a name: the name wins (pip's FormatControl), the later list clears the earlier
printf -- '--only-binary fa\nfa\n' > requirements.txt
PIP_NO_BINARY=:all: case_ "fa==1.0"
printf -- '--no-binary :all:\n--only-binary :none:\n--only-binary=fa,fb\nfa\nfb\n' > requirements.txt
case_ "$(printf 'fa==1.0\nfb==2.0')"

# --no-deps: fc alone, not the fb it needs, as pip's own --no-deps dry run
printf -- 'fc\n' > requirements.txt
case_ "$(printf 'fb==1.0\nfc==1.0')"
case_ "fc==1.0" --no-deps
PIP_NO_DEPS=yes case_ "fc==1.0"
printf '[install]\nno-deps = yes\n' > "$T/pip.conf"
PIP_CONFIG_FILE=$T/pip.conf case_ "fc==1.0"

# a pip setting the resolver does not model, in a config file: pip resolves, and -v says why
printf '[install]\nignore-requires-python = yes\n' > "$T/pip.conf"
trace_reset
PIP_CONFIG_FILE=$T/pip.conf vm -v sync
expect_rc 0
expect_err "pip resolves: ignore-requires-python in $T/pip.conf, a pip setting venvmk's resolver does not model"
expect_pip_runs 1

# no-binary on a name with wheels only: no version, for both
printf -- '--no-binary fb\nfb\n' > requirements.txt
case_ "no solution"
printf -- 'fb<2\n' > requirements.txt
case_ "no solution" --only-binary=:none: --no-binary=fb
