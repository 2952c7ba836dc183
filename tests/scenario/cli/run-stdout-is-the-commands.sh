#!/bin/sh
# "venvmk run -- CMD > file": when run has to sync first, pip's and venvmk's output goes
# to stderr, so stdout holds CMD's output only, on the first run as on later ones.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
vm run -- python -c 'import json, alpha; print(json.dumps({"alpha": alpha.__version__}))'
expect_rc 0
expect_err 'venvmk: .venv: creating'
printf '{"alpha": "1.0"}\n' | diff -u - "$T/out" || fail "stdout holds more than the command's output"

# a refresh the same
printf 'env "dev" {\n  backend = "virtualenv"\n  packages = {"alpha==1.0", "gamma"}\n}\n' > venv.conf
vm run -- python -c 'import gamma; print(gamma.__version__)'
expect_rc 0
printf '1.5\n' | diff -u - "$T/out" || fail "stdout holds more than the command's output"
