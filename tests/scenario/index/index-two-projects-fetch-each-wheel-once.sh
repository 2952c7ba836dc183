#!/bin/sh
# Two projects syncing at once through one index, sharing a cold venvmk cache: venvmk
# fetches each wheel once between them (the second waits for the first's downloads).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
# the dry run and venvmk's own downloader (pip download, which pips before 25.3 get by
# default, has a test of its own: index-pip-download-keeps-its-files)
export VENVMK_RESOLVE=dry-run
index_start --delay-ms 20
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
reqs='beta==1.0
gamma==1.5
hello-cli
benchpkg01
benchpkg02
benchpkg03
benchpkg04
benchpkg05'
mkdir -p "$T/a" "$T/b"
printf '%s\n' "$reqs" > "$T/a/requirements.txt"
printf '%s\n' "$reqs" > "$T/b/requirements.txt"
(cd "$T/a" && "$VENVMK" -q sync >"$T/a.out" 2>&1) & pa=$!
(cd "$T/b" && "$VENVMK" -q sync >"$T/b.out" 2>&1) & pb=$!
wait $pa || { cat "$T/a.out"; fail "project a failed"; }
wait $pb || { cat "$T/b.out"; fail "project b failed"; }
for p in a b; do
	expect_installed "$T/$p/.venv" "$(printf 'alpha==2.0\nbenchpkg01==1.0\nbenchpkg02==1.0\nbenchpkg03==1.0\nbenchpkg04==1.0\nbenchpkg05==1.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"
done
for w in alpha-2.0 beta-1.0 gamma-1.5 hello_cli-1.0 benchpkg01-1.0 benchpkg05-1.0; do
	n=$(index_requests "GET /files/$w-py3-none-any.whl 200 venvmk/")
	[ "$n" -eq 1 ] || { cat "$T/index.log"; fail "venvmk fetched $w $n times"; }
done
