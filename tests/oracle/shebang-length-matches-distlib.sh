#!/bin/sh
# A native env's console launcher starts with a plain #! line, or with distlib's /bin/sh
# form when the #! line would pass 127 bytes or the interpreter's path has a space, as pip
# chooses. Checked byte for byte against pip's distlib at every interpreter path length
# from 112 to 140 bytes, at 124 and 125 bytes spelled with a two-byte character, and with
# a space; at 124 and 125 bytes also against what pip install itself writes. Both forms run.
. "$srcdir/tests/lib.sh"

pipwhl=$(ls /usr/share/python-wheels/pip-*.whl 2>/dev/null | tail -1)
[ -n "$pipwhl" ] || { echo "no pip wheel in /usr/share/python-wheels"; exit 77; }
B=$(mktemp -d /tmp/vm.XXXXXX)
trap 'chmod -R u+w "$B" 2>/dev/null; rm -rf "$B"' EXIT
trap 'exit 1' INT TERM HUP
py=$(basename "$PY_DEBIAN")
whl=$WHEELS/hello_cli-1.0-py3-none-any.whl
# hashed and pinned: venvmk installs it with no pip, so each env takes milliseconds
printf 'hello-cli==1.0 --hash=sha256:%s\n' "$(sha256sum "$whl" | cut -d' ' -f1)" > requirements.txt

# envpath PARENT LEN [CHAR]: a dir under PARENT whose bin/$py is LEN bytes long, its
# name x's after one CHAR
envpath() {
	n=$(($2 - $(printf '%s/%s/bin/%s' "$1" "${3-}" "$py" | wc -c)))
	printf '%s/%s%s\n' "$1" "${3-}" "$(printf "%${n}s" '' | tr ' ' x)"
}
: > "$T/dirs"
for len in $(seq 112 140); do
	envpath "$B/n" "$len" >> "$T/dirs"
done
envpath "$B/u" 124 é >> "$T/dirs"
envpath "$B/u" 125 é >> "$T/dirs"
echo "$B/a b/N" >> "$T/dirs"

while IFS= read -r d; do
	vm -q --no-conf --python "$PY_DEBIAN" --no-pip -r requirements.txt --dir "$d" sync
	expect_rc 0
	echo "$d/bin/$py"
done < "$T/dirs" > "$T/exes"
PYTHONPATH=$pipwhl "$PY_DEBIAN" "$srcdir/tests/oracle/shebangoracle.py" "$T/pip" < "$T/exes" || fail "shebangoracle.py"

i=0 plain=0 sh=0
while IFS= read -r exe; do
	i=$((i + 1))
	d=${exe%/bin/*}
	len=$(printf %s "$exe" | wc -c)
	# distlib's _build_shebang on Linux: '#!' + exe + '\n' of at most 127 bytes, no space
	case $exe in
	*' '*) want='#!/bin/sh' ;;
	*) if [ $((len + 3)) -le 127 ]; then want="#!$exe"; else want='#!/bin/sh'; fi ;;
	esac
	[ "$want" = '#!/bin/sh' ] && sh=$((sh + 1)) || plain=$((plain + 1))
	[ "$(head -1 "$d/bin/hello")" = "$want" ] || fail "$len bytes ($exe): '$(head -1 "$d/bin/hello")', expected '$want'"
	diff -u "$T/pip/$i/hello" "$d/bin/hello" || fail "$len bytes ($exe): the launcher differs from pip's"
done < "$T/exes"
[ $plain -gt 0 ] && [ $sh -gt 0 ] || fail "not both forms: $plain plain, $sh /bin/sh"

# pip install itself, into a venv whose interpreter's path has the same length
for len in 124 125; do
	p=$(envpath "$B/p" $len)
	n=$(envpath "$B/n" $len)
	"$PY_DEBIAN" -m venv --without-pip "$p"
	run "$p/bin/$py" "$pipwhl/pip" install -q --no-deps --no-compile hello-cli==1.0
	expect_rc 0
	sed "s|$p/|$n/|" "$p/bin/hello" > "$T/pip.hello"
	diff -u "$T/pip.hello" "$n/bin/hello" || fail "$len bytes: the launcher differs from pip install's"
	[ "$("$n/bin/hello")" = "Hello from a venvmk environment!" ] || fail "$len bytes: the launcher does not run"
done
[ "$("$B/a b/N/bin/hello")" = "Hello from a venvmk environment!" ] || fail "with a space: the launcher does not run"
