#!/bin/sh
# make install puts venvmk, venv.mk, the aclocal macro, a noarch venvmk.pc and the
# man pages where the GNU layout says; pkg-config finds venv.mk through the .pc. The
# shell completions go where each shell looks (bash-completion's completions dir, as
# "venvmk"; zsh's site-functions; fish's vendor_completions.d), and each shell finds them
# there; make uninstall removes them.
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

# the shell completions, where configure put each (bash: bash-completion's dir when it
# lies within the prefix, else $(datadir)/bash-completion/completions)
makevar() {
	printf 'venvmk-print-var:\n\t@echo $(%s)\n' "$1" | make -s -C "$top_builddir" -f Makefile -f - venvmk-print-var
}
bashdir=$(makevar bashcompletiondir)
zshdir=$(makevar zshcompletiondir)
fishdir=$(makevar fishcompletiondir)
case $bashdir in
"$prefix"/share/bash-completion/completions) ;;
*) grep -q -- '--with-bash-completion-dir\|BASH_COMPLETIONSDIR' "$top_builddir/config.log" ||
	fail "the bash completion dir is $bashdir" ;;
esac
[ "$zshdir" = "$prefix/share/zsh/site-functions" ] || fail "the zsh completion dir is $zshdir"
[ "$fishdir" = "$prefix/share/fish/vendor_completions.d" ] || fail "the fish completion dir is $fishdir"
for f in "$bashdir/venvmk" "$zshdir/_venvmk" "$fishdir/venvmk.fish"; do
	[ -f "$dest$f" ] || fail "not installed: $f"
done
bash --norc --noprofile -c '. "$1"; complete -p venvmk' sh "$dest$bashdir/venvmk" | grep -q _venvmk ||
	fail "bash: the installed completion does not register"
if command -v zsh >/dev/null; then
	[ "$(zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- $_comps[venvmk]' sh "$dest$zshdir")" = _venvmk ] ||
		fail "zsh: compinit does not find _venvmk in the installed site-functions"
fi
if command -v fish >/dev/null; then
	XDG_DATA_DIRS="$dest$prefix/share" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" \
		PATH="$dest$prefix/bin:$PATH" fish -c 'complete -C "venvmk sy"' | grep -q '^sync' ||
		fail "fish: the installed completion is not found through XDG_DATA_DIRS"
fi
run make -C "$top_builddir" uninstall DESTDIR="$dest"
expect_rc 0
for f in "$bashdir/venvmk" "$zshdir/_venvmk" "$fishdir/venvmk.fish"; do
	[ ! -e "$dest$f" ] || fail "make uninstall left $f"
done
