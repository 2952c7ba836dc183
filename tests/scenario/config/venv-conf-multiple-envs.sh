#!/bin/sh
# A venv.conf with several envs: default dirs (.venv, then .venv-NAME), an explicit dir,
# sync of all or of some by name or dir, and a change to one env touches only that one.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
# three envs of one project
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
env "docs" {
  backend = "virtualenv"
  packages = {"gamma==1.0"}
}
env "ci" {
  dir = "build/ci-env"
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  packages = {"delta==0.1"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt

trace_reset
vm sync
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_err 'venvmk: .venv-docs: creating'
expect_err 'venvmk: build/ci-env: creating'
expect_creates 3
expect_installed .venv 'alpha==1.0'
expect_installed .venv-docs 'gamma==1.0'
expect_installed build/ci-env 'alpha==1.0
delta==0.1'
for d in .venv .venv-docs build/ci-env; do
	[ -f "$d.venvmk/stamp" ] || fail "no stamp for $d"
done
s_dev=$(mtime .venv.venvmk/stamp)
s_docs=$(mtime .venv-docs.venvmk/stamp)
s_ci=$(mtime build/ci-env.venvmk/stamp)

# a shared input changed: the two envs that read it, not the third
printf 'alpha==1.0\nbeta\n' > requirements.txt
vm check
expect_rc 1
expect_err 'venvmk: .venv: would be refreshed: requirements.txt changed'
expect_err 'venvmk: build/ci-env: would be refreshed: requirements.txt changed'
! grep -q 'docs' "$T/err" || fail "docs is reported though none of its inputs changed"
vm check docs
expect_rc 0

# sync one env by name, one by dir
trace_reset
vm sync dev
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: requirements.txt changed'
expect_pip_runs 1
vm check ci
expect_rc 1
vm sync build/ci-env
expect_rc 0
expect_err_exact 'venvmk: build/ci-env: refreshing: requirements.txt changed'
expect_installed build/ci-env 'alpha==1.0
beta==1.0
delta==0.1'
[ "$(mtime .venv-docs.venvmk/stamp)" = "$s_docs" ] || fail "docs stamp moved"
[ "$(mtime .venv.venvmk/stamp)" != "$s_dev" ] || fail "dev stamp did not move"
[ "$(mtime build/ci-env.venvmk/stamp)" != "$s_ci" ] || fail "ci stamp did not move"

trace_reset
vm sync
expect_rc 0
expect_no_err
vm check dev docs ci
expect_rc 0
expect_pip_runs 0

vm sync nope
expect_rc 2
expect_err_exact "venvmk: no env named 'nope' (declared: dev, docs, ci)"

# -f names another file; its envs are the declared ones
cat > other.conf <<'CONF'
env "tools" {
  dir = ".tools"
  backend = "virtualenv"
  packages = {"hello-cli"}
}
CONF
vm -f other.conf sync
expect_rc 0
expect_err_exact 'venvmk: .tools: creating'
[ "$(.tools/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello"
vm -f other.conf sync dev
expect_rc 2
expect_err_exact "venvmk: no env named 'dev' (declared: tools)"
