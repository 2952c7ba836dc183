#!/bin/sh
# A Pipfile.lock installs with no pip: each pin's file found on the test index (PEP 691 JSON,
# then an index that serves only HTML), the best-tagged file whose hash the lock lists;
# develop only with --group develop, markers applied; the env equals pip's install of the
# same pins; a Pipfile that no longer matches _meta.hash is warned about.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
. "$srcdir/tests/indexlib.sh"
index_start
cat > Pipfile <<'TOML'
[[source]]
name = "test"
url = "http://127.0.0.1/simple"
verify_ssl = false

[packages]
beta = "==2.0"

[dev-packages]
hello-cli = "*"
TOML
"$PY" - "$WHEELS" "$PORT" <<'PY'
import hashlib, json, sys, tomllib
wh, port = sys.argv[1], sys.argv[2]
def h(f): return "sha256:" + hashlib.sha256(open("%s/%s" % (wh, f), "rb").read()).hexdigest()
pf = tomllib.load(open("Pipfile", "rb"))
meta = {"_meta": {"sources": pf["source"], "requires": pf.get("requires", {})},
        "default": pf.get("packages", {}), "develop": pf.get("dev-packages", {})}
digest = hashlib.sha256(json.dumps(meta, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
lock = {"_meta": {"hash": {"sha256": digest}, "pipfile-spec": 6, "requires": {},
                  "sources": [{"name": "test", "url": "http://127.0.0.1:%s/simple" % port, "verify_ssl": False}]},
        "default": {"alpha": {"hashes": [h("alpha-2.0-py3-none-any.whl"), "sha256:" + "0" * 64], "index": "test", "version": "==2.0"},
                    "beta": {"hashes": [h("beta-2.0-py3-none-any.whl")], "index": "test", "version": "==2.0"}},
        "develop": {"hello-cli": {"hashes": [h("hello_cli-1.0-py3-none-any.whl")], "index": "test", "version": "==1.0"},
                    "gamma": {"hashes": [h("gamma-1.5-py3-none-any.whl")], "index": "test", "version": "==1.5",
                              "markers": "sys_platform == 'win32'"}}}
json.dump(lock, open("Pipfile.lock", "w"), indent=4)
PY
trace_reset
vm --lock Pipfile.lock sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0')"
[ "$(index_requests 'GET /simple/alpha/ 200 venvmk/')" -eq 1 ] || { cat "$T/index.log"; fail "the JSON page of alpha was not read"; }
[ "$(index_requests 'GET /files/beta-2.0-py3-none-any.whl 200 venvmk/')" -eq 1 ] || fail "beta was not fetched"
grep -q "is out of date" "$T/err" && fail "a matching Pipfile was warned about"
pins "$WHEELS/alpha-2.0-py3-none-any.whl" "$WHEELS/beta-2.0-py3-none-any.whl" > "$T/pins.txt"
oracle "$T/oracle" "$T/pins.txt"
same_env .venv "$T/oracle"

# develop with --group develop; gamma's marker keeps it out
trace_reset
vm --lock Pipfile.lock --group develop sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"

# the Pipfile changed since the lock: warned, as pipenv install --deploy refuses
printf '\n[requires]\npython_version = "3"\n' >> Pipfile
rm -rf .venv .venv.venvmk
vm --lock Pipfile.lock sync
expect_rc 0
expect_err "Pipfile.lock is out of date"
[ "$(grep -c 'is out of date' "$T/err")" -eq 1 ] || fail "the stale Pipfile.lock was warned about more than once"

# an index that serves only HTML (PEP 503), a cold cache
index_stop
index_start --html-only
: > "$T/index.log"
sed -i "s|127.0.0.1:[0-9]*/simple|127.0.0.1:$PORT/simple|" Pipfile.lock
export VENVMK_CACHE_DIR="$T/cache2"
rm -rf .venv .venv.venvmk
trace_reset
vm --lock Pipfile.lock sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0')"
[ "$(index_requests 'GET /files/alpha-2.0-py3-none-any.whl 200 venvmk/')" -eq 1 ] || { cat "$T/index.log"; fail "alpha was not fetched from the HTML index"; }

# a JSON syntax error: file:line:, the env stays
printf '{\n  "default": {\n    "alpha": [}\n}\n' > Pipfile.lock
vm --lock Pipfile.lock sync
[ "$rc" -ne 0 ] || fail "a broken Pipfile.lock synced"
expect_err "Pipfile.lock:3:"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0')"
