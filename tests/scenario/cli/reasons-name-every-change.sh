#!/bin/sh
# sync and check name every input that changed, not only the first, and under the reason
# the requirement lines added (+), removed (-) and changed (~, a new specifier of the same
# name: a pin shows its versions), the first five in full, then "and N more". A comment
# edit prints nothing; a lasting change prints the same in check and in sync.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  requirements = {"requirements.txt", "dev.txt"}
}
CONF
printf 'alpha==1.0\nbeta\n' > requirements.txt
printf 'gamma\n' > dev.txt
vm sync
expect_rc 0

# both files changed: a pin bumped, a line removed, one added in each
printf 'alpha==1.1\ndelta\n' > requirements.txt
printf 'gamma\nhello-cli\n' > dev.txt
cat > "$T/want" <<'WANT'
venvmk: .venv: would be recreated: requirements.txt changed, dev.txt changed
  ~ alpha 1.0 → 1.1
  - beta
  + delta
  + hello-cli
WANT
vm check
expect_rc 1
diff -u "$T/want" "$T/err" || fail "check: not every change named"
sed -i 's/would be recreated/recreating/' "$T/want"
vm sync
expect_rc 0
head -5 "$T/err" | diff -u "$T/want" - || fail "sync: not every change named"
expect_installed .venv 'alpha==1.1
delta==0.2
gamma==1.5
hello-cli==1.0'

# comments and blank lines only: no work, nothing printed
printf '# pinned\nalpha==1.1   # why\n\ndelta\n' > requirements.txt
vm check
expect_rc 0
expect_no_err
vm sync
expect_rc 0
expect_no_err

# a loosened pin shows both specifiers
printf 'alpha>=1.0\ndelta\n' > requirements.txt
vm check
expect_rc 1
printf '%s\n' 'venvmk: .venv: would be recreated: requirements.txt changed' '  ~ alpha ==1.1 → >=1.0' > "$T/want"
diff -u "$T/want" "$T/err" || fail "a loosened pin"
printf '# pinned\nalpha==1.1   # why\n\ndelta\n' > requirements.txt

# many lines added to one file: five in full, then how many more
for i in 01 02 03 04 05 06 07 08; do echo "benchpkg$i"; done >> dev.txt
cat > "$T/want" <<'WANT'
venvmk: .venv: would be refreshed: dev.txt changed
  + benchpkg01
  + benchpkg02
  + benchpkg03
  + benchpkg04
  + benchpkg05
  and 3 more
WANT
vm check
expect_rc 1
diff -u "$T/want" "$T/err" || fail "check: many lines"

# a file and a tracked variable, both changed: both named
printf 'alpha==1.0\ndelta\n' > requirements.txt
MY_MIRROR=x vm check --track-env MY_MIRROR
expect_rc 1
expect_err 'requirements.txt changed'
expect_err 'MY_MIRROR changed'
