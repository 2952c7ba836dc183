#!/bin/sh
# The native backend's settings and the cache commands: "cache dir" names the cache
# ($VENVMK_CACHE_DIR, --cache-dir, cache-dir in venv.conf); link-mode = copy gives
# files of their own; "cache prune" empties the cache and no env breaks; bad values
# and an interpreter the native backend cannot serve get clear errors and change nothing.
. "$srcdir/tests/lib.sh"

vm cache dir
expect_rc 0
[ "$(cat "$T/out")" = "$VENVMK_CACHE_DIR" ] || fail "cache dir is not \$VENVMK_CACHE_DIR"
vm --cache-dir "$T/other-cache" cache dir
[ "$(cat "$T/out")" = "$T/other-cache" ] || fail "--cache-dir is not obeyed"
(unset VENVMK_CACHE_DIR; XDG_CACHE_HOME="$T/xdg" "$VENVMK" cache dir) > "$T/xdg.out"
[ "$(cat "$T/xdg.out")" = "$T/xdg/venvmk" ] || fail "XDG_CACHE_HOME is not obeyed"

# hard links by default, copies with link-mode = copy (and the cache elsewhere)
cat > venv.conf <<CONF
env "linked" { packages = {"gamma==1.5"} }
env "copied" {
  packages = {"gamma==1.5"}
  link-mode = "copy"
  cache-dir = "$T/copy-cache"
}
CONF
vm sync
expect_rc 0
[ "$(stat -c %h .venv/lib/python3*/site-packages/gamma/__init__.py)" -gt 1 ] || fail "linked env has no hard link"
[ "$(stat -c %h .venv-copied/lib/python3*/site-packages/gamma/__init__.py)" -eq 1 ] || fail "copied env has a hard link"
[ -d "$T/copy-cache/wheels" ] || fail "cache-dir in venv.conf is not obeyed"
.venv-copied/bin/gamma | grep -qx 'gamma 1.5' || fail "the copied env does not work"

# changing link-mode or the cache dir is not an input: nothing to do
sed -i 's/link-mode = "copy"/link-mode = "hardlink"/' venv.conf
trace_reset
vm sync
expect_rc 0
expect_no_err
[ ! -s "$T/trace" ] || fail "a link-mode change started something"

# prune everything: the envs keep working, and the next create fills the cache again
vm cache prune --older-than=0
expect_rc 0
expect_out 'cache: removed'
[ -z "$(ls "$VENVMK_CACHE_DIR/wheels" 2>/dev/null | grep -v '^index$')" ] || fail "prune left wheel entries"
.venv/bin/gamma | grep -qx 'gamma 1.5' || fail "pruning the cache broke an env"
.venv/bin/python -m pip --version >/dev/null || fail "pruning the cache broke pip in an env"
vm cache prune
expect_rc 0

# bad values: precise errors, exit 2, nothing changed
stamp=$(mtime .venv.venvmk/stamp)
vm --link-mode=symlink sync
expect_rc 2
expect_err_exact "venvmk: --link-mode: unknown mode 'symlink' (known: auto, clone, hardlink, copy)"
vm cache
expect_rc 2
expect_err "venvmk: cache: expected 'dir' or 'prune'"
vm cache prune --older-than=soon
expect_rc 2
expect_err "venvmk: --older-than: 'soon' is not a number of days"
printf 'env "x" {\n  link-mode = "reflink"\n}\n' > bad.conf
vm -f bad.conf sync
expect_rc 2
expect_err_exact "venvmk: bad.conf:2: link-mode: unknown mode 'reflink' (known: auto, clone, hardlink, copy)"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "a refused sync touched the stamp"

# Python 2 has no venv: the native backend says so and makes nothing
py2=/root/.pyenv/versions/2.7.18/bin/python2.7
if [ -x "$py2" ]; then
	vm --no-conf --python "$py2" --dir py2env --no-requirements sync
	expect_rc 2
	expect_err_exact "venvmk: py2env: backend native: CPython 2.7.18 is not supported (Python 3.3 or newer); use backend venv or virtualenv"
	[ ! -e py2env ] || fail "a refused native create left py2env"
fi
