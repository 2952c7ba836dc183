#!/bin/sh
# An index that asks for a password: in the URL, or in ~/.netrc.  The password reaches
# the server but no file venvmk writes, and none of its output; a rotated password
# causes no work.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
# the dry run and venvmk's own downloader (pip download, which pips before 25.3 get by
# default, has a test of its own: index-pip-download-keeps-its-files)
export VENVMK_RESOLVE=dry-run
secret=s3cr3t-Pa55
index_start --auth "user:$secret"
export PIP_INDEX_URL="http://user:$secret@127.0.0.1:$PORT/simple/"

printf 'beta==1.0\n' > requirements.txt
vm -v sync
expect_rc 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0')"
cat "$T/out" "$T/err" > "$T/all"
for cmd in "show" "show --json" "check" "inputs" "-v sync" "deps"; do
	vm $cmd
	cat "$T/out" "$T/err" >> "$T/all"
done
grep -q "127.0.0.1:$PORT" "$T/all" || fail "show names the index nowhere: the test would prove nothing"
grep -F -- "$secret" "$T/all" && fail "the password was printed"
grep -rlF -- "$secret" .venv.venvmk "$VENVMK_CACHE_DIR" && fail "the password was written to a file"
# through venv.mk too: its vars file keeps the watched variables' values
cat > Makefile <<MK
include $srcdir/mk/venv.mk
MK
run make venv VENVMK="$VENVMK"
expect_rc 0
run make venv VENVMK="$VENVMK"
expect_rc 0
grep -rlF -- "$secret" .venv.venvmk && fail "venv.mk wrote the password"
grep -q "127.0.0.1:$PORT" .venv.venvmk/vars || fail "the vars file lacks the index"

# a rotated password is no change, for venvmk and for make
index_stop
secret=n3w-s3cr3t
index_start --auth "user:$secret" --port "$PORT"
export PIP_INDEX_URL="http://user:$secret@127.0.0.1:$PORT/simple/"
stamp=$(mtime .venv.venvmk/stamp)
vm check
expect_rc 0
trace_reset
run make venv VENVMK="$VENVMK"
expect_rc 0
[ ! -s "$T/trace" ] || fail "make started something for a rotated password: $(cat "$T/trace")"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved"
rm -rf .venv .venv.venvmk "$VENVMK_CACHE_DIR"

# credentials from ~/.netrc: the URL names none
mkdir -p "$T/home"
printf 'machine 127.0.0.1\nlogin user\npassword %s\n' "$secret" > "$T/home/.netrc"
chmod 600 "$T/home/.netrc"
export HOME="$T/home" PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
trace_reset
vm -v sync
expect_rc 0
[ "$(fetches)" -eq 1 ] || fail "venvmk-fetch did not run"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0')"
grep -F -- "$secret" "$T/out" "$T/err" && fail "the password was printed"
grep -rlF -- "$secret" .venv.venvmk "$VENVMK_CACHE_DIR" && fail "the password was written to a file"

# a wrong password: a clear error that names the URL without the password
rm -rf .venv "$VENVMK_CACHE_DIR/wheels"
printf 'machine 127.0.0.1\nlogin user\npassword wrong-one\n' > "$T/home/.netrc"
vm sync
expect_rc 1
expect_err '401'
grep -F -- "wrong-one" "$T/out" "$T/err" && fail "the password was printed"
exit 0
