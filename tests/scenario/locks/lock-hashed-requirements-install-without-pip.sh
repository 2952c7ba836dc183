#!/bin/sh
# A requirements file in pip's hash-checking form (every line pinned with == and given
# --hash) installs with no pip, from the find-links dir, as pip would install it; with a
# warm cache a fresh sync starts no process; a set that is not closed is refused as pip
# refuses it; a file with one unpinned line still goes through pip.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
pins "$WHEELS/alpha-2.0-py3-none-any.whl" "$WHEELS/beta-2.0-py3-none-any.whl" "$WHEELS/hello_cli-1.0-py3-none-any.whl" > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"
oracle "$T/oracle" requirements.txt
same_env .venv "$T/oracle"

rm -rf .venv .venv.venvmk
expect_no_process sync
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"

# beta without the alpha it needs: refused, the env stays
pins "$WHEELS/beta-2.0-py3-none-any.whl" > requirements.txt
vm sync
expect_rc 1
expect_err "is not closed: beta 2.0 requires alpha>=2.0"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"

# a hash the find-links files do not have: pip's own refusal, the env stays
printf 'gamma==1.5 --hash=sha256:%064d\n' 0 > requirements.txt
vm sync
expect_rc 1
expect_err "DO NOT MATCH THE HASHES"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"

# one line not pinned: pip resolves as before
{ pins "$WHEELS/alpha-2.0-py3-none-any.whl"; echo 'gamma'; } > requirements.txt
trace_reset
vm sync
expect_pip_runs 1
