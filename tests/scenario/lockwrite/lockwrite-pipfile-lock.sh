#!/bin/sh
# venvmk lock -o Pipfile.lock from a Pipfile: a lock pipenv would take (_meta.hash as plette
# computes it from the Pipfile, pipfile-spec 6, requires and sources from the Pipfile,
# "default" with "==VERSION", every file's sha256 and its source's name, json.dumps's bytes);
# venvmk's own stale-lock check finds it fresh, a sync of it installs its set with no pip,
# and a second lock is a no-op (no request, the mtime stays). Without a Pipfile, the hash is
# the empty Pipfile's and the index becomes a source.
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
beta = "*"
hello-cli = "==1.0"

[requires]
python_version = "3"
TOML

trace_reset
vm --no-conf -r Pipfile lock -o Pipfile.lock
expect_rc 0
expect_err_exact "venvmk: .venv: wrote Pipfile.lock"
"$PY_DEBIAN" - "$WHEELS" "$PORT" > "$T/want" <<'PY' || fail "not the Pipfile.lock pipenv writes"
import hashlib, json, os, sys, tomllib
wh, port = sys.argv[1], sys.argv[2]
pf = tomllib.load(open("Pipfile", "rb"))
# plette's Pipfile.get_hash, as pipenv's calculate_pipfile_hash calls it
meta = {"_meta": {"sources": pf["source"], "requires": pf.get("requires", {})},
        "default": pf.get("packages", {}), "develop": pf.get("dev-packages", {})}
digest = hashlib.sha256(json.dumps(meta, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
text = open("Pipfile.lock").read()
lock = json.loads(text)
# pipenv's own writer: json.dumps(indent=4, separators=(",", ": "), sort_keys=True) and a newline
assert text == json.dumps(lock, indent=4, separators=(",", ": "), sort_keys=True) + "\n", "not pipenv's bytes"
m = lock["_meta"]
assert m["hash"] == {"sha256": digest}, (m["hash"], digest)
assert m["pipfile-spec"] == 6 and m["requires"] == {"python_version": "3"}, m
assert m["sources"] == pf["source"], m["sources"]
assert lock["develop"] == {}, lock["develop"]
d = lock["default"]
assert sorted(d) == ["alpha", "beta", "hello-cli"], sorted(d)
for name, e in d.items():
    assert e["index"] == "test" and e["version"].startswith("=="), e
    v = e["version"][2:]
    files = [f for f in os.listdir(wh) if f.replace("_", "-").startswith(name + "-" + v + "-") or f == "%s-%s.tar.gz" % (name, v)]
    want = sorted("sha256:" + hashlib.sha256(open(os.path.join(wh, f), "rb").read()).hexdigest() for f in files)
    assert files and e["hashes"] == want, (name, e["hashes"], want)
for n, e in sorted(d.items()):
    print("%s==%s" % (n, e["version"][2:]))
PY
# what pip resolves for these packages (tests/scenario/lockwrite/lockwrite-pylock-from-find-links.sh
# holds venvmk's resolution to pip's)
printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0\n' | diff -u - "$T/want" || fail "the lock's pins"

# installed with no pip, and venvmk's stale-lock check finds nothing to say
trace_reset
vm --no-conf --lock Pipfile.lock sync
expect_rc 0
expect_pip_runs 0
grep -q "is out of date" "$T/err" && fail "the Pipfile.lock venvmk wrote is stale to its own check"
expect_installed .venv "$(cat "$T/want")"

# inputs unchanged: no request, no rewrite
m=$(mtime Pipfile.lock)
: > "$INDEX_LOG"
vm --no-conf -r Pipfile lock -o Pipfile.lock
expect_rc 0
[ "$(index_requests)" -eq 0 ] || { cat "$INDEX_LOG"; fail "requests made for a current Pipfile.lock"; }
[ "$(mtime Pipfile.lock)" = "$m" ] || fail "a current Pipfile.lock was rewritten"

# from requirements.in: the hash of a Pipfile with nothing in it, a source for the index
mkdir other && printf 'alpha<2\n' > other/requirements.in
PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/" vm --no-conf -r other/requirements.in lock -o other/Pipfile.lock
expect_rc 0
"$PY_DEBIAN" - other/Pipfile.lock "$PORT" <<'PY' || fail "a Pipfile.lock from requirements.in"
import hashlib, json, sys
lock = json.load(open(sys.argv[1]))
pypi = [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]
meta = {"_meta": {"sources": pypi, "requires": {}}, "default": {}, "develop": {}}
digest = hashlib.sha256(json.dumps(meta, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
m = lock["_meta"]
assert m["hash"]["sha256"] == digest and m["requires"] == {}, m
assert m["sources"] == pypi + [{"name": "index-2", "url": "http://127.0.0.1:%s/simple" % sys.argv[2], "verify_ssl": True}], m
assert lock["default"]["alpha"]["index"] == "index-2" and lock["default"]["alpha"]["version"] == "==1.1", lock["default"]
PY

# a package's Requires-Python becomes its "markers", as pipenv writes them, true here
cp -R "$WHEELS" "$T/wheels"
"$PY" - "$T/wheels" "$srcdir/bench" <<'PY' || fail "cannot write the wheel with Requires-Python"
import sys
sys.path.insert(0, sys.argv[2])
import stackwheels
stackwheels.wheel(sys.argv[1], "pyreq", "1.0", [], ">=3.6, !=3.0.*, <4")
stackwheels.wheel(sys.argv[1], "pyfull", "1.0", [], ">=3.6.1")
PY
index_stop
WHEELS=$T/wheels index_start
mkdir rp && printf 'pyreq\npyfull\nalpha==1.1\n' > rp/requirements.in
PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/" vm --no-conf -r rp/requirements.in lock -o rp/Pipfile.lock
expect_rc 0
"$PY_DEBIAN" - rp/Pipfile.lock <<'PY' || fail "the markers of Requires-Python"
import json, sys
from packaging.markers import Marker
d = json.load(open(sys.argv[1]))["default"]
assert d["pyreq"]["markers"] == "python_version >= '3.6' and python_full_version != '3.0.*' and python_version < '4'", d["pyreq"]
assert d["pyfull"]["markers"] == "python_full_version >= '3.6.1'", d["pyfull"]
assert "markers" not in d["alpha"], d["alpha"]
for n in ("pyreq", "pyfull"):
    assert Marker(d[n]["markers"]).evaluate(), d[n]["markers"]
PY
trace_reset
PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/" vm --no-conf --dir rp/.venv --lock rp/Pipfile.lock sync
expect_rc 0
expect_pip_runs 0
expect_installed rp/.venv "$(printf 'alpha==1.1\npyfull==1.0\npyreq==1.0')"

# --format=pipfile-lock wants a name venvmk reads as one
vm --no-conf -r Pipfile lock -o locked.txt --format=pipfile-lock
expect_rc 2
expect_err "locked.txt: a Pipfile.lock is named Pipfile.lock"
true
