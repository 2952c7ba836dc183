#!/bin/sh
# With the cache on another filesystem (a small tmpfs) link-mode = auto copies, and show
# says so; forced hardlink copies too (a link cannot cross filesystems), and forced clone
# is refused before anything is touched. Needs root: skipped (77) only where mounting the
# tmpfs is refused.
. "$srcdir/tests/lib.sh"

C=${TMPDIR:-/tmp}/venvmk-tmpfs.$$
cleanup() {
	cd /
	if mountpoint -q "$C"; then umount "$C" || umount -l "$C"; fi
	rmdir "$C" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkdir -p "$C"
if ! mount -t tmpfs -o size=200m tmpfs "$C" 2>"$T/mount.err"; then
	echo "SKIP: mounting a tmpfs was refused: $(cat "$T/mount.err")"
	exit 77
fi
export VENVMK_CACHE_DIR="$C/cache"

echo 'gamma==1.5' > requirements.txt
vm sync
expect_rc 0
f=$(cd .venv && echo lib/python3*/site-packages/gamma/__init__.py)
cachef=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/gamma/__init__.py' | head -n 1)
[ "$(stat -c %h .venv/$f)" -eq 1 ] || fail "auto across filesystems: the file has links"
cmp -s .venv/$f "$cachef" || fail "the copy differs from the cache"
[ "$(cat "$VENVMK_CACHE_DIR"/linkmode/*)" = copy ] || fail "remembered: $(cat "$VENVMK_CACHE_DIR"/linkmode/*)"
vm show
expect_out "cache:        $VENVMK_CACHE_DIR (auto: copies)"
.venv/bin/gamma | grep -qx 'gamma 1.5' || fail "the copied env does not work"

vm --link-mode=hardlink --dir .venv-h sync
expect_rc 0
[ "$(stat -c %h .venv-h/$f)" -eq 1 ] || fail "hardlink across filesystems: the file has links"
vm --link-mode=hardlink --dir .venv-h show --json
python3 -c 'import json, sys; [e] = json.load(open(sys.argv[1])); assert e["link_mode"] == "hardlink" and e["link_mode_used"] == "copy" and e["linked_files"]["hardlink"] == 0, e' "$T/out" \
	|| fail "show --json: hardlink across filesystems"

vm --link-mode=clone --dir .venv-c sync
expect_rc 2
expect_err "link-mode clone: the cache ($VENVMK_CACHE_DIR) and the env cannot share blocks"
[ ! -e .venv-c ] || fail "a refused clone made the env"
