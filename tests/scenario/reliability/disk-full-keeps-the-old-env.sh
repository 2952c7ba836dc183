#!/bin/sh
# A disk that fills up during a recreate (a small tmpfs, the cache on another filesystem
# so that every file is copied): the sync fails with ENOSPC, the old env is back and
# works, no half-written file is left beside it, and once there is room the next sync
# is exact.
. "$srcdir/tests/lib.sh"
small="$T/small"
mkdir -p "$small"
if ! mount -t tmpfs -o size=128m tmpfs "$small" 2>"$T/mount.err"; then
	echo "SKIP: cannot mount a tmpfs here: $(cat "$T/mount.err")"
	exit 77
fi
trap 'cd /; umount "$small" 2>/dev/null || umount -l "$small"' EXIT
mkdir "$small/p"
cd "$small/p"
printf 'alpha==1.0\nhello-cli\n' > requirements.txt
vm -q sync
expect_rc 0
[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "the first env is broken"
ls -A .venv.venvmk | sort > "$T/before"
# leave less room than a new env takes (pip alone is several MB)
free=$(df -k --output=avail "$small" | tail -1)
[ "$free" -gt 2048 ] && dd if=/dev/zero of="$small/filler" bs=1k count=$((free - 1024)) 2>/dev/null || true
printf 'alpha==1.1\nhello-cli\n' > requirements.txt
vm sync
expect_rc 1
expect_err 'No space left on device'
expect_err 'the env is as it was before this sync'
[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "the old env is broken after ENOSPC"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello is broken after ENOSPC"
ls -A .venv.venvmk | grep -v '^failed$' | sort > "$T/after"
diff -u "$T/before" "$T/after" || fail "files were left in the state dir"
ls -A "$small/p" | sort > "$T/top"
printf '.venv\n.venv.venvmk\nrequirements.txt\n' | diff -u - "$T/top" || fail "files were left beside the env"
vm check
expect_rc 1
expect_err 'No space left on device'
rm -f "$small/filler"
vm -q sync
expect_rc 0
[ "$(.venv/bin/alpha-version)" = "alpha 1.1" ] || fail "the next sync did not finish the job"
vm check
expect_rc 0
