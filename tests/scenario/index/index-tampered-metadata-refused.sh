#!/bin/sh
# A metadata file (PEP 658) or an sdist whose sha256 is not the one the index page gives is
# refused by venvmk's own resolver: the message names the file and the URL it came from
# (its password masked), the sync fails with no pip run (pip would only say "unknown package"),
# and no env is made.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE
secret=s3cr3t-Pa55
"$PY" "$srcdir/tests/mkdists.py" "$T/house" 'ta==1.0:static:alpha' || fail "mkdists.py"
cp "$WHEELS"/alpha-*.whl "$WHEELS"/beta-*.whl "$T/house/"
WHEELS=$T/house
index_start --auth "user:$secret" --flip alpha-2.0-py3-none-any.whl.metadata --flip ta-1.0.tar.gz
export PIP_INDEX_URL="http://user:$secret@127.0.0.1:$PORT/simple/"

for req in beta ta; do
	case $req in
	beta) file=alpha-2.0-py3-none-any.whl.metadata ;;
	ta) file=ta-1.0.tar.gz ;;
	esac
	printf '%s\n' "$req" > requirements.txt
	trace_reset
	vm sync
	expect_rc 1
	expect_pip_runs 0
	expect_err "$file: sha256 mismatch: expected "
	# the index's URL, its password masked as everywhere venvmk-fetch names a URL
	expect_err "(from http://user:****@127.0.0.1:$PORT/files/$file)"
	expect_err "a file is not the one its index names (above): refused, and not handed to pip"
	! grep -qF -- "$secret" "$T/err" || fail "the password was printed"
	[ ! -e .venv ] || fail "an env was made"
done
