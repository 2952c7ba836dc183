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

# Two processes share the copying (pip's seed and gamma: a dir each at a time). A cache
# entry found damaged by either (a module edited in the cache, a file of pip's gone) is
# unpacked again and the batch copied again by one process: the env is whole and the
# same as one made from a sound cache, with no file left under a temporary name
sitef=$(cd .venv && echo lib/python3*/site-packages)
pipmain=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/pip/__main__.py' | head -n 1)
[ -f "$pipmain" ] || fail "no pip in the cache"
for damage in edit remove; do
	if [ $damage = edit ]; then
		printf 'DAMAGED = True\n' >> "$cachef"
	else
		rm "$pipmain"
	fi
	vm --dir .venv-$damage sync
	expect_rc 0
	expect_err "damaged cache entry; unpacking again"
	[ "$(grep -c 'damaged cache entry;' "$T/err")" -eq 1 ] || fail "$damage: the damage told more than once: $(cat "$T/err")"
	# gamma's wheel went with the download dir of the sync that fetched it: the env is
	# built again, resolving and fetching it again; pip's seed comes from the interpreter's
	if [ $damage = edit ]; then
		expect_err "recreating: a damaged cache entry"
	else
		! grep -q recreating "$T/err" || fail "$damage: recreated for the seed"
	fi
	cmp -s .venv-$damage/$f .venv/$f || fail "$damage: the env got the damaged module"
	[ -f .venv-$damage/$sitef/pip/__main__.py ] || fail "$damage: the env has no pip/__main__.py"
	(cd .venv && find . -path ./bin -prune -o -type f -print | sort) > "$T/files.sound"
	(cd .venv-$damage && find . -path ./bin -prune -o -type f -print | sort) > "$T/files.$damage"
	diff "$T/files.sound" "$T/files.$damage" > "$T/files.diff" || fail "$damage: the env's files differ from a sound one's: $(head -5 "$T/files.diff")"
	# (a launcher names its env: its row's hash differs)
	for r in gamma-1.5.dist-info/RECORD pip-*.dist-info/RECORD; do
		grep -v '^\.\./\.\./\.\./bin/' .venv/$sitef/$r > "$T/record.sound"
		grep -v '^\.\./\.\./\.\./bin/' .venv-$damage/$sitef/$r > "$T/record.$damage"
		cmp -s "$T/record.sound" "$T/record.$damage" || fail "$damage: $r differs from a sound env's"
	done
	! find .venv-$damage -name '*.venvmk-[0-9]*' -o -name '*.tmp.[0-9]*' | grep -q . || fail "$damage: files left under a temporary name"
	.venv-$damage/bin/gamma | grep -qx 'gamma 1.5' || fail "$damage: the env does not work"
	.venv-$damage/bin/python -m pip --version >/dev/null || fail "$damage: the env's pip does not work"
	vm --dir .venv-$damage show --json
	python3 -c 'import json, sys; [e] = json.load(open(sys.argv[1])); n = e["linked_files"]; assert n["copy"] > 100 and n["clone"] == 0, n' "$T/out" \
		|| fail "$damage: show --json counts: $(cat "$T/out")"
done
