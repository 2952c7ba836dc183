#!/bin/sh
# With the native backend, what is not a wheel file is left to pip: an sdist and an
# editable project are built and installed by a real "pip install", next to the
# wheels venvmk linked (build isolation takes setuptools and wheel from the
# wheelhouse); the env is complete and pip check passes.
. "$srcdir/tests/lib.sh"

cp -R "$srcdir/tests/fixtures/localproj" proj
chmod -R u+w proj
tar -czf localproj-0.1.tar.gz -C "$srcdir/tests/fixtures" localproj
cat > venv.conf <<'CONF'
env "sdist" {
  python       = "/usr/bin/python3.11"
  packages     = {"./localproj-0.1.tar.gz", "beta==2.0"}
}
env "editable" {
  python       = "/usr/bin/python3.11"
  packages     = {"gamma==1.5"}
  editable     = {"proj"}
}
CONF
trace_reset
vm sync
expect_rc 0
# each env: one dry run, then pip installs what is not a wheel file
n=$(grep -c -- ' -m pip install' "$T/trace"); [ "$n" -eq 4 ] || fail "pip ran $n times, expected 4"
grep -q '^venvmk native-link .*beta-2.0' "$T/trace" || fail "beta was not linked"
grep -q '^venvmk native-link .*gamma-1.5' "$T/trace" || fail "gamma was not linked"
expect_installed .venv 'alpha==2.0
beta==2.0
localproj==0.1'
expect_installed .venv-editable 'gamma==1.5
localproj==0.1'
.venv/bin/localproj-hi >/dev/null || fail "the sdist's script"
.venv-editable/bin/python -m pip list --editable --format=freeze | grep -q '^localproj==0.1' || fail "proj is not editable"
.venv/bin/python -m pip check || fail "pip check (sdist env)"
.venv-editable/bin/python -m pip check || fail "pip check (editable env)"
