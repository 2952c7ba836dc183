#!/bin/sh
# Requirement strings, paths and pip args with shell syntax reach the child as
# single argv entries, never through a shell; values starting with '-' and
# newlines are refused.  A fake interpreter records the argv it is given (through
# the venv backend, whose one pip run it can stand in for).
. "$srcdir/tests/lib.sh"

mkdir -p fake
cat > fake/python <<'PY'
#!/bin/sh
# a stand-in interpreter: answers venvmk's query, makes an env, records pip's argv
case "$1" in
-c)	# implementation, version, real path, base, abiflags, the venv scheme's purelib,
	# platlib, include and scripts, ensurepip's pip and setuptools wheels, the cache tag, lib64
	printf 'CPython\n3.11.0\n%s\n%s\n\n' "$(readlink -f "$0")" "$(readlink -f "$0")"
	printf 'lib/python3.11/site-packages\nlib/python3.11/site-packages\ninclude/python3.11\nbin\n\n\ncpython-311\n1\n'
	# what wheel tags need: implementation name and version, nodot, EXT_SUFFIX, SOABI,
	# ABI traits, platform, bits, glibc, ELF header, musl; then the PEP 508 markers
	printf 'cpython\n3.11.0\n311\n.cpython-311-x86_64-linux-gnu.so\ncpython-311-x86_64-linux-gnu\n'
	printf 'mu\nlinux-x86_64\n64\n2.36\n2 1 62 0\n\n'
	printf 'posix\nlinux\nx86_64\n6.1.0\nLinux\n#1 SMP\n3.11.0\n3.11\n'
	# the .pyc magic and the site dirs (none)
	printf 'a70d0d0a\n\n'
	exit 0 ;;
esac
if [ "$1 $2" = "-m venv" ]; then
	for d; do :; done
	mkdir -p "$d/bin" "$d/lib/python3.11/site-packages"
	: > "$d/pyvenv.cfg"
	cp "$0" "$d/bin/python"
	exit 0
fi
for a; do printf '%s\0' "$a"; done > "$(dirname "$0")/../../argv"
PY
chmod +x fake/python

weird='foo; rm -rf ~ $(touch pwned) `touch pwned2` "q" '"'s'"
vm sync --backend venv --python "$PWD/fake/python" --package "$weird" --package 'bar>=1 ; python_version>"3"' \
	--pip-arg '--find-links=$HOME/x y' -r 'req file;$(x).txt'
expect_rc 2
expect_err 'venvmk: .venv: req file;$(x).txt: No such file or directory'
printf 'delta\n' > 'req file;$(x).txt'

vm sync --backend venv --python "$PWD/fake/python" --package "$weird" --package 'bar>=1 ; python_version>"3"' \
	--pip-arg '--find-links=$HOME/x y' -r 'req file;$(x).txt'
expect_rc 0
[ ! -e pwned ] && [ ! -e pwned2 ] && [ ! -e "$HOME/pwned" ] || fail "a shell ran"
tr '\0' '\n' < argv > "$T/argv"
cat > "$T/want" <<WANT
-m
pip
install
--disable-pip-version-check
--no-input
--find-links=\$HOME/x y
-r
req file;\$(x).txt
$weird
bar>=1 ; python_version>"3"
WANT
diff -u "$T/want" "$T/argv" || fail "pip's argv differs"

vm sync --backend venv --python "$PWD/fake/python" --package '--index-url=http://evil'
expect_rc 2
expect_err "venvmk: .venv: package '--index-url=http://evil': must not start with '-' (pip would read an option)"
vm sync --backend venv --python "$PWD/fake/python" --package 'two
lines'
expect_rc 2
expect_err 'holds a newline'
