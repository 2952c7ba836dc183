# tests/indexlib.sh: sourced after tests/lib.sh by the tests that download from the test
# index server (tests/indexserver.py) on 127.0.0.1: through a sync of venvmk, or by
# writing the request lines venvmk-fetch reads and running it ($FETCH) alone.  Servers
# still running when the test exits are stopped.
#
#   index_start [--log LOG] [OPTION...]  serve the wheelhouse with the server's OPTIONs,
#                        logging requests to LOG ($T/index.log); sets PORT, INDEX_PID and
#                        INDEX_LOG, and takes the wheelhouse from pip (PIP_FIND_LINKS), so
#                        the PIP_INDEX_URL a test names is pip's one source.  Several may run.
#   index_stop [PID]     stop that server (the last one started) and wait for it
#   index_requests [PATTERN [LOG]]  how many requests of LOG (INDEX_LOG) match PATTERN
#                        (all of them without one); a line is "METHOD TARGET STATUS AGENT"
#   index_control QUERY  arm faults of the last server: /_control?QUERY (fail=N&cut=N...)
#   index_get PATH       the body of PATH (/_stats) of the last server, on stdout
#   fetches              how many times venvmk started venvmk-fetch (from $T/trace)
#   get_lines BASE DESTDIR WHEEL...  venvmk-fetch's requests for these wheels from BASE/files/
#   expect_no_temp_files DIR...      no partial download (.fetch-*) left under DIR
FETCH=${VENVMK_FETCH:-$top_builddir/src/venvmk-fetch}
test -x "$FETCH" || { echo "no venvmk-fetch at $FETCH"; exit 99; }
# retries back off by a millisecond, not pip's quarter second
export VENVMK_FETCH_BACKOFF_MS=1
# the machine's proxy and netrc settings are not the test's
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY NETRC || true
export HOME="$T/home"
mkdir -p "$HOME"
# the server and helpers start faster without pyenv's shim in front of the interpreter
SPY=$PY
[ ! -x "$PY_DEBIAN" ] || SPY=$PY_DEBIAN
INDEX_PID= INDEX_PIDS= INDEX_LOG=$T/index.log INDEX_SCHEME=http

index_start() {
	INDEX_LOG=$T/index.log
	if [ "${1-}" = --log ]; then
		INDEX_LOG=$2
		shift 2
	fi
	INDEX_SCHEME=http
	for _a in "$@"; do [ "$_a" != --tls ] || INDEX_SCHEME=https; done
	rm -f "$INDEX_LOG.port"
	"$SPY" "$srcdir/tests/indexserver.py" "$WHEELS" --port-file "$INDEX_LOG.port" --log "$INDEX_LOG" "$@" \
		>"$INDEX_LOG.out" 2>&1 &
	INDEX_PID=$!
	INDEX_PIDS="$INDEX_PIDS $INDEX_PID"
	_i=0
	while [ ! -s "$INDEX_LOG.port" ]; do
		kill -0 "$INDEX_PID" 2>/dev/null || { cat "$INDEX_LOG.out" >&2; fail "the index server did not start"; }
		_i=$((_i + 1))
		[ $_i -lt 400 ] || fail "the index server did not start in 20 s"
		sleep 0.05
	done
	PORT=$(cat "$INDEX_LOG.port")
	: >>"$INDEX_LOG"
	unset PIP_NO_INDEX PIP_FIND_LINKS
	# pip's own cache stays out of it: every resolution goes to the index
	export PIP_NO_CACHE_DIR=1
	# requests lets these override pip's --cert: the tests name their CA through pip's own settings
	unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR || true
}

index_stop() {
	_p=${1:-$INDEX_PID}
	[ -z "$_p" ] || { kill "$_p" 2>/dev/null || true; wait "$_p" 2>/dev/null || true; }
	[ "$_p" != "$INDEX_PID" ] || INDEX_PID=
}

index_stop_all() {
	for _p in $INDEX_PIDS; do kill "$_p" 2>/dev/null || true; done
	for _p in $INDEX_PIDS; do wait "$_p" 2>/dev/null || true; done
	INDEX_PIDS= INDEX_PID=
}
trap index_stop_all EXIT

index_requests() {
	grep -c -- "${1-}" "${2:-$INDEX_LOG}" || true
}

# any certificate, and no proxy: the server is the test's own
index_get() {
	"$SPY" - "$INDEX_SCHEME://127.0.0.1:$PORT$1" <<'PY'
import ssl, sys, urllib.request
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                     urllib.request.HTTPSHandler(context=ctx))
sys.stdout.write(opener.open(sys.argv[1]).read().decode())
PY
}

index_control() { index_get "/_control?$1" >/dev/null; }

fetches() { grep -c -- 'venvmk-fetch' "$T/trace" 2>/dev/null || true; }

get_lines() {
	base=$1 dest=$2
	shift 2
	(cd "$WHEELS" && sha256sum -- "$@" >"$T/.sums" && stat -c %s -- "$@" >"$T/.sizes")
	paste -d ' ' "$T/.sums" "$T/.sizes" | while read -r h f s; do
		printf 'get\t%s/files/%s\t%s\t%s\t%s\t%s\n' "$base" "$f" "$h" "$s" "$dest/$f" "$f"
	done
}

expect_no_temp_files() {
	[ -z "$(find "$@" -name '.fetch-*' 2>/dev/null)" ] || fail "temporary files left: $(find "$@" -name '.fetch-*')"
}
