#!/bin/sh
# tests/mkcert.sh DIR: a throwaway test CA (DIR/ca.pem) and a server certificate for
# 127.0.0.1 and localhost signed by it (DIR/server.pem, DIR/server.key), made with openssl.
# Also a client certificate with its key in one PEM file (DIR/client.pem), as pip's
# --client-cert takes it.  Nothing but the tests trusts them.
set -eu
mkdir -p "$1"
cd "$1"
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj "/CN=venvmk test CA" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
for who in server client; do
	openssl req $ec -keyout $who.key -out $who.csr -subj "/CN=venvmk test $who" 2>/dev/null
	if [ $who = server ]; then
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >$who.ext
	else
		printf 'extendedKeyUsage=clientAuth\n' >$who.ext
	fi
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >>$who.ext
	openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
		-extfile $who.ext -out $who.crt 2>/dev/null
done
cp server.crt server.pem
cat client.crt client.key > client.pem
