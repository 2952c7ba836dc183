#!/bin/sh
# A Pipfile with [dev-packages]: venvmk lock -o Pipfile.lock fills both sections as pipenv
# does, "default" with what [packages] needs and "develop" with what [dev-packages] needs,
# from one resolution, so a package both need is locked alike in both.  A sync of the lock
# installs "default"; with --group develop, "develop" too.  A change in [dev-packages]
# alone makes the lock out of date (its fingerprint covers both sections), one in a
# comment does not.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
index_start
cat > Pipfile <<TOML
[[source]]
name = "test"
url = "http://127.0.0.1:$PORT/simple"
verify_ssl = false

[packages]
hello-cli = "==1.0"
gamma = "*"
alpha = "<2"

[dev-packages]
beta = "==1.0"
TOML

vm --no-conf -r Pipfile lock -o Pipfile.lock
expect_rc 0
expect_err_exact "venvmk: .venv: wrote Pipfile.lock"
"$PY_DEBIAN" - <<'PY' || fail "the two sections"
import json
lock = json.load(open("Pipfile.lock"))
d = {k: v["version"] for k, v in lock["default"].items()}
v = {k: v["version"] for k, v in lock["develop"].items()}
assert d == {"alpha": "==1.1", "gamma": "==1.5", "hello-cli": "==1.0"}, d
assert v == {"alpha": "==1.1", "beta": "==1.0"}, v
assert lock["develop"]["alpha"] == lock["default"]["alpha"], "alpha locked differently in the two sections"
PY

# default alone, then with develop
trace_reset
vm --no-conf --lock Pipfile.lock sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==1.1\ngamma==1.5\nhello-cli==1.0')"
vm --no-conf --dir dev --lock Pipfile.lock --group develop sync
expect_rc 0
expect_installed dev "$(printf 'alpha==1.1\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"

# a comment: current, no request
m=$(mtime Pipfile.lock)
printf '# a comment\n' >> Pipfile
: > "$INDEX_LOG"
vm --no-conf -r Pipfile lock -o Pipfile.lock
expect_rc 0
[ "$(index_requests)" -eq 0 ] || { cat "$INDEX_LOG"; fail "requests made for a current Pipfile.lock"; }
[ "$(mtime Pipfile.lock)" = "$m" ] || fail "a current Pipfile.lock was rewritten"

# [dev-packages] changed alone: resolved again, delta in "develop" only
"$PY_DEBIAN" - <<'PY'
text = open("Pipfile").read()
open("Pipfile", "w").write(text.replace('beta = "==1.0"\n', 'beta = "==1.0"\ndelta = "*"\n'))
PY
vm --no-conf -r Pipfile lock -o Pipfile.lock
expect_rc 0
expect_err "wrote Pipfile.lock"
"$PY_DEBIAN" - <<'PY' || fail "delta in develop"
import json
lock = json.load(open("Pipfile.lock"))
assert "delta" in lock["develop"] and "delta" not in lock["default"], lock
assert lock["develop"]["delta"]["version"] == "==0.2", lock["develop"]["delta"]
PY
