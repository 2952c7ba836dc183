#!/bin/sh
# venvmk-fetch gets every wheel of the wheelhouse from an index, four at a time over
# kept-alive connections: each file lands under its name with the right bytes, is asked for
# once, and far fewer connections are opened than there are files.  -v lists each file;
# --progress draws one line and clears it; a second run finds the files there and asks for
# nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

index_start
base=http://127.0.0.1:$PORT
(cd "$WHEELS" && ls -- *.whl) >"$T/wheels"
n=$(wc -l <"$T/wheels")
get_lines "$base" "$T/dest" $(cat "$T/wheels") >"$T/req"
printf 'option\tparallel\t4\n' >>"$T/req"
run "$FETCH" -v <"$T/req"
expect_rc 0
for f in "$WHEELS"/*.whl; do
	cmp -s "$f" "$T/dest/${f##*/}" || fail "${f##*/} did not land intact"
done
[ "$(ls -A "$T/dest" | wc -l)" -eq "$n" ] || fail "other files than the $n wheels in the destination"
expect_no_temp_files "$T/dest"
[ "$(index_requests ' 200')" -eq "$n" ] || fail "not $n requests, each answered 200"
[ -z "$(sort "$T/index.log" | uniq -d)" ] || fail "a file was asked for twice"
[ "$(grep -c "^venvmk: $base/files/[^ ]*\.whl: [0-9.]* [KM]\{0,1\}i\{0,1\}B in [0-9.]* s$" "$T/err")" -eq "$n" ] ||
	fail "-v does not list every file with its size and time"
expect_err "venvmk: $n of $n files,"
conns=$(sed -n 's/^venvmk: .* \([0-9]*\) connections$/\1/p' "$T/err")
[ "$conns" -ge 1 ] && [ "$conns" -le 4 ] || fail "$conns connections for $n files, four at a time"
index_get /_stats >"$T/stats"
grep -q '"connections": [1-5],' "$T/stats" || fail "the server saw more connections than four (and ours): $(cat "$T/stats")"

# a file already there is not fetched again
: >"$T/index.log"
run "$FETCH" <"$T/req"
expect_rc 0
expect_no_err
[ ! -s "$T/index.log" ] || fail "files already there were fetched again"

# --progress: one line, redrawn with a carriage return and cleared at the end; -q: none
run "$FETCH" --progress <"$T/req"
sed "s|$T/dest|$T/dest2|g" "$T/req" >"$T/req2"
run "$FETCH" --progress <"$T/req2"
expect_rc 0
grep -q "downloading [0-9]*/$n wheels, [0-9.]* [KM]\{0,1\}i\{0,1\}B, [0-9.]* [KM]\{0,1\}i\{0,1\}B/s" "$T/err" ||
	fail "no progress line"
[ "$(tail -c 4 "$T/err" | od -An -c | tr -d ' ')" = '\r033[K' ] || fail "the progress line was not cleared"
sed "s|$T/dest|$T/dest3|g" "$T/req" >"$T/req3"
run "$FETCH" -q --progress <"$T/req3"
expect_rc 0
expect_no_err
