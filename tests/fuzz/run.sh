#!/bin/sh
# Build the libFuzzer targets (fuzz_NAME.c, of the shape fuzz.h describes) with clang and
# run each for SECONDS (default 30).
# A long run: tests/fuzz/run.sh 3600.  Crashes land in tests/fuzz/out/; turn each
# into a regression test (tests/unit or a scenario) before fixing it.  Leaks are
# not checked: venvmk is a short-lived process that leaves freeing to exit.
set -eu
secs=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-$top/tests/fuzz/out}
mkdir -p "$out"
# the library's sources: not the two programs' own (venvmk-fetch links libcurl)
src=$(find "$top"/src -name "*.c" ! -path "*/fetch/*" ! -name main.c)
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
libs=$(pkg-config --cflags --libs libconfuse nettle minizip zlib jansson)
# the library compiled once (two at a time), each target then links it
obj="$out/obj"
rm -rf "$obj"
mkdir -p "$obj"
export top obj
echo "$src" | tr ' ' '\n' | grep . | xargs -P 2 -I{} sh -c 'f={}; o="$obj/$(echo "${f#$top/src/}" | tr / _).o";
	clang -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	-I"$top/src" -I"$top" $(pkg-config --cflags libconfuse nettle minizip zlib jansson) -c -o "$o" "$f"' || exit 1
objs=$(ls "$obj"/*.o)
# every target there is: fuzz_NAME.c, seeded from seeds/NAME/ (and the cases below)
targets=$(cd "$here" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
for t in $targets; do
	clang $flags -I"$top/src" -I"$top" -o "$out/fuzz_$t" "$here/fuzz_$t.c" $objs $libs
	corpus="$out/corpus_$t"
	mkdir -p "$corpus"
	case $t in
	reqfile) cp "$top"/tests/reqcorpus/*.txt "$corpus"/ 2>/dev/null || true ;;
	conf) find "$top/examples" "$top/tests/fuzz/seeds" -name 'venv.conf*' -exec cp {} "$corpus"/ \; 2>/dev/null || true ;;
	wheel)	# the test wheelhouse (after make check) and Debian's real wheels
		for w in "$top"/tests/wheelhouse/alpha-1.0-*.whl "$top"/tests/wheelhouse/hello_cli-*.whl \
		    "$top"/_build/tests/wheelhouse/hello_cli-*.whl /usr/share/python-wheels/wheel-*.whl; do
			[ -f "$w" ] && cp "$w" "$corpus"/
		done ;;
	report) cp "$top"/tests/fuzz/seeds/report*.json "$corpus"/ ;;
	pyproject) cp "$top"/tests/fuzz/seeds/pyproject/* "$top"/tests/fixtures/localproj/pyproject.toml "$corpus"/ ;;
	lockpins) cp "$here"/seeds/lockpins/* "$here"/seeds/lockwrite/* "$here"/seeds/pylock/* "$here"/seeds/pipfilelock/* "$here"/seeds/uvlock/* "$corpus"/ ;;
	*) [ ! -d "$here/seeds/$t" ] || cp "$here/seeds/$t"/* "$corpus"/ ;;
	esac
	(cd "$out" && ASAN_OPTIONS=detect_leaks=0 "./fuzz_$t" -max_total_time="$secs" -max_len=65536 -detect_leaks=0 -artifact_prefix="$out/crash_$t-" \
		"$corpus" >/dev/null 2>"$out/fuzz_$t.log") || { tail -30 "$out/fuzz_$t.log"; exit 1; }
	grep -a -o -E '#[0-9]+[[:space:]]+DONE.*' "$out/fuzz_$t.log" | tail -1 | sed "s/^/fuzz_$t: /"
done
