#!/bin/sh
# sync prints one line per action with its reason, and one summary line after it, and
# nothing when fresh; -v also says "up to date" and shows pip's output; -q silences
# venvmk and passes -q to pip, but errors still show.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
env "docs" {
  backend = "virtualenv"
  packages = {"gamma"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt

trace_reset
vm -q sync
expect_rc 0
expect_no_err
[ ! -s "$T/out" ] || fail "-q sync printed on stdout"
grep -q -- 'pip install .* -q' "$T/trace" || fail "-q did not reach pip"

vm sync
expect_rc 0
expect_no_err
[ ! -s "$T/out" ] || fail "a fresh sync printed on stdout"

vm -v sync
expect_rc 0
printf 'venvmk: .venv: up to date\nvenvmk: .venv-docs: up to date\n' > "$T/want"
diff -u "$T/want" "$T/err" || fail "-v sync"

printf 'alpha==1.0\nbeta\n' > requirements.txt
vm -v sync
expect_rc 0
printf 'venvmk: .venv: refreshing: requirements.txt changed\nvenvmk: .venv: installed 1, upgraded 0, removed 0, unchanged N\nvenvmk: .venv-docs: up to date\n' > "$T/want"
grep '^venvmk:' "$T/err" | sed 's/unchanged [0-9]*$/unchanged N/' | diff -u "$T/want" - || fail "-v sync with work"
expect_out 'Successfully installed'

printf 'alpha==1.1\nbeta\n' > requirements.txt
vm -q sync
expect_rc 0
expect_no_err
[ ! -s "$T/out" ] || fail "-q sync printed on stdout"
expect_installed .venv 'alpha==1.1
beta==1.0'

# -q keeps errors
printf 'alpha==9.9\n' > requirements.txt
vm -q sync
expect_rc 1
expect_err 'alpha==9.9'
expect_err 'venvmk: .venv: pip install failed (exit status 1)'
rm requirements.txt
vm -q sync
expect_rc 2
expect_err_exact 'venvmk: .venv: requirements.txt: No such file or directory'
