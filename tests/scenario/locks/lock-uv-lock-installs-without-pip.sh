#!/bin/sh
# A uv.lock installs with no pip: what the workspace's project (a virtual one: only its
# dependencies) reaches for this interpreter, as uv sync --frozen installs it: dependencies
# whose markers hold (gamma 1.5 here, 1.0 only on Windows), the dev group by default, an
# extra with --extra, none of the dev group with --group of another; each wheel's sha256
# checked. The env equals pip's install of the same pins; a bad lock is a precise error.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
. "$srcdir/tests/indexlib.sh"
index_start
"$PY" - "$WHEELS" "$PORT" <<'PY'
import hashlib, os, sys
wh, port = sys.argv[1], sys.argv[2]
reg = "http://127.0.0.1:%s/simple" % port
def wheel(f):
    data = open(os.path.join(wh, f), "rb").read()
    return '{ url = "http://127.0.0.1:%s/files/%s", hash = "sha256:%s", size = %d, upload-time = "2024-01-02T03:04:05Z" }' % (
        port, f, hashlib.sha256(data).hexdigest(), len(data))
def pkg(name, version, f, deps=""):
    return '\n[[package]]\nname = "%s"\nversion = "%s"\nsource = { registry = "%s" }\n%swheels = [\n    %s,\n]\n' % (
        name, version, reg, deps, wheel(f))
out = ['version = 1\nrevision = 2\nrequires-python = ">=3.8"\nresolution-markers = [\n'
       '    "sys_platform == \'win32\'",\n    "sys_platform != \'win32\'",\n]\n']
out.append(pkg("alpha", "2.0", "alpha-2.0-py3-none-any.whl"))
out.append('''
[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "beta" },
    { name = "gamma", version = "1.0", source = { registry = "%s" }, marker = "sys_platform == 'win32'" },
    { name = "gamma", version = "1.5", source = { registry = "%s" }, marker = "sys_platform != 'win32'" },
]

[package.optional-dependencies]
cli = [
    { name = "hello-cli" },
]

[package.dev-dependencies]
dev = [
    { name = "delta" },
]
''' % (reg, reg))
out.append(pkg("beta", "2.0", "beta-2.0-py3-none-any.whl", 'dependencies = [\n    { name = "alpha" },\n]\n'))
out.append(pkg("delta", "0.2", "delta-0.2-py3-none-any.whl"))
out.append(pkg("gamma", "1.0", "gamma-1.0-py3-none-any.whl"))
out.append(pkg("gamma", "1.5", "gamma-1.5-py3-none-any.whl"))
out.append(pkg("hello-cli", "1.0", "hello_cli-1.0-py3-none-any.whl"))
open("uv.lock", "w").write("".join(out))
PY

# the default: the project's dependencies and the dev group
trace_reset
vm --no-conf --lock uv.lock sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\ndelta==0.2\ngamma==1.5')"
pins "$WHEELS/alpha-2.0-py3-none-any.whl" "$WHEELS/beta-2.0-py3-none-any.whl" "$WHEELS/delta-0.2-py3-none-any.whl" \
	"$WHEELS/gamma-1.5-py3-none-any.whl" > "$T/pins.txt"
oracle "$T/oracle" "$T/pins.txt"
same_env .venv "$T/oracle"

# the extra cli, and the group dev named: hello-cli too
vm --no-conf --lock uv.lock --extra cli --group dev sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\ndelta==0.2\ngamma==1.5\nhello-cli==1.0')"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"

# a group the lock lacks, and a lock that is not version 1: precise errors, the env stays
vm --no-conf --lock uv.lock --group docs sync
[ "$rc" -ne 0 ] || fail "a group the lock lacks synced"
expect_err "uv.lock: dependency group 'docs' is not one the lock offers"
sed -i 's/^version = 1$/version = 2/' uv.lock
vm --no-conf --lock uv.lock sync
[ "$rc" -ne 0 ] || fail "a uv.lock of version 2 synced"
expect_err "uv.lock:1: not a uv.lock venvmk reads: its version must be 1"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\ndelta==0.2\ngamma==1.5\nhello-cli==1.0')"
# venvmk does not write one
vm --no-conf -r requirements.in lock -o uv.lock
expect_rc 2
expect_err "venvmk reads uv.lock but does not write it"
true
