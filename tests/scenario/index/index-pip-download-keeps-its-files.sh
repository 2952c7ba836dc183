#!/bin/sh
# With a pip whose dry run downloads every wheel anyway (before pip 25.3: all the pips this
# machine has), venvmk resolves with `pip download -d` and keeps what pip fetched: each wheel
# crosses the network once, venvmk's downloader never runs, and the env is what pip install
# makes (REQUESTED only on the requested).  A recreate of the fingerprint is offline.  What
# download would read otherwise than install (a direct reference, an install-only pip
# argument, an [install] section) keeps the dry run.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
# pip resolves, its own way for this pip (venvmk's own resolver: index-resolved-by-venvmk-without-pip)
export VENVMK_RESOLVE=pip
want=$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')

printf 'beta==1.0\ngamma==1.5\nhello-cli\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_pip_runs 1
grep -q -- ' -m pip download .*-d ' "$T/trace" || { cat "$T/trace"; fail "the one pip run is not pip download"; }
! grep -q -- '--dry-run' "$T/trace" || fail "a dry run ran beside pip download"
[ "$(fetches)" -eq 0 ] || fail "venvmk-fetch ran $(fetches) times: pip had the wheels"
expect_installed .venv "$want"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"
for w in alpha-2.0 beta-1.0 gamma-1.5 hello_cli-1.0; do
	n=$(index_requests "GET /files/$w-py3-none-any.whl ")
	[ "$n" -eq 1 ] || { cat "$T/index.log"; fail "$w was downloaded $n times, expected once"; }
done
# linked from the cache, and nothing of pip's download dir left
ino_env=$(stat -c %i .venv/lib/python3*/site-packages/gamma/__init__.py)
find "$VENVMK_CACHE_DIR/wheels" -name __init__.py -inum "$ino_env" | grep -q . || fail "gamma is not linked from the cache"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left: $(ls -A "$VENVMK_CACHE_DIR/tmp")"
# REQUESTED as pip install writes it: on beta, gamma and hello-cli, not on alpha (a dependency)
site=$(echo .venv/lib/python3*/site-packages)
for d in beta-1.0 gamma-1.5 hello_cli-1.0; do
	[ -f "$site/$d.dist-info/REQUESTED" ] || fail "$d lacks REQUESTED"
done
[ ! -e "$site/alpha-2.0.dist-info/REQUESTED" ] || fail "alpha, a dependency, is marked REQUESTED"
# the same as pip's own install, file for file (RECORD aside: venvmk's names its own paths the same)
$PY -m venv "$T/ref" >/dev/null
"$T/ref/bin/python" -m pip install -q -r requirements.txt || fail "pip install into the reference env failed"
for d in alpha-2.0 beta-1.0 gamma-1.5 hello_cli-1.0; do
	(cd "$T/ref/lib/python3"*/site-packages/$d.dist-info && ls | grep -v -E '^(RECORD|INSTALLER|direct_url.json)$' | sort) > "$T/ref.ls"
	(cd "$site/$d.dist-info" && ls | grep -v -E '^(RECORD|INSTALLER|direct_url.json)$' | sort) > "$T/vm.ls"
	diff -u "$T/ref.ls" "$T/vm.ls" || fail "$d.dist-info differs from pip's"
done

# seen before: no pip, no request
: > "$T/index.log"
rm -rf .venv
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
[ "$(index_requests)" -eq 0 ] || { cat "$T/index.log"; fail "requests made on a seen fingerprint"; }
expect_installed .venv "$want"

# the cache lost its wheels: the report names no URL to fetch, so pip resolves again, once
rm -rf "$VENVMK_CACHE_DIR/wheels" .venv
trace_reset
vm sync
expect_rc 0
expect_pip_runs 1
expect_installed .venv "$want"

# a direct reference keeps the dry run (pip records it in direct_url.json)
rm -rf .venv .venv.venvmk
printf 'beta==1.0\nhello-cli @ file://%s/hello_cli-1.0-py3-none-any.whl\n' "$WHEELS" > requirements.txt
trace_reset
vm sync
expect_rc 0
grep -q -- '--dry-run' "$T/trace" || fail "a direct reference did not keep the dry run"
! grep -q -- ' -m pip download ' "$T/trace" || fail "pip download ran for a direct reference"
[ -f "$site/hello_cli-1.0.dist-info/direct_url.json" ] || fail "the direct reference has no direct_url.json"

# so does an install-only pip argument, and an [install] section of pip's configuration
printf 'gamma==1.0\n' > requirements.txt
rm -rf .venv .venv.venvmk
trace_reset
vm --pip-arg=--no-compile sync
expect_rc 0
grep -q -- '--dry-run' "$T/trace" || fail "an install-only pip argument did not keep the dry run"
rm -rf .venv .venv.venvmk
mkdir -p "$T/conf"
printf '[install]\nno-compile = true\n' > "$T/conf/pip.conf"
trace_reset
PIP_CONFIG_FILE="$T/conf/pip.conf" vm sync
expect_rc 0
grep -q -- '--dry-run' "$T/trace" || fail "an [install] section did not keep the dry run"
# and VENVMK_RESOLVE=dry-run asks for it
rm -rf .venv .venv.venvmk
trace_reset
VENVMK_RESOLVE=dry-run vm sync
expect_rc 0
grep -q -- '--dry-run' "$T/trace" || fail "VENVMK_RESOLVE=dry-run did not keep the dry run"
expect_installed .venv 'gamma==1.0'

# a cache dir named relative to the project (--cache-dir=cache, VENVMK_CACHE_DIR=cache): the
# report's file:// URLs are absolute all the same, so pip download stays the only pip run
rm -rf .venv .venv.venvmk
printf 'gamma==1.5\n' > requirements.txt
trace_reset
vm --cache-dir=relcache sync
expect_rc 0
expect_pip_runs 1
expect_installed .venv 'gamma==1.5'
grep -q '"file:///' relcache/reports/*.json || fail "the cached report's URLs are not absolute file:// URLs"
rm -rf .venv
trace_reset
vm --cache-dir=relcache sync
expect_rc 0
expect_pip_runs 0
