#!/bin/sh
# -r Pipfile installs its [packages], --group dev-packages adds [dev-packages]
# (any category pipenv knows, by name), each value form becomes the requirement
# pipenv would give pip, and [[source]] becomes pipenv's index options.
. "$srcdir/tests/lib.sh"

cat > Pipfile <<'TOML'
[packages]
alpha = "==1.0"
gamma = "*"
beta = {version = "==1.0", markers = "python_version >= '3'"}
delta = {version = "==0.1", sys_platform = "== 'no-such-platform'"}

[dev-packages]
hello-cli = "*"

[requires]
python_version = "3"
TOML
vm sync -r Pipfile
expect_rc 0
expect_installed .venv 'alpha==1.0
beta==1.0
gamma==1.5'
grep -q -- '-r Pipfile' "$T/trace" && fail "pip was given -r Pipfile"

cat > venv.conf <<'CONF'
env "app" {
  requirements = {"Pipfile"}
  groups = {"dev-packages"}
}
CONF
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: declaration changed'
expect_installed .venv 'alpha==1.0
beta==1.0
gamma==1.5
hello-cli==1.0'
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello"

vm sync --group docs
expect_rc 2
expect_err_exact 'venvmk: Pipfile: no [docs] table (package categories: packages, dev-packages)'

# every value form, read from a Pipfile in a subdirectory
mkdir sub
cat > sub/Pipfile <<'TOML'
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[[source]]
url = "https://${MIRROR_TOKEN}@mirror.example:8443/simple"
verify_ssl = false
name = "mirror"

[packages]
alpha = "*"
beta = ">=1.0,<2"
gamma = "1.5"
delta = {version = "==0.1", extras = ["x", "y"], markers = "python_version >= '3.8'", os_name = "== 'posix'"}
lib = {path = "../lib"}
proj = {path = ".", editable = true, extras = ["test"]}
requests = {git = "https://github.com/psf/requests.git", ref = "v2.31.0"}
flask = {git = "git+https://github.com/pallets/flask.git", ref = "3.0.0", editable = true}
torch = {version = "==2.0", index = "mirror"}
archive = {file = "https://example.com/archive-1.0.tar.gz"}
TOML
MIRROR_TOKEN=tok vm inputs --no-conf -r sub/Pipfile
expect_rc 0
cat > "$T/want" <<'WANT'
file sub/Pipfile
opt index-url https://pypi.org/simple
opt extra-index-url https://tok@mirror.example:8443/simple
opt trusted-host mirror.example:8443
req alpha
req beta>=1.0,<2
req gamma==1.5
req delta[x,y]==0.1;(python_version>='3.8')and(os_name=='posix')
req ./lib
editable ./sub[test]
req requests@git+https://github.com/psf/requests.git@v2.31.0
editable git+https://github.com/pallets/flask.git@3.0.0#egg=flask
req torch==2.0
req archive@https://example.com/archive-1.0.tar.gz
WANT
diff -u "$T/want" "$T/out" || fail "inputs"

sed 's/index = "mirror"/index = "nope"/' sub/Pipfile > p.new && mv p.new sub/Pipfile
vm inputs --no-conf -r sub/Pipfile
expect_rc 2
expect_err_exact "venvmk: sub/Pipfile:20:37: package 'torch': index 'nope' names no [[source]]"
