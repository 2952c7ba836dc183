#!/bin/sh
# venvmk lock -o pylock.toml, from find-links dirs and no index: the lock parses with
# tomllib, each file's sha256 and size are the file's, its packages are what pip's own dry
# run resolves for the same inputs, with their dependencies and every file of the chosen
# version (an sdist beside the wheel too), each a path from the lock's dir; the inputs'
# fingerprint is recorded; and a sync of the lock installs pip's env with no pip at all.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
# a second find-links dir offering one more file of alpha 2.0: pip takes the wheel, the
# lock lists both
mkdir "$T/extra"
printf 'not built: pip prefers the wheel\n' > "$T/extra/alpha-2.0.tar.gz"
export PIP_FIND_LINKS="$WHEELS $T/extra"
printf 'beta\nhello-cli\n' > requirements.in

trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_err "wrote pylock.toml"
[ ! -e .venv ] || fail "venvmk lock made an env"
pylock_read pylock.toml > "$T/locked"

# the oracle: pip's own resolution of the same inputs
"$PY" -m venv "$T/pip"
"$T/pip/bin/python" -m pip install -q --dry-run --ignore-installed --report "$T/report.json" -r requirements.in \
	|| fail "pip's dry run failed"
"$PY" - "$T/report.json" > "$T/want" <<'PY'
import json, re, sys
for i in json.load(open(sys.argv[1]))["install"]:
    print("%s==%s" % (re.sub(r"[-_.]+", "-", i["metadata"]["name"]).lower(), i["metadata"]["version"]))
PY
sort "$T/want" -o "$T/want"
sort "$T/locked" | diff -u "$T/want" - || fail "the lock's packages are not pip's resolution"
grep -qx 'alpha==2.0' "$T/locked" || fail "the oracle proves nothing: alpha is not in it"

"$PY_DEBIAN" - pylock.toml <<'PY' || fail "the lock's content"
import re, sys, tomllib
t = tomllib.load(open(sys.argv[1], "rb"))
p = {x["name"]: x for x in t["packages"]}
assert p["beta"]["dependencies"] == [{"name": "alpha"}], p["beta"].get("dependencies")
assert "dependencies" not in p["alpha"] and "dependencies" not in p["hello-cli"]
assert p["alpha"]["sdist"]["name"] == "alpha-2.0.tar.gz", p["alpha"].get("sdist")
assert [w["name"] for w in p["alpha"]["wheels"]] == ["alpha-2.0-py3-none-any.whl"]
for x in t["packages"]:
    for f in x.get("wheels", []) + [x.get("sdist", {"path": "-"})]:
        assert "url" not in f and not f["path"].startswith("/"), f
assert "index" not in p["alpha"], "no index was used"
assert re.fullmatch("[0-9a-f]{64}", t["tool"]["venvmk"]["inputs"]), t["tool"]
PY
grep -q '^# To bring it up to date: venvmk --no-conf -r requirements.in lock -o pylock.toml$' pylock.toml \
	|| fail "the header does not say how to bring the lock up to date"

# the same lock again, byte for byte: sorted, nothing of the moment in it
cp pylock.toml "$T/first.toml"
rm pylock.toml
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
cmp pylock.toml "$T/first.toml" || fail "the same resolution gave other bytes"

# installed from the lock: no pip, pip's own env
trace_reset
vm --no-conf --lock pylock.toml sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(cat "$T/want")"
"$T/pip/bin/python" -m pip install -q -r requirements.in || fail "pip's install failed"
expect_installed "$T/pip" "$(cat "$T/want")"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello-cli's console script"
.venv/bin/python -m pip check >/dev/null || fail "pip check fails in the env of the lock"
