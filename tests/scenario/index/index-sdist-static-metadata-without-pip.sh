#!/bin/sh
# An sdist whose PKG-INFO is static (PEP 643: Metadata-Version 2.2, its dependencies not
# Dynamic) is resolved by venvmk's own resolver from that PKG-INFO: the sdist fetched once,
# verified by its hash, no pip run to resolve; pip only builds it at install (one pip install,
# no dry run, no download), and the env is what pip's own answer says. The metadata is
# cached by the sdist's hash: resolving again fetches no sdist.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE
test -x "$PY_DEBIAN" || { echo "no $PY_DEBIAN: pip's answer is the oracle"; exit 77; }
# sa: an sdist only, needing sb<2; sb 2.0 is newer, so the answer shows PKG-INFO was read
"$PY_DEBIAN" "$srcdir/tests/mkdists.py" "$T/house" 'sa==1.0:static:sb<2' sb==1.0:wheel sb==2.0:wheel \
	sc==1.0:wheel || fail "mkdists.py"
WHEELS=$T/house
# HTML pages: Debian's pip 23.0 cannot read the JSON form of PEP 714's metadata key
index_start --html-only
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

printf 'sa\n' > requirements.txt
"$PY_DEBIAN" -m pip install -q --dry-run --ignore-installed --report "$T/pip.json" -r requirements.txt \
	|| fail "pip's dry run failed"
want=$("$PY_DEBIAN" -c 'import json, sys
print("\n".join(sorted("%s==%s" % (i["metadata"]["name"], i["metadata"]["version"]) for i in json.load(open(sys.argv[1]))["install"])))' "$T/pip.json")
[ "$want" = "$(printf 'sa==1.0\nsb==1.0')" ] || fail "pip's answer: $want"

: > "$T/index.log"
trace_reset
vm -v sync
expect_rc 0
expect_err "sa 1.0: metadata from its sdist's PKG-INFO (static, PEP 643)"
expect_err "resolved by venvmk: 2 distributions"
# one pip run: the install that builds sa, not a resolution
expect_pip_runs 1
! grep -qE -- '--dry-run| -m pip download ' "$T/trace" || { cat "$T/trace"; fail "pip resolved"; }
[ "$(index_requests 'GET /files/sa-1.0.tar.gz 200 venvmk')" -eq 1 ] || { cat "$T/index.log"; fail "venvmk did not fetch sa's sdist once"; }
expect_installed .venv "$want"

# a new fingerprint resolves again: sa's metadata comes from the cache, not the index
printf 'sa\nsc\n' > requirements.txt
: > "$T/index.log"
rm -rf .venv .venv.venvmk
vm -v sync
expect_rc 0
expect_err "resolved by venvmk: 3 distributions"
[ "$(index_requests 'GET /files/sa-1.0.tar.gz 200 venvmk')" -eq 0 ] || { cat "$T/index.log"; fail "sa's sdist fetched again"; }
expect_installed .venv "$(printf 'sa==1.0\nsb==1.0\nsc==1.0')"
