# tests/fetchlib.sh: sourced after tests/lib.sh by the tests that download from an index.
# Starts tests/indexserver.py on the wheelhouse (stopped when the test exits) and writes
# the request lines venvmk-fetch reads.
FETCH=${VENVMK_FETCH:-$top_builddir/src/venvmk-fetch}
test -x "$FETCH" || { echo "no venvmk-fetch at $FETCH"; exit 99; }
# retries back off by a millisecond, not pip's quarter second
export VENVMK_FETCH_BACKOFF_MS=1
# the machine's proxy and netrc settings are not the test's
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY NETRC || true
export HOME="$T/home"
mkdir -p "$HOME"
INDEX_PIDS=
# the server and helpers start faster without pyenv's shim in front of the interpreter
SPY=$PY
[ ! -x "$PY_DEBIAN" ] || SPY=$PY_DEBIAN

index_stop_all() {
	for p in $INDEX_PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $INDEX_PIDS; do wait "$p" 2>/dev/null || true; done
	INDEX_PIDS=
}
trap index_stop_all EXIT

# index_start LOG [OPTION...]: serve the wheelhouse, logging requests to LOG; sets PORT and SERVER_PID
index_start() {
	log=$1
	shift
	rm -f "$log.port"
	"$SPY" "$srcdir/tests/indexserver.py" "$WHEELS" --port-file "$log.port" --log "$log" "$@" \
		2>"$log.stderr" &
	SERVER_PID=$!
	INDEX_PIDS="$INDEX_PIDS $SERVER_PID"
	i=0
	while [ ! -s "$log.port" ]; do
		kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log.stderr" >&2; fail "the index server did not start"; }
		i=$((i + 1))
		[ $i -lt 400 ] || fail "the index server did not start in 20 s"
		sleep 0.05
	done
	PORT=$(cat "$log.port")
	: >>"$log"
}

# index_stop PID: stop one server and wait for it
index_stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# index_control URL: a GET to the server's /_control or /_stats (any certificate), body on stdout
index_control() {
	"$SPY" - "$1" <<'PY'
import ssl, sys, urllib.request
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                     urllib.request.HTTPSHandler(context=ctx))
sys.stdout.write(opener.open(sys.argv[1]).read().decode())
PY
}

# get_lines BASE DESTDIR WHEEL...: the requests for these wheels of the wheelhouse, from BASE/files/
get_lines() {
	base=$1 dest=$2
	shift 2
	(cd "$WHEELS" && sha256sum -- "$@" >"$T/.sums" && stat -c %s -- "$@" >"$T/.sizes")
	paste -d ' ' "$T/.sums" "$T/.sizes" | while read -r h f s; do
		printf 'get\t%s/files/%s\t%s\t%s\t%s\t%s\n' "$base" "$f" "$h" "$s" "$dest/$f" "$f"
	done
}

# log_count LOG TEXT: how many requests of LOG have TEXT in their line (METHOD TARGET STATUS)
log_count() { grep -cF -- "$2" "$1" || true; }

expect_no_temp_files() {
	[ -z "$(find "$@" -name '.fetch-*' 2>/dev/null)" ] || fail "temporary files left: $(find "$@" -name '.fetch-*')"
}
