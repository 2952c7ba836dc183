#!/bin/sh
# For every interpreter here (pyenv's and Debian's python3.11), the wheel tags venvmk
# computes from its cached interpreter query are packaging's sys_tags(): the same
# list in the same order; its marker environment is packaging's default_environment();
# and wheel names rank as packaging's parse_wheel_filename() and that list say.
# The oracle is the interpreter's own pip._vendor.packaging, and the newest packaging
# on this machine the interpreter can run (set VENVMK_TEST_PACKAGING to a packaging
# source dir to add one); venvmk follows packaging 26.3, and tests/oracle/tagsoracle.py
# brings an older one up to it by the two changes it names.  Then platforms this
# machine lacks (i686, aarch64, armv8l, musl, PyPy, debug, FreeBSD), simulated in
# packaging and given to venvmk as facts; and a cache line of the old format is
# asked again, not misread.
. "$srcdir/tests/lib.sh"

TD=$top_builddir/tests/helpers/tagsdump
O=$srcdir/tests/oracle/tagsoracle.py
test -x "$TD" || { echo "no tagsdump at $TD"; exit 99; }

pys= root=/nonexistent
if command -v pyenv >/dev/null 2>&1; then
	root=$(pyenv root)
	for v in $(pyenv versions --bare); do
		pys="$pys $root/versions/$v/bin/python"
	done
fi
pys="$pys $PY_DEBIAN"
cands=$(ls -d /usr/lib/python3/dist-packages/packaging "$root"/versions/*/lib/python3*/site-packages/pip/_vendor/packaging 2>/dev/null || true)
cands="$cands ${VENVMK_TEST_PACKAGING:-}"

# oracle PY DIR MODE ARGS...: packaging's answers in $T/want.*; 3 when DIR's cannot run here, 4 with no tags
oracle() {
	py=$1 dir=$2
	shift 2
	rm -f "$T"/want.*
	set +e
	"$py" "$O" ${dir:+--packaging "$dir"} "$@" 2> "$T/note"
	st=$?
	set -e
	[ $st -eq 0 ] || [ $st -eq 3 ] || [ $st -eq 4 ] || { cat "$T/note" >&2; fail "$py: the oracle failed"; }
	sed 's/^/  /' "$T/note"
	return $st
}

# same WHAT WANT HAVE: packaging's answer WANT and venvmk's HAVE differ in nothing
same() {
	diff -u "$2" "$3" > "$T/diff" || { head -40 "$T/diff" >&2; fail "$label: $1 differ from packaging's (+ 26.3's changes)"; }
}

compared=0 simpy= simpv=
for py in $pys; do
	[ -x "$py" ] || { echo "skip $py: not there"; continue; }
	"$py" "$O" info $cands > "$T/info" || fail "$py: tagsoracle.py info"
	v=$(sed -n 1p "$T/info") own=$(sed -n 2p "$T/info") ownv=$(sed -n 3p "$T/info")
	newest=$(sed -n 4p "$T/info") newestv=$(sed -n 5p "$T/info")
	label="$py ($v)"
	case $v in 2.*) echo "skip $label: Python 2, which venvmk does not serve"; continue ;; esac
	[ -n "$own" ] || { echo "skip $label: no pip, so no packaging"; continue; }
	xy=$(echo "$v" | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1\2/')

	cache=$T/cache-$compared
	"$TD" -c "$cache" tags "$py" > "$T/have.tags" || fail "$label: tagsdump tags"
	"$TD" -c "$cache" markers "$py" > "$T/have.markers" || fail "$label: tagsdump markers"
	"$TD" -c "$cache" facts "$py" > "$T/facts"
	grep -qx 'queried=0' "$T/facts" || fail "$label: the second run asked Python again"
	[ "$(wc -l < "$T/have.tags")" -gt 100 ] || fail "$label: only $(wc -l < "$T/have.tags") tags"
	head -1 "$T/have.tags" | grep -q "^cp$xy-cp$xy" || fail "$label: the best tag is $(head -1 "$T/have.tags")"

	# wheel names: compressed sets, case, build tags, other platforms and Pythons,
	# names packaging refuses, and every 29th supported tag
	best=$(head -1 "$T/have.tags")
	abi=$(echo "$best" | cut -d- -f2)
	set -- a-1.0-py3-none-any.whl a-1.0-py2.py3-none-any.whl A_b.c-2.0rc1-py2.py3-none-any.whl \
		"a-1.0-$best.whl" "a-1.0-$(echo "$best" | tr a-z A-Z).whl" \
		a-1.0-cp$xy-$abi-manylinux_2_17_x86_64.manylinux2014_x86_64.whl \
		a-1.0-1-cp$xy-abi3-linux_x86_64.whl a-1.0-12x-cp36-abi3-manylinux1_x86_64.whl \
		a-1.0-cp$xy-none-any.whl a-1.0-py30-none-any.whl \
		a-1.0-pp39-pypy39_pp73-manylinux_2_17_x86_64.whl a-1.0-py3-none-macosx_11_0_arm64.whl \
		a-1.0-cp27-cp27mu-manylinux1_x86_64.whl a-1.0-py3-none-musllinux_1_1_x86_64.whl \
		a-1.0-py3-none.whl a-1.0-py3-none-any.zip a__b-1.0-py3-none-any.whl a-1.0-x1-py3-none-any.whl \
		a-1.0-py2.py3-none-any.WHL \
		$(awk 'NR % 29 == 0 { print "w-1.0-" $0 ".whl" }' "$T/have.tags")
	"$TD" -c "$cache" rank "$py" "$@" > "$T/have.rank" || fail "$label: tagsdump rank"
	grep -q '^-1 ' "$T/have.rank" && grep -q '^0 ' "$T/have.rank" || fail "$label: no wheel ranks first or none is refused"

	n=0
	for dir in "" $newest; do
		echo "$label against ${dir:-its own pip}:"
		st=0
		oracle "$py" "$dir" all "$T/want" "$@" || st=$?
		[ $st -ne 3 ] || fail "$label: ${dir:-the packaging of its pip} does not load"
		same "markers" "$T/want.markers" "$T/have.markers"
		[ $st -eq 0 ] || { echo "  the markers: the same; no packaging.tags there"; continue; }
		same "tags" "$T/want.tags" "$T/have.tags"
		same "wheel ranks" "$T/want.rank" "$T/have.rank"
		echo "  $(wc -l < "$T/have.tags") tags, $# wheel names and the markers: the same"
		n=$((n + 1))
	done
	[ $n -gt 0 ] || fail "$label: no packaging with a tags module runs here"
	compared=$((compared + 1))
	# the simulations below run on the newest packaging (24.0 or later) with the newest Python
	pv=${newestv:-$ownv}
	if [ "$(printf '24\n%s\n' "$pv" | sort -V | head -1)" = 24 ] \
	    && [ "$(printf '%s\n%s\n' "${simpv:-0} ${simv:-0}" "$pv $v" | sort -V | tail -1)" = "$pv $v" ]; then
		simpy=$py simpk=${newest:-$own} simpv=$pv simv=$v simxy=$xy
	fi
done
[ $compared -gt 0 ] || { echo "no interpreter to compare"; exit 77; }
echo "$compared interpreters compared"

# sim NAME FACTS...: venvmk's tags from FACTS are packaging's with those facts patched in
sim() {
	label="simulated $1 (Python $simv, packaging $simpv)"
	shift
	"$TD" list version=$simv "$@" > "$T/have.sim" || fail "$label: tagsdump list"
	oracle "$simpy" "$simpk" sim "$T/want" version=$simv "$@" >/dev/null \
		|| { echo "skip $label: that packaging lacks its rules"; return 0; }
	[ -s "$T/have.sim" ] || fail "$label: no tags"
	same "tags" "$T/want.tags" "$T/have.sim"
	echo "$label: $(wc -l < "$T/have.sim") tags, the same"
}
if [ -n "$simpy" ]; then
	cp="implname=cpython nodot=$simxy abiinfo= system=Linux"
	x64="platform=linux-x86_64 bits=64"
	sim "x86_64 glibc 2.36" $cp $x64 glibc=2.36 "elf=2 1 62 0"
	sim "i686 on x86_64" $cp $x64 bits=32 glibc=2.31 "elf=1 1 3 0"
	sim "32-bit, not an i686 ELF" $cp $x64 bits=32 glibc=2.31 "elf=2 1 62 0"
	sim "aarch64 glibc 2.17" $cp platform=linux-aarch64 bits=64 glibc=2.17 "elf=2 1 183 0"
	sim "armv8l, armhf ELF" $cp platform=linux-aarch64 bits=32 glibc=2.28 "elf=1 1 40 83887104"
	sim "armv7l, soft float" $cp platform=linux-armv7l bits=32 glibc=2.28 "elf=1 1 40 83886080"
	sim "ppc64le" $cp platform=linux-ppc64le bits=64 glibc=2.34 "elf=2 1 21 2"
	sim "riscv64" $cp platform=linux-riscv64 bits=64 glibc=2.39 "elf=2 1 243 5"
	sim "musl 1.2" $cp $x64 musl=1.2 "elf=2 1 62 0"
	sim "no libc known" $cp $x64 "elf=2 1 62 0"
	sim "glibc 3.1" $cp $x64 glibc=3.1 "elf=2 1 62 0"
	sim "debug build" implname=cpython nodot=$simxy abiinfo=d system=Linux $x64 glibc=2.36 "elf=2 1 62 0"
	sim "free-threaded" implname=cpython nodot=$simxy abiinfo=t system=Linux $x64 glibc=2.36 "elf=2 1 62 0"
	sim "PyPy" implname=pypy nodot=39 extsuffix=.pypy39-pp73-x86_64-linux-gnu.so system=Linux $x64 glibc=2.35 "elf=2 1 62 0"
	sim "FreeBSD" $cp system=FreeBSD platform=freebsd-14.0-RELEASE-amd64 bits=64
else
	echo "skip the simulated platforms: no packaging 24 or newer runs here"
fi

# platforms whose rules venvmk lacks are refused, not guessed
run "$TD" list implname=cpython version=3.12.1 system=Darwin platform=macosx-11.0-arm64 bits=64
[ "$rc" -ne 0 ] || fail "tags made up for macOS"

# wheel names packaging 26.3 refuses (older packaging took the first two)
for bad in a-1.0-py3..py4-none-any.whl a-1.0-3py-none-any.whl -1.0-py3-none-any.whl a-1.0-py3-none-.whl; do
	run "$TD" parse "$bad"
	[ "$rc" -ne 0 ] || fail "$bad taken for a wheel's name"
done
run "$TD" parse A-1.0-CP311.py3-Abi3-MANYLINUX1_X86_64.whl
expect_rc 0
printf 'cp311-abi3-manylinux1_x86_64\npy3-abi3-manylinux1_x86_64\n' > "$T/want"
same "parsed tags" "$T/want" "$T/out"

# a cache line of an old format (16 fields) is asked again and replaced, not misread
"$TD" -c "$T/old" facts "$PY_DEBIAN" > "$T/facts1"
grep -qx 'queried=1' "$T/facts1" || fail "the first query was not asked"
cut -f1-16 "$T/old" > "$T/old16" && mv "$T/old16" "$T/old"
"$TD" -c "$T/old" facts "$PY_DEBIAN" > "$T/facts2"
grep -qx 'queried=1' "$T/facts2" || fail "an old-format cache line was used"
[ "$(awk -F '\t' '{ print NF }' "$T/old")" -eq 38 ] || fail "the old line was not replaced"
# so is a line of the format before the .pyc magic and the site dirs (36 fields)
cut -f1-36 "$T/old" > "$T/old36" && mv "$T/old36" "$T/old"
"$TD" -c "$T/old" facts "$PY_DEBIAN" > "$T/facts3"
grep -qx 'queried=1' "$T/facts3" || fail "a 36-field cache line was used"
[ "$(awk -F '\t' '{ print NF }' "$T/old")" -eq 38 ] || fail "the 36-field line was not replaced"
"$TD" -c "$T/old" facts "$PY_DEBIAN" > "$T/facts3"
grep -qx 'queried=0' "$T/facts3" || fail "the new line was not used"
sed 1d "$T/facts1" > "$T/want"
sed 1d "$T/facts3" > "$T/facts3b"
same "cached facts" "$T/want" "$T/facts3b"

# a marker value with a tab, a newline, '%' and non-ASCII comes through the query and the cache whole
mkdir "$T/site"
printf 'import platform\nplatform.version = lambda: "a\\tb\\nc%%d \\u00e9"\n' > "$T/site/sitecustomize.py"
PYTHONPATH=$T/site "$TD" -c "$T/odd" markers "$PY_DEBIAN" > /dev/null
PYTHONPATH=$T/site "$TD" -c "$T/odd" markers "$PY_DEBIAN" > "$T/have.markers"
grep -qx 'platform_version=a%09b%0Ac%25d %C3%A9' "$T/have.markers" || fail "platform_version: $(grep platform_version "$T/have.markers")"
py=$PY_DEBIAN label="$PY_DEBIAN with an odd platform.version()"
(PYTHONPATH=$T/site oracle "$PY_DEBIAN" "" all "$T/want") || [ $? -eq 4 ]
same "markers" "$T/want.markers" "$T/have.markers"
