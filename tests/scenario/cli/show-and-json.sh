#!/bin/sh
# show describes the env: dir, resolved interpreter and version, backend, stamp path,
# fingerprint, inputs, tracked variables, lines and the state of the last sync;
# --json says the same as valid JSON.  Neither changes anything.
. "$srcdir/tests/lib.sh"

real=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
ver=$(python3 -c 'import platform; print(platform.python_version())')
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  packages = {"gamma==1.0"}
}
CONF
printf 'alpha==1.0\n-r dev.txt\n' > requirements.txt
printf 'beta\n' > dev.txt

field() { sed -n "s/^$1: *//p" "$T/out"; }
vm show
expect_rc 0
[ "$(field env)" = dev ] || fail "env: $(field env)"
[ "$(field dir)" = .venv ] || fail "dir: $(field dir)"
[ "$(field python)" = "python3 → $real (CPython $ver)" ] || fail "python: $(field python)"
[ "$(field backend)" = virtualenv ] || fail "backend: $(field backend)"
[ "$(field stamp)" = .venv.venvmk/stamp ] || fail "stamp: $(field stamp)"
case $(field state) in "never synced"*) ;; *) fail "state: $(field state)";; esac
fp=$(field fingerprint)
echo "$fp" | grep -qxE '[0-9a-f]{64}' || fail "fingerprint: $fp"
# pip's own configuration files may follow (they are inputs too)
sed -n '/^inputs:/,/^tracked env:/p' "$T/out" | grep -v -e '/pip\.conf' -e '/pip\.ini' > "$T/inputs"
printf 'inputs:\n  venv.conf\n  requirements.txt\n  dev.txt\ntracked env:\n' | diff -u - "$T/inputs" || fail "inputs"
expect_out '  PIP_NO_INDEX=1'
expect_out '  PIP_PRE (unset)'
sed -n '/^lines:/,$p' "$T/out" > "$T/lines"
printf 'lines:\n  req alpha==1.0\n  req beta\n  req gamma==1.0\n' | diff -u - "$T/lines" || fail "lines"
[ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "show created something"

vm show --json
expect_rc 0
python3 -m json.tool "$T/out" >/dev/null || fail "show --json is not JSON"
vm fingerprint
[ "$(cat "$T/out")" = "$fp" ] || fail "show and fingerprint disagree"

vm sync
expect_rc 0
cp .venv.venvmk/state "$T/state.before"
stamp=$(mtime .venv.venvmk/stamp)
vm show
expect_rc 0
[ "$(field state)" = "up to date" ] || fail "state: $(field state)"
[ -f "$(field stamp)" ] || fail "the stamp show names does not exist"
[ "$(field fingerprint)" = "$fp" ] || fail "the fingerprint changed with the sync"

printf 'beta\ndelta\n' > dev.txt
vm show
[ "$(field state)" = "needs refresh: dev.txt changed" ] || fail "state: $(field state)"
printf 'beta==1.0\n' > dev.txt
vm show
[ "$(field state)" = "needs recreate: dev.txt changed" ] || fail "state: $(field state)"
[ "$(field fingerprint)" != "$fp" ] || fail "the fingerprint did not change with the inputs"

vm show --json
expect_rc 0
python3 - "$T/out" "$real" "$ver" "$fp" <<'PY' || fail "show --json content"
import json, os, sys
out, real, ver, fp = sys.argv[1:]
[e] = json.load(open(out))
assert e["name"] == "dev", e["name"]
assert e["dir"] == ".venv", e["dir"]
assert e["python"] == "python3", e["python"]
assert e["interpreter"]["path"] == real, e["interpreter"]
assert e["interpreter"]["version"] == ver, e["interpreter"]
assert e["interpreter"]["implementation"] == "CPython", e["interpreter"]
assert e["backend"] == "virtualenv", e["backend"]
assert e["stamp"] == ".venv.venvmk/stamp", e["stamp"]
assert e["cache_dir"] == os.environ["VENVMK_CACHE_DIR"], e["cache_dir"]
assert e["link_mode"] == "auto", e["link_mode"]
assert e["link_mode_used"] is None and e["linked_files"] is None, e
assert e["state"] == "needs recreate", e["state"]
assert e["reason"] == "dev.txt changed", e["reason"]
assert e["last_sync_fingerprint"] == fp, e["last_sync_fingerprint"]
assert e["fingerprint"] != fp
assert [i["path"] for i in e["inputs"] if not i["path"].endswith(("/pip.conf", "/pip.ini"))] == ["venv.conf", "requirements.txt", "dev.txt"], e["inputs"]
assert "PIP_NO_INDEX=1" in e["tracked_env"], e["tracked_env"]
assert e["lines"] == ["req alpha==1.0", "req beta==1.0", "req gamma==1.0"], e["lines"]
PY
cmp -s "$T/state.before" .venv.venvmk/state || fail "show rewrote the state"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "show touched the stamp"
expect_installed .venv 'alpha==1.0
beta==1.0
gamma==1.0'

# a native env says where its cache is and how files come from it
printf 'env "n" {\n  link-mode = "copy"\n}\n' > native.conf
vm -f native.conf show
expect_rc 0
expect_out "cache:        $VENVMK_CACHE_DIR (copies)"

# several envs: one JSON array
printf 'env "a" {\n  backend = "virtualenv"\n}\nenv "b" {\n  backend = "venv"\n}\n' > venv.conf
vm show --json
expect_rc 0
python3 -c 'import json, sys; l = json.load(open(sys.argv[1])); assert [e["name"] for e in l] == ["a", "b"], l' "$T/out" \
	|| fail "show --json of two envs"
vm show --json b
expect_rc 0
python3 -c 'import json, sys; [e] = json.load(open(sys.argv[1])); assert e["dir"] == ".venv-b", e' "$T/out" \
	|| fail "show --json b"

# an env without a name (the default env, or one declared by flags): "name": null
rm venv.conf
vm show --json
expect_rc 0
python3 -c 'import json, sys; [e] = json.load(open(sys.argv[1])); assert e["name"] is None and e["dir"] == ".venv", e' "$T/out" \
	|| fail "show --json of the default env"
vm show
expect_rc 0
[ "$(field env)" = - ] || fail "env: $(field env)"
