#!/bin/sh
# show says when the env was last rebuilt and why (the time, created/recreated/refreshed,
# the reason and the requirement lines that changed), and show --json gives the same in
# "last_rebuilt"; a sync with nothing to do keeps the record; before any sync: never.
. "$srcdir/tests/lib.sh"

printf 'alpha==1.0\nbeta\n' > requirements.txt
vm show
expect_rc 0
expect_out 'rebuilt:      never'
vm show --json
expect_out '"last_rebuilt": null'

t0=$(date +%s)
vm sync
expect_rc 0
vm show
expect_rc 0
grep -qE '^rebuilt:      [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC, created: first sync$' "$T/out" \
	|| fail "show: no creation recorded"

printf 'alpha==1.1\n' > requirements.txt
vm sync
expect_rc 0
vm show
expect_rc 0
grep -qE '^rebuilt:      .* UTC, recreated: requirements.txt changed$' "$T/out" || fail "show: no recreate recorded"
expect_out '                ~ alpha 1.0 → 1.1'
expect_out '                - beta'
vm show --json
expect_rc 0
"$PY" - "$T/out" "$t0" <<'PYCHK' || fail "show --json: last_rebuilt"
import datetime, json, sys
env = json.load(open(sys.argv[1]))[0]
b = env["last_rebuilt"]
assert b["action"] == "recreated", b
assert b["reason"] == "requirements.txt changed", b
assert b["changes"] == ["~ alpha 1.0 → 1.1", "- beta"], b
t = datetime.datetime.strptime(b["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
assert t.timestamp() >= int(sys.argv[2]), (b["time"], sys.argv[2])
PYCHK
cp "$T/out" "$T/json1"

# a touch: nothing rebuilt, the record stays
touch requirements.txt
vm sync
expect_rc 0
expect_no_err
vm show --json
grep '"last_rebuilt"' "$T/json1" > "$T/want"
grep '"last_rebuilt"' "$T/out" | diff -u "$T/want" - || fail "a no-op changed the record"

# a line added: refreshed
printf 'alpha==1.1\ngamma\n' > requirements.txt
vm sync
expect_rc 0
vm show
grep -qE '^rebuilt:      .* UTC, refreshed: requirements.txt changed$' "$T/out" || fail "show: no refresh recorded"
expect_out '                + gamma'
