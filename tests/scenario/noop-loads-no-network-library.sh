#!/bin/sh
# The no-op runs on every make: venvmk itself loads no libcurl and no TLS library (only
# venvmk-fetch, started by a sync that downloads, does), and a no-op sync maps nothing
# but what it links.
. "$srcdir/tests/lib.sh"
command -v ldd >/dev/null || { echo "SKIP: no ldd"; exit 77; }
ldd "$VENVMK" > "$T/ldd"
cat "$T/ldd" >&2
if grep -E 'libcurl|libssl|libcrypto|libgnutls|libnss3|libnghttp2|libssh' "$T/ldd"; then
	fail "venvmk links a network or TLS library"
fi
ldd "$VENVMK_FETCH" | grep -q libcurl || fail "venvmk-fetch does not link libcurl: the test would prove nothing"
printf 'alpha==1.0\n' > requirements.txt
vm -q sync
expect_rc 0
# what the dynamic loader maps for a no-op sync
LD_DEBUG=files "$VENVMK" sync 2>"$T/ld" || fail "the no-op sync failed"
if grep -E 'file=.*(libcurl|libssl|libcrypto|libgnutls)' "$T/ld"; then
	fail "a no-op sync loaded a network or TLS library"
fi
