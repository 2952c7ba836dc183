# tests/remotelib.sh: sourced after tests/lib.sh (and tests/indexlib.sh) by the tests of the
# remote cache: nginx (Debian's package) serves a Bazel-layout HTTP cache on 127.0.0.1, as an
# ordinary process with its config, root and logs in $T/remote, and is stopped by its PID.
#
#   remote_start [EXTRA]  start nginx with the directives EXTRA in its location (e.g. "limit_except
#                         GET HEAD { deny all; }" for a cache that refuses writing); sets
#                         REMOTE_PORT, REMOTE_URL (http://127.0.0.1:PORT/cache), REMOTE_ROOT
#                         (its files: REMOTE_ROOT/cache/ac, REMOTE_ROOT/cache/cas) and REMOTE_LOG
#   remote_stop           stop it and wait for it
#   remote_requests [PATTERN]  how many requests of the access log match PATTERN (all without one);
#                         a line is "METHOD URI STATUS"
#   remote_blobs_intact   every blob under cas/ has the sha256 its name says
#   s3_start              start s3rver (npm's s3rver, an S3-compatible server; the test is skipped,
#                         77, without it) on 127.0.0.1 with its files in $T/s3 and the bucket
#                         venvmk-cache; sets S3_PORT, S3_ROOT (the bucket's files), S3_LOG, and
#                         exports AWS_ENDPOINT_URL and the key s3rver knows (AWS_ACCESS_KEY_ID=S3RVER)
#   s3_stop               stop it and wait for it
#   s3v4_start ARG...     start tests/s3sigv4server.py (a strict S3 stand-in that checks each
#                         request's SigV4 signature, which s3rver does not) with ARGs (--key,
#                         --secret, ...), its objects in $T/s3v4; sets S3V4_PORT and S3V4_LOG
#                         ("METHOD PATH STATUS"); s3v4_stop stops it
#   remote_project        requirements.txt of 4 wheels with a console script, in the working dir
#   remote_machine ARG... a sync with ARGs as a new machine (an empty cache, $T/cache-N, N in
#                         REMOTE_MACHINE; no env yet): it must succeed with the 4 wheels and the script
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
REMOTE_PID= REMOTE_DIR=$T/remote REMOTE_ROOT=$T/remote/root REMOTE_LOG=$T/remote/access.log
S3RVER=${S3RVER:-$(command -v s3rver || true)}
S3_PID= S3_DIR=$T/s3 S3_ROOT=$T/s3/data/venvmk-cache S3_LOG=$T/s3/s3rver.log
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_REGION AWS_DEFAULT_REGION AWS_ACCESS_KEY_ID \
	AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE || true

# remote_wait PORT PID NAME LOG...: wait until 127.0.0.1:PORT accepts, as long as the process
# PID lives (NAME names it; its LOGs are shown when it dies)
remote_wait() {
	_port=$1 _pid=$2 _name=$3
	shift 3
	_i=0
	until "$SPY" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
		"$_port" 2>/dev/null; do
		kill -0 "$_pid" 2>/dev/null || { cat "$@" >&2; fail "$_name did not start"; }
		_i=$((_i + 1))
		[ $_i -lt 400 ] || fail "$_name did not start in 20 s"
		sleep 0.05
	done
}

remote_start() {
	test -x "$NGINX" || { echo "no nginx (the Debian package nginx: see .ci/run)"; exit 99; }
	mkdir -p "$REMOTE_DIR/logs" "$REMOTE_DIR/tmp" "$REMOTE_ROOT/cache"
	: >>"$REMOTE_LOG"
	REMOTE_PORT=$($SPY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >"$REMOTE_DIR/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $REMOTE_DIR/nginx.pid;
error_log $REMOTE_DIR/logs/error.log;
events { worker_connections 256; }
http {
	log_format venvmk '\$request_method \$uri \$status';
	access_log $REMOTE_LOG venvmk;
	client_body_temp_path $REMOTE_DIR/tmp;
	proxy_temp_path $REMOTE_DIR/tmp;
	fastcgi_temp_path $REMOTE_DIR/tmp;
	uwsgi_temp_path $REMOTE_DIR/tmp;
	scgi_temp_path $REMOTE_DIR/tmp;
	client_max_body_size 0;
	server {
		listen 127.0.0.1:$REMOTE_PORT;
		root $REMOTE_ROOT;
		location /cache/ {
			dav_methods PUT;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
			${1-}
		}
	}
}
EOF
	"$NGINX" -c "$REMOTE_DIR/nginx.conf" -p "$REMOTE_DIR" -e "$REMOTE_DIR/logs/error.log" \
		>"$REMOTE_DIR/nginx.out" 2>&1 &
	REMOTE_PID=$!
	REMOTE_URL=http://127.0.0.1:$REMOTE_PORT/cache
	remote_wait "$REMOTE_PORT" "$REMOTE_PID" nginx "$REMOTE_DIR/nginx.out" "$REMOTE_DIR/logs/error.log"
}

s3_start() {
	[ -n "$S3RVER" ] && [ -x "$S3RVER" ] || { echo "SKIP: no s3rver (npm install -g s3rver@3.7.1: see .ci/run)"; exit 77; }
	mkdir -p "$S3_DIR/data"
	S3_PORT=$($SPY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$S3RVER" -d "$S3_DIR/data" -a 127.0.0.1 -p "$S3_PORT" --configure-bucket venvmk-cache \
		>>"$S3_LOG" 2>&1 &
	S3_PID=$!
	remote_wait "$S3_PORT" "$S3_PID" s3rver "$S3_LOG"
	export AWS_ENDPOINT_URL=http://127.0.0.1:$S3_PORT AWS_ACCESS_KEY_ID=S3RVER
}

S3V4_PID= S3V4_LOG=$T/s3v4.log
s3v4_start() {
	mkdir -p "$T/s3v4"
	rm -f "$T/s3v4.port"
	"$SPY" "$srcdir/tests/s3sigv4server.py" "$T/s3v4" --port-file "$T/s3v4.port" --log "$S3V4_LOG" "$@" \
		2>>"$T/s3v4.err" &
	S3V4_PID=$!
	_i=0
	until [ -s "$T/s3v4.port" ]; do
		kill -0 "$S3V4_PID" 2>/dev/null || { cat "$T/s3v4.err" >&2; fail "s3sigv4server did not start"; }
		_i=$((_i + 1))
		[ $_i -lt 400 ] || fail "s3sigv4server did not start in 20 s"
		sleep 0.05
	done
	S3V4_PORT=$(cat "$T/s3v4.port")
}

s3v4_stop() {
	[ -z "$S3V4_PID" ] || { kill "$S3V4_PID" 2>/dev/null || true; wait "$S3V4_PID" 2>/dev/null || true; }
	S3V4_PID=
}

s3_stop() {
	[ -z "$S3_PID" ] || { kill "$S3_PID" 2>/dev/null || true; wait "$S3_PID" 2>/dev/null || true; }
	S3_PID=
}

remote_stop() {
	[ -z "$REMOTE_PID" ] || { kill "$REMOTE_PID" 2>/dev/null || true; wait "$REMOTE_PID" 2>/dev/null || true; }
	REMOTE_PID=
}

# stop nginx, and the index servers indexlib.sh started, when the test ends
remote_exit() {
	remote_stop
	s3_stop
	s3v4_stop
	if command -v index_stop_all >/dev/null 2>&1; then index_stop_all; fi
}
trap remote_exit EXIT

remote_requests() {
	grep -c -- "${1-}" "$REMOTE_LOG" || true
}

REMOTE_MACHINE=0
remote_project() {
	printf 'beta==1.0\ngamma==1.5\nhello-cli\n' > requirements.txt
}

remote_machine() {
	REMOTE_MACHINE=$((REMOTE_MACHINE + 1))
	rm -rf .venv
	trace_reset
	VENVMK_CACHE_DIR=$T/cache-$REMOTE_MACHINE vm "$@" sync
	expect_rc 0
	expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"
	[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"
}

remote_blobs_intact() {
	for _b in "$REMOTE_ROOT"/cache/cas/*; do
		[ -f "$_b" ] || continue
		[ "$(sha256sum <"$_b" | cut -d' ' -f1)" = "$(basename "$_b")" ] || fail "blob $(basename "$_b") is damaged on the server"
	done
}
