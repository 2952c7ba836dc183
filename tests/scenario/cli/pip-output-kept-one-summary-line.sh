#!/bin/sh
# pip's output (and venv's) is kept, not shown: a sync that runs pip prints its reason
# and one summary line (installed, upgraded, removed, unchanged), never "Requirement
# already satisfied"; -v shows pip's output as it runs; a failing pip install shows
# pip's output in full, then venvmk's failure message; -q prints nothing.
. "$srcdir/tests/lib.sh"

printf 'alpha==1.0\n' > requirements.txt
vm sync --backend venv
expect_rc 0
[ ! -s "$T/out" ] || fail "pip's output reached stdout"
[ "$(head -1 "$T/err")" = 'venvmk: .venv: creating' ] || fail "no creating line"
grep -qE '^venvmk: \.venv: installed [0-9]+, upgraded 0, removed 0, unchanged 0$' "$T/err" || fail "no summary line"
[ "$(wc -l < "$T/err")" -eq 2 ] || fail "more than two lines"

# a refresh: pip installs into the env as it is, and says nothing of it
printf 'alpha==1.0\nbeta==1.0\n' > requirements.txt
trace_reset
vm sync --backend venv
expect_rc 0
expect_pip_runs 1
[ ! -s "$T/out" ] || fail "pip's output reached stdout"
! grep -q 'Requirement already satisfied' "$T/err" || fail "pip's output shown"
sed -n 1,2p "$T/err" > "$T/have"
printf '%s\n' 'venvmk: .venv: refreshing: requirements.txt changed' '  + beta==1.0' | diff -u - "$T/have" || fail "refresh reason"
grep -qE '^venvmk: \.venv: installed 1, upgraded 0, removed 0, unchanged [0-9]+$' "$T/err" || fail "refresh summary"
[ "$(wc -l < "$T/err")" -eq 3 ] || fail "a refresh printed more than three lines"

# an editable install through pip (native backend): the same
cp -R "$srcdir/tests/fixtures/localproj" proj
chmod -R u+w proj
vm sync --dir=.venv-ed --python=/usr/bin/python3.11 --no-requirements -e proj
expect_rc 0
[ ! -s "$T/out" ] || fail "pip's output of the editable install reached stdout"
! grep -qiE 'Successfully|Obtaining|Building' "$T/err" || fail "pip's output of the editable install shown"
grep -qE '^venvmk: \.venv-ed: installed [0-9]+, upgraded 0, removed 0, unchanged 0$' "$T/err" || fail "editable summary"

# -v: pip's own output as it runs
printf 'alpha==1.0\nbeta==1.0\ngamma\n' > requirements.txt
vm -v sync --backend venv
expect_rc 0
cat "$T/out" "$T/err" | grep -q 'Requirement already satisfied' || fail "-v: no pip output"

# -q: nothing at all
printf 'alpha==1.0\n' > requirements.txt
vm -q sync --backend venv
expect_rc 0
expect_no_err
[ ! -s "$T/out" ] || fail "-q printed on stdout"

# a failing install: pip's output in full, then why venvmk failed
printf 'alpha==1.0\ndelta==9.9\n' > requirements.txt
vm sync --backend venv
expect_rc 1
expect_err 'ERROR: Could not find a version that satisfies the requirement delta==9.9'
expect_err 'ERROR: No matching distribution found for delta==9.9'
a=$(grep -n 'No matching distribution found' "$T/err" | cut -d: -f1)
b=$(grep -n 'venvmk: .venv: pip install failed (exit status 1)' "$T/err" | cut -d: -f1)
[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] || fail "pip's output does not come before the failure"
