#!/bin/sh
# The no-op runs on every make: venvmk itself loads no libcurl and no TLS library (only
# venvmk-fetch, started by a sync that downloads, does), and a no-op sync maps nothing
# but what it links.  Where configure made venvmk one static program (the default when
# it links), it has no dynamic loader at all: then it must hold no network code either.
. "$srcdir/tests/lib.sh"
command -v readelf >/dev/null || { echo "SKIP: no readelf"; exit 77; }
netlibs='libcurl|libssl|libcrypto|libgnutls|libnss3|libnghttp2|libssh'
readelf -d "$VENVMK_FETCH" | grep NEEDED | grep -q libcurl \
	|| fail "venvmk-fetch does not link libcurl: the test would prove nothing"
grep -q -a curl_multi_perform "$VENVMK_FETCH" || fail "no curl symbol found in venvmk-fetch: the test would prove nothing"
if readelf -l "$VENVMK" | grep -q INTERP; then
	readelf -d "$VENVMK" | grep NEEDED > "$T/needed" || true
	cat "$T/needed" >&2
	! grep -E "$netlibs" "$T/needed" || fail "venvmk links a network or TLS library"
	static=no
else
	echo "venvmk is one static program" >&2
	static=yes
fi
# no network or TLS code linked in, statically or not
if grep -q -a -E 'curl_multi_perform|curl_easy_init|SSL_CTX_new|gnutls_init' "$VENVMK"; then
	fail "venvmk holds network or TLS code"
fi
printf 'alpha==1.0\n' > requirements.txt
vm -q sync
expect_rc 0
# what the dynamic loader maps for a no-op sync (nothing at all for a static program)
LD_DEBUG=files "$VENVMK" sync 2>"$T/ld" || fail "the no-op sync failed"
if grep -E "file=.*($netlibs)" "$T/ld"; then
	fail "a no-op sync loaded a network or TLS library"
fi
if [ $static = yes ] && [ -s "$T/ld" ]; then
	cat "$T/ld" >&2
	fail "a static venvmk printed loader output: is it really static?"
fi
# the configured link is what configure said (a check that the test itself can fail)
if grep -q '^VENVMK_STATIC_LDFLAGS = -static' "$top_builddir/Makefile"; then
	[ $static = yes ] || fail "configure chose a static venvmk, but it has a dynamic loader"
else
	[ $static = no ] || fail "configure chose a shared link, but venvmk is static"
fi
