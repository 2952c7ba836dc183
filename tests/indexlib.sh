# tests/indexlib.sh: sourced after tests/lib.sh by the tests that sync through the test
# index server (tests/indexserver.py) on 127.0.0.1.  index_start [ARGS...] serves the
# wheelhouse and points pip at it; index_stop ends it; index_requests [PATTERN] counts the
# logged requests (all, or those whose line matches PATTERN).
INDEX_PID=
index_start() {
	rm -f "$T/port"
	"$PY_DEBIAN" "$srcdir/tests/indexserver.py" "$WHEELS" --port-file "$T/port" --log "$T/index.log" "$@" \
		>"$T/index.out" 2>&1 &
	INDEX_PID=$!
	for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
	[ -s "$T/port" ] || { cat "$T/index.out"; fail "the index server did not start"; }
	PORT=$(cat "$T/port")
	unset PIP_NO_INDEX PIP_FIND_LINKS
	# pip's own cache stays out of it: every resolution goes to the index
	export PIP_NO_CACHE_DIR=1
	# requests lets these override pip's --cert: the tests name their CA through pip's own settings
	unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR || true
	export VENVMK_FETCH_BACKOFF_MS=1
}
index_stop() {
	[ -n "$INDEX_PID" ] && kill "$INDEX_PID" 2>/dev/null && wait "$INDEX_PID" 2>/dev/null || true
	INDEX_PID=
}
trap index_stop EXIT
index_requests() {
	if [ $# -gt 0 ]; then grep -c -- "$1" "$T/index.log" || true; else wc -l < "$T/index.log"; fi
}
index_control() { curl -fsS "http://127.0.0.1:$PORT/_control?$1" >/dev/null || "$PY_DEBIAN" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]).read()" "http://127.0.0.1:$PORT/_control?$1"; }
fetches() { grep -c -- 'venvmk-fetch' "$T/trace" 2>/dev/null || true; }
