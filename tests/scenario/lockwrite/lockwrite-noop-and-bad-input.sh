#!/bin/sh
# Nothing to do, nothing done: a lock whose recorded fingerprint is the inputs' is left as it
# is (no pip, no process, its mtime kept), also when a comment was added to the inputs; a
# new input that resolves the same leaves it too, and the next lock knows it current.  Bad
# input is refused with a clear message and the old lock kept byte for byte: no file to
# write (2), a directory that does not exist (2), a *.toml that is no pylock name (2), an
# unknown --format (2), an old lock that is not TOML (2, file:line), a set no version
# satisfies (1).
. "$srcdir/tests/lib.sh"
# what pip's resolution does (venvmk's own resolver has tests of its own: index-resolved-by-venvmk-without-pip)
export VENVMK_RESOLVE=pip
printf 'beta==1.0\n' > requirements.in
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
cp pylock.toml "$T/good.toml"
m=$(mtime pylock.toml)
unchanged() { cmp -s pylock.toml "$T/good.toml" || fail "the lock changed"; [ "$(mtime pylock.toml)" = "$m" ] || fail "the lock was rewritten"; }

trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_no_err
expect_pip_runs 0
[ ! -s "$T/trace" ] || { cat "$T/trace"; fail "a current lock started a process"; }
unchanged
vm -v --no-conf -r requirements.in lock -o pylock.toml
expect_err_exact "venvmk: .venv: pylock.toml is up to date"

# a comment and a blank line: the same inputs
printf '# pinned for the tests\n\nbeta==1.0  # the old one\n' > requirements.in
trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_no_err
expect_pip_runs 0
unchanged

# another input, the same resolution: the lock left as it is, and known to be current
printf 'alpha>=1.0\n' >> requirements.in
trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_no_err
expect_pip_runs 1
unchanged
trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_pip_runs 0
[ ! -s "$T/trace" ] || { cat "$T/trace"; fail "a lock known to be current started a process"; }
unchanged

# no file named: neither -o nor a lock in the declaration
vm --no-conf -r requirements.in lock
expect_rc 2
expect_err "no file to write: give -o FILE"
# a directory that does not exist
vm --no-conf -r requirements.in lock -o nodir/pylock.toml
expect_rc 2
expect_err_exact "venvmk: .venv: lock: nodir/pylock.toml: its directory does not exist"
[ ! -e nodir ] || fail "the directory was made"
# a TOML file that PEP 751 would not call a lock, and an unknown format
vm --no-conf -r requirements.in lock -o locked.toml
expect_rc 2
expect_err "locked.toml: a pylock file is named pylock.toml or pylock.NAME.toml"
vm --no-conf -r requirements.in lock -o pylock.toml --format=poetry
expect_rc 2
expect_err "--format=poetry: expected pylock, requirements or pipfile-lock"
[ ! -e locked.toml ] || fail "locked.toml written"
unchanged

# an old lock that is not TOML, and inputs changed (so its pins are wanted): refused
printf 'beta==1.0\nhello-cli\n' > requirements.in
printf 'lock-version = "1.0"\n[[packages]\nname = "alpha"\n' > pylock.toml
cp pylock.toml "$T/bad.toml"
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 2
grep -qE '^venvmk: pylock.toml:2:[0-9]+: expected' "$T/err" || fail "the error does not say pylock.toml:2:COLUMN:"
cmp pylock.toml "$T/bad.toml" || fail "the bad lock was touched"

# no version satisfies: pip says why, exit 1, the old lock kept
cp "$T/good.toml" pylock.toml
printf 'beta==1.0\nalpha<1.0\n' > requirements.in
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 1
expect_err "ResolutionImpossible"
grep -q "wrote" "$T/err" && fail "a lock was written"
cmp pylock.toml "$T/good.toml" || fail "the old lock was touched"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left: $(ls -A "$VENVMK_CACHE_DIR/tmp")"
