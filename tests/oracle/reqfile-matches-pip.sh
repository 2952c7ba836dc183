#!/bin/sh
# venvmk reads every corpus file as pip's own parser does: same included files,
# same requirement and option lines (tests/oracle/reqcompare.py explains the rules).
. "$srcdir/tests/lib.sh"

python3 -c 'import pip._internal.req.req_file' 2>/dev/null || { echo "pip not importable"; exit 77; }
cd "$srcdir/tests/reqcorpus"
n=$(ls *.txt | wc -l)
[ "$n" -ge 30 ] || fail "corpus has only $n top-level files"
run python3 "$srcdir/tests/oracle/reqcompare.py" "$VENVMK" "$srcdir/tests/oracle/pipreq.py" *.txt
expect_rc 0
