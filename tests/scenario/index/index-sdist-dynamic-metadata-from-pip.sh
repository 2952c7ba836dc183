#!/bin/sh
# An sdist whose dependencies are dynamic (PEP 643) does not hand the whole resolution to
# pip: pip is asked for that one sdist's metadata (a dry run of the verified file alone,
# --no-deps), venvmk's resolver does the rest, -v says so, and the env is what pip's own
# answer says. That metadata is cached by the sdist's hash: resolving again asks no pip. An
# sdist pip cannot read fails the sync with pip's reason, and no second try by pip.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE
test -x "$PY_DEBIAN" || { echo "no $PY_DEBIAN: pip's answer is the oracle"; exit 77; }
# da: an sdist only, whose PKG-INFO lists nothing; its build says it needs db<2 (db 2.0 is newer)
"$PY_DEBIAN" "$srcdir/tests/mkdists.py" "$T/house" 'da==1.0:dynamic:db<2' db==1.0:wheel db==2.0:wheel \
	dc==1.0:wheel dx==1.0:broken || fail "mkdists.py"
WHEELS=$T/house
# HTML pages: Debian's pip 23.0 cannot read the JSON form of PEP 714's metadata key
index_start --html-only
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

printf 'da\n' > requirements.txt
"$PY_DEBIAN" -m pip install -q --dry-run --ignore-installed --report "$T/pip.json" -r requirements.txt \
	|| fail "pip's dry run failed"
want=$("$PY_DEBIAN" -c 'import json, sys
print("\n".join(sorted("%s==%s" % (i["metadata"]["name"], i["metadata"]["version"]) for i in json.load(open(sys.argv[1]))["install"])))' "$T/pip.json")
[ "$want" = "$(printf 'da==1.0\ndb==1.0')" ] || fail "pip's answer: $want"

trace_reset
vm -v sync
expect_rc 0
expect_err "da 1.0: metadata from pip (its sdist's dependencies are dynamic)"
expect_err "resolved by venvmk: 2 distributions"
# two pip runs: the dry run of da's sdist alone, and the install that builds it
expect_pip_runs 2
[ "$(grep -c -- '--dry-run' "$T/trace")" -eq 1 ] || { cat "$T/trace"; fail "not one dry run"; }
grep -- '--dry-run' "$T/trace" | grep -q -- '--no-deps .*da-1.0.tar.gz$' || { cat "$T/trace"; fail "the dry run is not of da's sdist alone"; }
expect_installed .venv "$want"

# a new fingerprint resolves again: da's metadata from the cache, no pip but the install
printf 'da\ndc\n' > requirements.txt
rm -rf .venv .venv.venvmk
trace_reset
vm -v sync
expect_rc 0
expect_err "resolved by venvmk: 3 distributions"
expect_pip_runs 1
! grep -q -- '--dry-run' "$T/trace" || { cat "$T/trace"; fail "pip asked again"; }
expect_installed .venv "$(printf 'da==1.0\ndb==1.0\ndc==1.0')"

# an sdist whose build fails: pip's reason, once, and no env
printf 'dx\n' > requirements.txt
rm -rf .venv .venv.venvmk
trace_reset
vm sync
expect_rc 1
expect_pip_runs 1
expect_err "broken on purpose"
expect_err "dx 1.0: pip could not tell its sdist's metadata (above), and would fail the same way resolving it all"
[ ! -e .venv ] || fail "an env was made"
