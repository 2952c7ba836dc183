#!/bin/sh
# With the cache and the env on one filesystem that cannot clone (ext4 here), link-mode
# = auto hard-links, and show says so. Forced clone there is refused before anything is
# touched (exit 2); forced copy gives the env files of its own. A remembered answer that
# turns out wrong is probed again at the first file that cannot follow it.
. "$srcdir/tests/lib.sh"

echo probe > "$T/a"
if cp --reflink=always "$T/a" "$T/b" 2>/dev/null; then
	echo "SKIP: $T is on a filesystem that clones; link-auto-clones-on-xfs.sh covers that"
	exit 77
fi
echo 'gamma==1.5' > requirements.txt
vm sync
expect_rc 0
f=$(cd .venv && echo lib/python3*/site-packages/gamma/__init__.py)
cachef=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/gamma/__init__.py' | head -n 1)
[ "$(stat -c %i .venv/$f)" = "$(stat -c %i "$cachef")" ] || fail "auto: not a hard link into the cache"
memo=$(ls "$VENVMK_CACHE_DIR"/linkmode/*)
[ "$(cat "$memo")" = hardlink ] || fail "remembered: $(cat "$memo")"
vm show
expect_out "cache:        $VENVMK_CACHE_DIR (auto: hard links)"
vm show --json
python3 -c 'import json, sys; [e] = json.load(open(sys.argv[1])); assert e["link_mode_used"] == "hardlink" and e["linked_files"]["clone"] == 0 and e["linked_files"]["copy"] == 0, e' "$T/out" \
	|| fail "show --json of a hard-linked env"

# forced clone: a clear refusal, exit 2, no env, no probe file left
vm --link-mode=clone --dir .venv-c sync
expect_rc 2
expect_err_exact "venvmk: .venv-c: link-mode clone: the cache ($VENVMK_CACHE_DIR) and the env cannot share blocks: clones need both on one filesystem that has them (btrfs, XFS with reflink, bcachefs); use link-mode auto, hardlink or copy"
[ ! -e .venv-c ] || fail "a refused clone made the env"
[ -z "$(find . "$VENVMK_CACHE_DIR/tmp" -name '.venvmk-probe*' -o -name probe)" ] || fail "probe files left"

# forced copy: files of the env's own; an in-place append stays there
vm --link-mode=copy --dir .venv-k sync
expect_rc 0
[ "$(stat -c %h .venv-k/$f)" -eq 1 ] || fail "copy: the file has links"
vm --link-mode=copy --dir .venv-k show
expect_out "(copies)"
orig=$(sha256sum < "$cachef")
printf 'EDITED = 1\n' >> .venv-k/$f
[ "$(sha256sum < "$cachef")" = "$orig" ] || fail "an append to a copy reached the cache"

# a wrong remembered answer (clone, as if the device number now named an XFS): the
# first file that cannot be cloned makes venvmk probe again, and the env is hard-linked
echo clone > "$memo"
vm --dir .venv-s sync
expect_rc 0
[ "$(stat -c %i .venv-s/$f)" = "$(stat -c %i "$cachef")" ] || fail "after a wrong answer: not a hard link"
[ "$(cat "$memo")" = hardlink ] || fail "remembered after probing again: $(cat "$memo")"
vm --dir .venv-s show
expect_out "(auto: hard links)"
