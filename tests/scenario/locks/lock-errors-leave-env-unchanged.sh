#!/bin/sh
# Each error the lock issue lists is precise, exits non-zero, and leaves the env as it was:
# an unknown lock-version major, requires-python and environments not met, two active
# entries for one name, a hash or size mismatch (naming the file), a path that does not
# exist, a lock that is not closed, a TOML syntax error (file:line:).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
mkdir wheels
for w in alpha-2.0 beta-2.0; do cp "$WHEELS/$w-py3-none-any.whl" wheels/; done
pylock_head
pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
vm --lock pylock.toml sync
expect_rc 0
cp pylock.toml good.toml
stamp=$(mtime .venv.venvmk/stamp)

# bad CASE RC MESSAGE: the lock as it is now fails with RC saying MESSAGE, and changes nothing
bad() {
	vm --lock pylock.toml sync
	[ "$rc" -ne 0 ] || fail "$1: the sync succeeded"
	expect_err "$2"
	expect_installed .venv 'alpha==2.0'
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "$1: the stamp moved"
	cp good.toml pylock.toml
}

sed -i 's/^lock-version = "1.0"/lock-version = "2.0"/' pylock.toml
bad major "pylock.toml:1: lock-version '2.0' is not one venvmk reads"

sed -i 's/^lock-version = "1.0"/lock-version = "1.7"/' pylock.toml
vm --lock pylock.toml sync
expect_rc 0
expect_err "pylock.toml:1: warning: lock-version 1.7"
[ "$(grep -c 'warning: lock-version 1.7' "$T/err")" -eq 1 ] || fail "the lock-version warning was not said once"
cp good.toml pylock.toml
vm --lock pylock.toml sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

sed -i '2i requires-python = "<3"' pylock.toml
bad requires-python "requires-python '<3' is not met by Python"

sed -i "2i environments = [\"sys_platform == 'win32'\"]" pylock.toml
bad environments "none of its environments is this interpreter's"

pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
bad two-entries "two entries for alpha hold for this interpreter"

sed -i 's/sha256 = "\(.\)/sha256 = "0\1/; s/sha256 = "\(.\{64\}\)./sha256 = "\1/' pylock.toml
bad hash "wheels/alpha-2.0-py3-none-any.whl: sha256 mismatch"

sed -i 's/^size = .*/size = 7/' pylock.toml
bad size "wheels/alpha-2.0-py3-none-any.whl: size mismatch"

sed -i 's|wheels/alpha|gone/alpha|' pylock.toml
bad path "gone/alpha-2.0-py3-none-any.whl: the lock names it, but it does not exist"

pylock_head
pylock_pkg beta 2.0 -- wheels/beta-2.0-py3-none-any.whl
bad not-closed "pylock.toml is not closed: beta 2.0 requires alpha>=2.0, which it does not hold"

printf '\n[[packages]\nname = "x"\n' >> pylock.toml
bad syntax "pylock.toml:12:"
