#!/bin/sh
# On btrfs (an image on a loop device here) link-mode = auto clones too, as on XFS: each
# env file is its own inode whose extents the cache entry shares, compiled files are
# hard-linked, show says "clones", and an in-place append to a module in one env changes
# neither another env nor the cache. Needs root, btrfs-progs and a kernel with btrfs:
# skipped (77) only where the image cannot be made or mounted.
. "$srcdir/tests/lib.sh"

mount_image btrfs

export VENVMK_CACHE_DIR="$M/cache"
mkdir "$M/p"
cd "$M/p"
echo 'gamma==1.5' > requirements.txt
vm sync
expect_rc 0
vm --dir .venv-b sync
expect_rc 0
[ "$(cat "$VENVMK_CACHE_DIR"/linkmode/*)" = clone ] || fail "remembered: $(cat "$VENVMK_CACHE_DIR"/linkmode/*)"
f=$(cd .venv && echo lib/python3*/site-packages/gamma/__init__.py)
cachef=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/gamma/__init__.py' | head -n 1)
sum() { sha256sum < "$1"; }
orig=$(sum "$cachef")
for e in .venv .venv-b; do
	[ "$(stat -c %h "$e/$f")" -eq 1 ] || fail "$e: a cloned file has $(stat -c %h "$e/$f") links"
	[ "$(stat -c %i "$e/$f")" != "$(stat -c %i "$cachef")" ] || fail "$e: the file is the cache's inode"
	[ "$(sum "$e/$f")" = "$orig" ] || fail "$e: the clone's content differs"
	pyc=$(cd "$e" && echo "$(dirname "$f")"/__pycache__/__init__.*.pyc)
	[ "$(stat -c %h "$e/$pyc")" -gt 1 ] || fail "$e: the compiled file is not hard-linked"
done
vm show
expect_out "cache:        $VENVMK_CACHE_DIR (auto: clones; "
.venv/bin/python -m pip --version >/dev/null || fail "the cloned env's pip does not work"

# an in-place append in one env stays there; the other env and the cache keep theirs
printf 'EDITED = "in place"\n' >> ".venv/$f"
[ "$(env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -c 'import gamma; print(gamma.EDITED)')" = "in place" ] ||
	fail "the edit is not in env a"
[ "$(sum .venv-b/$f)" = "$orig" ] || fail "the edit in one env reached the other"
[ "$(sum "$cachef")" = "$orig" ] || fail "the edit reached the cache"
.venv-b/bin/gamma | grep -qx 'gamma 1.5' || fail "env b no longer works"
