#!/bin/sh
# An install tree that is not where configure put it works: make install prefix=DIR
# (a prefix configure was not given), the tree then moved, and a copy of it. Its venvmk
# starts the tree's own venvmk-fetch (../libexec/venvmk/ beside the binary) to fetch
# from the test index, and pkg-config, through the tree's venvmk.pc, names the tree's
# own venv.mk and aclocal directory.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
# the dry run resolves; venvmk's downloader fetches
export VENVMK_RESOLVE=dry-run
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES DESTDIR || true

configured=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
inst=$T/inst
[ "$inst" != "$configured" ] || fail "the test's prefix is the configured one"
run make -C "$top_builddir" install prefix="$inst"
expect_rc 0
mv "$inst" "$T/moved"
cp -R "$T/moved" "$T/copied"

# pkg-config through the tree's own .pc file names the tree's files
pc() {	# TREE VARIABLE: the path pkg-config gives, which must be the tree's FILE
	command -v pkg-config >/dev/null || return 0
	run env PKG_CONFIG_PATH="$1/share/pkgconfig" PKG_CONFIG_LIBDIR=/nonexistent \
		pkg-config --variable="$2" venvmk
	expect_rc 0
	[ -e "$(cat "$T/out")" ] || fail "pkg-config --variable=$2 names $(cat "$T/out"), which does not exist"
	[ "$(cd "$(dirname "$(cat "$T/out")")" && pwd -P)/$(basename "$(cat "$T/out")")" = "$(cd "$(dirname "$1/$3")" && pwd -P)/$(basename "$3")" ] \
		|| fail "pkg-config --variable=$2 names $(cat "$T/out"), not $1/$3"
}
for tree in "$T/moved" "$T/copied"; do
	pc "$tree" venv_mk share/venvmk/venv.mk
	pc "$tree" aclocaldir share/aclocal
	[ -f "$tree/share/aclocal/venvmk.m4" ] || fail "no venvmk.m4 in $tree"
done

# the test's own downloader is not named: each tree's venvmk must find its own
unset VENVMK_FETCH
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
want=$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')
n=0
for tree in "$T/moved" "$T/copied"; do
	n=$((n + 1))
	mkdir "$T/p$n"
	cd "$T/p$n"
	printf 'beta==1.0\ngamma==1.5\nhello-cli\n' > requirements.txt
	trace_reset
	: > "$T/index.log"
	run "$tree/bin/venvmk" sync
	expect_rc 0
	[ "$(fetches)" -eq 1 ] || fail "$tree: venvmk-fetch ran $(fetches) times, expected 1"
	helper=$(grep -- 'venvmk-fetch' "$T/trace" | cut -d' ' -f1)
	[ "$(cd "$(dirname "$helper")" && pwd -P)" = "$(cd "$tree/libexec/venvmk" && pwd -P)" ] \
		|| fail "$tree/bin/venvmk started $helper, not its own tree's venvmk-fetch"
	for w in alpha-2.0 beta-1.0 gamma-1.5 hello_cli-1.0; do
		[ "$(index_requests "GET /files/$w-py3-none-any.whl 200 venvmk/")" -eq 1 ] \
			|| fail "$tree: venvmk did not fetch $w once"
	done
	expect_installed .venv "$want"
	[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "$tree: the env's console script"
	# an empty cache for the next tree, which must fetch through its own helper too
	rm -rf "$VENVMK_CACHE_DIR"
done
