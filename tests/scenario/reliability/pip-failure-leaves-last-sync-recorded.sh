#!/bin/sh
# A pip failure leaves the state of the last sync in place: show still reports the last
# synced fingerprint (not "never synced"), and putting the requirement back leaves an
# env pip never touched (it failed while resolving) as it is: no recreate, same stamp.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt
vm sync
expect_rc 0
fp=$(cat .venv.venvmk/stamp)
stamp=$(mtime .venv.venvmk/stamp)

printf 'alpha==1.0\ndelta==9.9\n' > requirements.txt
vm sync
expect_rc 1
expect_err 'venvmk: .venv: pip install failed (exit status 1)'
expect_installed .venv 'alpha==1.0'

vm show --json
expect_rc 0
python3 - "$T/out" "$fp" <<'PY' || fail "show forgot the last sync"
import json, sys
[e] = json.load(open(sys.argv[1]))
assert e["state"] != "never synced", e["state"]
assert e["last_sync_fingerprint"] == sys.argv[2], e["last_sync_fingerprint"]
PY

# the requirement put back: the env is exactly what the last sync left
printf 'alpha==1.0\n' > requirements.txt
trace_reset
vm check
expect_rc 0
vm sync
expect_rc 0
expect_no_err
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp moved though the env did not change"
