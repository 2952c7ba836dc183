#!/bin/sh
# Several projects syncing at once with one cold cache: every sync succeeds, each
# wheel is unpacked into exactly one entry, no temporary dir is left, and every env
# holds its packages.  A cache on another file system is used by copies.
. "$srcdir/tests/lib.sh"

for i in 1 2 3 4 5 6; do
	mkdir "proj$i"
	printf 'beta==2.0\nhello-cli\ngamma==1.5\n' > "proj$i/requirements.txt"
done
for i in 1 2 3 4 5 6; do
	( "$VENVMK" -q -C "proj$i" sync > "$T/out.$i" 2>&1; echo $? > "$T/rc.$i" ) &
done
wait
for i in 1 2 3 4 5 6; do
	[ "$(cat "$T/rc.$i")" = 0 ] || { cat "$T/out.$i"; fail "sync $i of 6 failed"; }
	expect_installed "proj$i/.venv" 'alpha==2.0
beta==2.0
gamma==1.5
hello-cli==1.0'
done
# alpha, beta, gamma, hello-cli, pip and setuptools: six entries and the index
n=$(ls "$VENVMK_CACHE_DIR/wheels" | grep -vc '^index$')
[ "$n" -eq 6 ] || fail "$n wheel entries, expected 6"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary dirs left in the cache"
f=lib/python3.11/site-packages/gamma/__init__.py
[ "$(stat -c %i proj1/.venv/$f)" = "$(stat -c %i proj6/.venv/$f)" ] || fail "two projects do not share the cached file"

# another file system: hard links are impossible, so the files are copies
other=/dev/shm/venvmk-test-$$
if [ -d /dev/shm ] && [ "$(stat -f -c %i /dev/shm)" != "$(stat -f -c %i .)" ]; then
	trap 'chmod -R u+w "$other" 2>/dev/null; rm -rf "$other"' EXIT
	run "$VENVMK" --cache-dir "$other" -C proj1 --dir .venv-x sync
	expect_rc 0
	[ "$(stat -c %h proj1/.venv-x/$f)" -eq 1 ] || fail "a file from another file system is a hard link"
	proj1/.venv-x/bin/hello | grep -qx 'Hello from a venvmk environment!' || fail "the copied env does not work"
fi
