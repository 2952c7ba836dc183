#!/bin/sh
# A pylock.toml whose wheels carry a url (no path) installs from a cold cache with no pip:
# venvmk-fetch gets each wheel exactly once, and a second env from the same lock makes no
# request.  A wrong sha256 for a url wheel is refused naming the wheel, the expected and the
# received hash, with nothing installed or cached; a url that answers 404 is named.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
. "$srcdir/tests/indexlib.sh"
index_start
base=http://127.0.0.1:$PORT/files
# the index is only where the urls point: nothing may ask it for a project page
export PIP_INDEX_URL="http://127.0.0.1:1/simple/"

# pylock_url_pkg NAME VERSION -- FILE [SHA256]: a package whose wheel is served at $base/FILE
pylock_url_pkg() {
	printf '\n[[packages]]\nname = "%s"\nversion = "%s"\n[[packages.wheels]]\nurl = "%s/%s"\nsize = %s\nhashes = {sha256 = "%s"}\n' \
		"$1" "$2" "$base" "$4" "$(size_of "$WHEELS/$4")" "${5:-$(sha_of "$WHEELS/$4")}" >> pylock.toml
}
write_lock() {
	pylock_head 'requires-python = ">=3.8"'
	pylock_url_pkg alpha 2.0 -- alpha-2.0-py3-none-any.whl
	pylock_url_pkg beta 2.0 -- beta-2.0-py3-none-any.whl
	pylock_url_pkg hello-cli 1.0 -- hello_cli-1.0-py3-none-any.whl
}
write_lock
grep -q '^path' pylock.toml && fail "the lock names a path"
want="$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"
[ ! -e "$VENVMK_CACHE_DIR" ] || fail "the cache is not cold"

trace_reset
vm --lock pylock.toml sync
expect_rc 0
expect_pip_runs 0
[ "$(fetches)" -eq 1 ] || fail "venvmk-fetch ran $(fetches) times, expected 1"
expect_installed .venv "$want"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"
for w in alpha-2.0 beta-2.0 hello_cli-1.0; do
	[ "$(index_requests "GET /files/$w-py3-none-any.whl 200 venvmk/")" -eq 1 ] \
		|| { cat "$T/index.log"; fail "$w was not fetched exactly once"; }
done
[ "$(index_requests)" -eq 3 ] || { cat "$T/index.log"; fail "requests beyond the three wheels"; }
pins "$WHEELS/alpha-2.0-py3-none-any.whl" "$WHEELS/beta-2.0-py3-none-any.whl" \
	"$WHEELS/hello_cli-1.0-py3-none-any.whl" > "$T/pins.txt"
oracle "$T/oracle" "$T/pins.txt"
same_env .venv "$T/oracle"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "downloads left in the cache's tmp"

# a second env from the same lock: no request, no pip, no downloader
: > "$T/index.log"
trace_reset
vm --lock pylock.toml --dir second sync
expect_rc 0
expect_pip_runs 0
[ "$(fetches)" -eq 0 ] || fail "venvmk-fetch ran for a lock whose wheels are cached"
[ "$(index_requests)" -eq 0 ] || { cat "$T/index.log"; fail "requests made for a cached lock"; }
expect_installed second "$want"

# a wrong sha256 for a url wheel: refused, naming it and both hashes; the env stays as it was
stamp=$(mtime .venv.venvmk/stamp)
good=$(sha_of "$WHEELS/beta-2.0-py3-none-any.whl")
wrong=$(printf '%s' "$good" | tr '0-9a-f' '1-9a-f0')
pylock_head
pylock_url_pkg alpha 2.0 -- alpha-2.0-py3-none-any.whl
pylock_url_pkg beta 2.0 -- beta-2.0-py3-none-any.whl "$wrong"
: > "$T/index.log"
trace_reset
vm --lock pylock.toml sync
[ "$rc" -ne 0 ] || fail "a wrong hash synced"
expect_err "beta-2.0-py3-none-any.whl: sha256 mismatch: expected $wrong, got $good"
expect_err "$base/beta-2.0-py3-none-any.whl"
[ "$(index_requests 'GET /files/beta-2.0-py3-none-any.whl 200 venvmk/')" -eq 1 ] || fail "a hash mismatch was retried"
expect_installed .venv "$want"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved"
[ ! -e "$VENVMK_CACHE_DIR/wheels/$wrong" ] || fail "the wrong wheel entered the cache"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "the refused download was left in the cache's tmp"
# nor does a new env get anything
vm --lock pylock.toml --dir third sync
[ "$rc" -ne 0 ] || fail "a wrong hash synced a new env"
expect_err "sha256 mismatch: expected $wrong, got $good"
[ ! -e third ] || fail "a refused lock left a new env behind"

# a url that answers 404: named, the env stays
pylock_head
pylock_url_pkg alpha 2.0 -- alpha-2.0-py3-none-any.whl
printf '\n[[packages]]\nname = "nope"\nversion = "1.0"\n[[packages.wheels]]\nurl = "%s/nope-1.0-py3-none-any.whl"\nhashes = {sha256 = "%s"}\n' \
	"$base" "$wrong" >> pylock.toml
: > "$T/index.log"
vm --lock pylock.toml sync
[ "$rc" -ne 0 ] || fail "a 404 synced"
expect_err "nope-1.0-py3-none-any.whl: $base/nope-1.0-py3-none-any.whl: 404 Not Found"
[ "$(index_requests 'GET /files/nope-1.0-py3-none-any.whl 404')" -eq 1 ] || fail "a 404 was retried"
expect_installed .venv "$want"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved"

# the good lock again: nothing to fetch, the env unchanged
write_lock
: > "$T/index.log"
vm --lock pylock.toml sync
expect_rc 0
[ "$(index_requests)" -eq 0 ] || { cat "$T/index.log"; fail "requests made for a cached lock"; }
expect_installed .venv "$want"

# beta's cache entry damaged (a module edited in the cache, as through a hard link): a new
# env finds it, discards the entry, and is built again with beta fetched again (its wheel
# went with the download dir of the sync that fetched it), exactly as from a sound cache
betaf=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/beta/__init__.py' | head -n 1)
[ -f "$betaf" ] || fail "no beta in the cache"
printf 'DAMAGED = True\n' >> "$betaf"
: > "$T/index.log"
trace_reset
vm --lock pylock.toml --dir fourth sync
expect_rc 0
expect_err "damaged cache entry; unpacking again"
expect_err "recreating: a damaged cache entry is made again from its wheel"
expect_pip_runs 0
[ "$(index_requests 'GET /files/beta-2.0-py3-none-any.whl 200 venvmk/')" -eq 1 ] || { cat "$T/index.log"; fail "beta was not fetched again exactly once"; }
[ "$(index_requests)" -eq 1 ] || { cat "$T/index.log"; fail "requests beyond beta's wheel"; }
expect_installed fourth "$want"
same_env fourth "$T/oracle"
! grep -rq DAMAGED fourth || fail "the damaged module reached the env"
