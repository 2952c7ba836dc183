#!/bin/sh
# make install puts venvmk, venv.mk, the aclocal macro, a noarch venvmk.pc and the
# man pages where the GNU layout says; pkg-config finds venv.mk through the .pc.
. "$srcdir/tests/lib.sh"

dest=$T/dest
prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
run make -C "$top_builddir" install DESTDIR="$dest"
expect_rc 0
for f in bin/venvmk share/venvmk/venv.mk share/aclocal/venvmk.m4 share/pkgconfig/venvmk.pc \
	share/man/man1/venvmk.1 share/man/man5/venv.mk.5 share/man/man5/venv.conf.5; do
	[ -e "$dest$prefix/$f" ] || fail "not installed: $f"
done
"$dest$prefix/bin/venvmk" --version | grep -q '^venvmk ' || fail "the installed venvmk does not run"
if command -v pkg-config >/dev/null; then
	run env PKG_CONFIG_PATH="$dest$prefix/share/pkgconfig" pkg-config --variable=venv_mk venvmk
	expect_rc 0
	# the .pc file names its prefix relative to itself: the venv.mk under DESTDIR
	[ "$(cat "$T/out")" -ef "$dest$prefix/share/venvmk/venv.mk" ] || fail "pkg-config names $(cat "$T/out")"
fi
