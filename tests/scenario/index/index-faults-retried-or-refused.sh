#!/bin/sh
# venvmk's own downloads (a seen resolution whose wheels the cache lost): 500s and a body
# cut short are retried; a flipped byte is refused at once, named, and nothing of it
# is installed or cached; an index that is gone is a clear error.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
# the dry run and venvmk's own downloader (pip download, which pips before 25.3 get by
# default, has a test of its own: index-pip-download-keeps-its-files)
export VENVMK_RESOLVE=dry-run
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'beta==1.0\ngamma==1.5\n' > requirements.txt
vm -q sync
expect_rc 0

refetch() { rm -rf .venv "$VENVMK_CACHE_DIR/wheels"; : > "$T/index.log"; trace_reset; vm sync; }

index_control fail=2
refetch
expect_rc 0
expect_pip_runs 0
[ "$(index_requests ' 500')" -eq 2 ] || { cat "$T/index.log"; fail "expected two 500s in the log"; }
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5')"

index_control cut=1
refetch
expect_rc 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5')"

index_control flip=gamma-1.5-py3-none-any.whl
refetch
expect_rc 1
expect_err 'gamma-1.5-py3-none-any.whl: sha256 mismatch: expected '
expect_err ', got '
[ "$(index_requests 'GET /files/gamma-1.5-py3-none-any.whl 200 venvmk/')" -eq 1 ] || fail "a hash mismatch was retried"
[ ! -e .venv/bin/gamma ] || fail "gamma installed from a corrupt wheel"
grep -rl 'gamma 1.5' "$VENVMK_CACHE_DIR/wheels" 2>/dev/null && fail "the corrupt wheel entered the cache"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left: $(ls -A "$VENVMK_CACHE_DIR/tmp")"
index_control unflip=gamma-1.5-py3-none-any.whl

# the index goes away (pip, asked to resolve again, gives up at once)
index_stop
export PIP_RETRIES=0
refetch
expect_rc 1
expect_err "127.0.0.1:$PORT"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left"
exit 0
