#!/bin/sh
# A moved project (its directory renamed, or the env copied elsewhere as a CI cache is
# restored): check exits 1 saying where it moved from, sync rebuilds it (from the cache,
# no pip), and its console scripts and activate work at the new path.  The portable
# fingerprint stays the same.  venv.mk notices the move without starting anything else.
. "$srcdir/tests/lib.sh"
printf 'alpha==1.0\nhello-cli\n' > requirements.txt
printf 'include %s/mk/venv.mk\n' "$srcdir" > Makefile
run make venv VENVMK="$VENVMK"
expect_rc 0
vm show --json
fp=$(sed -n 's/.*"fingerprint": "\([0-9a-f]*\)".*/\1/p' "$T/out")
[ -n "$fp" ] || fail "no fingerprint in show --json"

cd "$T"
mv p moved
cd moved
vm check
expect_rc 1
expect_err "moved from $T/p/.venv"
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello is broken after the move"
# the #! line names the new path, or under a long one the /bin/sh form's exec line does
head -2 .venv/bin/hello | grep -qF "$T/moved/.venv/bin/python" || fail "the shebang names $(head -2 .venv/bin/hello)"
[ "$(VIRTUAL_ENV= sh -c '. .venv/bin/activate && echo $VIRTUAL_ENV')" = "$T/moved/.venv" ] || fail "activate names the old path"
vm show --json
grep -q "\"fingerprint\": \"$fp\"" "$T/out" || fail "the fingerprint changed with the path"
vm check
expect_rc 0

# a copy (a restored CI cache): the same, and the original stays as it was
cd "$T"
cp -a moved copy
cd copy
vm check
expect_rc 1
expect_err "moved from $T/moved/.venv"
vm -q sync
expect_rc 0
[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "alpha is broken in the copy"
cd "$T/moved"
vm check
expect_rc 0

# through make: a rename is noticed by make itself, which asks venvmk
cd "$T"
mv moved again
cd again
trace_reset
run make venv VENVMK="$VENVMK"
expect_rc 0
expect_creates 1
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello is broken after make"
trace_reset
run make venv VENVMK="$VENVMK"
expect_rc 0
[ ! -s "$T/trace" ] || fail "a no-op make started something"
