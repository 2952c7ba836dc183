#!/bin/sh
# venvmk's own resolver through the test index: a set whose files have PEP 658 metadata
# resolves with 0 pip runs; every request is counted: each project page and metadata file
# once, no wheel twice, none of the tried versions' wheels; the answer is pip's own (its dry
# run on the same index, the oracle); a recreate of the seen fingerprint makes no request.
# No solution: exit 1, a chain of reasons a person can follow, the env as it was. A name no
# index has is named. VENVMK_RESOLVE=pip hands the resolution to pip, and -v says why.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

printf 'beta\ngamma>=1.0\nhello-cli\n' > requirements.txt
trace_reset
vm -v sync
expect_rc 0
expect_pip_runs 0
expect_err "resolved by venvmk: 4 distributions"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\ngamma==1.5\nhello-cli==1.0')"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"
# show names the resolver that made the resolution
vm show
grep -qE "^resolved: +[0-9]+ seconds ago against http://127.0.0.1:$PORT/simple/ \\(venvmk\\)$" "$T/out" || fail "show does not name venvmk as the resolver"
for p in alpha beta gamma hello-cli; do
	[ "$(index_requests "GET /simple/$p/ 200")" -eq 1 ] || { cat "$T/index.log"; fail "the page of $p was not fetched once"; }
done
# each metadata file at most once, each chosen wheel once, no other wheel
[ -z "$(grep '\.metadata 200' "$T/index.log" | sort | uniq -d)" ] || fail "a metadata file was fetched twice"
for w in alpha-2.0 beta-2.0 gamma-1.5 hello_cli-1.0; do
	[ "$(index_requests "GET /files/$w-py3-none-any.whl 200")" -eq 1 ] || fail "$w was not fetched once"
done
[ "$(grep -c '\.whl 200' "$T/index.log")" -eq 4 ] || { cat "$T/index.log"; fail "wheels fetched beyond the four chosen"; }

# the oracle: pip's own dry run on the same index picks the same versions
"$PY" -m venv "$T/oracle" >/dev/null
"$T/oracle/bin/python" -m pip install -q --dry-run --ignore-installed --report "$T/pip.json" -r requirements.txt \
	|| fail "pip's dry run failed"
"$PY_DEBIAN" - "$T/pip.json" "$VENVMK_CACHE_DIR"/reports/*.json <<'PY' || fail "venvmk's answer is not pip's"
import json, sys
pick = lambda f: sorted((i["metadata"]["name"].lower().replace("_", "-"), i["metadata"]["version"]) for i in json.load(open(f))["install"])
pip, ours = pick(sys.argv[1]), pick(sys.argv[2])
print("pip:", pip, "venvmk:", ours)
sys.exit(pip != ours)
PY

# seen before: offline
: > "$T/index.log"
rm -rf .venv
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
[ "$(index_requests)" -eq 0 ] || { cat "$T/index.log"; fail "requests made on a seen fingerprint"; }

# no solution: one readable chain, exit 1, the env as it was
printf 'beta==2.0\nalpha<2\n' > requirements.txt
trace_reset
vm sync
expect_rc 1
expect_pip_runs 0
expect_err "no solution"
expect_err "beta"
expect_err "alpha"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\ngamma==1.5\nhello-cli==1.0')"

# a name no index has
printf 'no-such-project-here\n' > requirements.txt
vm sync
expect_rc 1
expect_err "no-such-project-here"
expect_pip_runs 0

# VENVMK_RESOLVE=pip: pip resolves, and -v says why
printf 'gamma\n' > requirements.txt
trace_reset
VENVMK_RESOLVE=pip vm -v sync
expect_rc 0
expect_err "pip resolves: VENVMK_RESOLVE asks for pip"
expect_pip_runs 1
