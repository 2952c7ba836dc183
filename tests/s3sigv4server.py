#!/usr/bin/env python3
"""A strict S3 stand-in for the venvmk tests: GET, HEAD and PUT of objects under one bucket,
on 127.0.0.1 only, each request's AWS Signature Version 4 checked as AWS documents it
(what npm's s3rver, the tests' S3-compatible server, does not check).

Usage: s3sigv4server.py ROOT --port-file FILE --key KEY --secret SECRET [--region R]
           [--token TOKEN] [--log FILE] [--no-list]

  ROOT/BUCKET/KEY      the objects, path style: PUT /BUCKET/KEY stores ROOT/BUCKET/KEY
  --no-list            a missing key answers 403, as S3 answers a caller without s3:ListBucket

Every request must be signed (AWS4-HMAC-SHA256, header form) for KEY in the region R (default
us-east-1) and the service s3, with x-amz-date within 15 minutes, host, x-amz-date and
x-amz-content-sha256 among the signed headers, and, with --token, x-amz-security-token equal
to TOKEN and signed; else 403. The signature is computed again here from the canonical
request: method, URI, query, the signed headers (names lowercased, values trimmed), the list
of them, and the payload's hash as x-amz-content-sha256 gives it; a PUT's body must have that
sha256 (else 400 XAmzContentSHA256Mismatch). A PUT with If-None-Match: * of a key that
exists answers 412 and stores nothing.

--log FILE gets "METHOD PATH STATUS" for each request. Standard library only.
"""

import argparse
import datetime
import hashlib
import hmac
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None


def hmacsha(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def checksig(method, path, headers, body):
    """None when the request's SigV4 signature is right, else why not"""
    auth = headers.get("authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return "unsigned"
    parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    key, date, region, service, term = parts["Credential"].split("/")
    signed = parts["SignedHeaders"].split(";")
    if key != ARGS.key:
        return "unknown key"
    if (region, service, term) != (ARGS.region, "s3", "aws4_request"):
        return "wrong scope %s/%s/%s" % (region, service, term)
    amzdate = headers.get("x-amz-date", "")
    when = datetime.datetime.strptime(amzdate, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    if abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 900 or amzdate[:8] != date:
        return "date"
    for h in ("host", "x-amz-date", "x-amz-content-sha256") + (("x-amz-security-token",) if ARGS.token else ()):
        if h not in signed:
            return "%s not signed" % h
    if ARGS.token and headers.get("x-amz-security-token") != ARGS.token:
        return "wrong token"
    payload = headers["x-amz-content-sha256"]
    if payload != "UNSIGNED-PAYLOAD" and payload != hashlib.sha256(body).hexdigest():
        return "XAmzContentSHA256Mismatch"
    canon = "\n".join([method, path, ""] + ["%s:%s" % (h, " ".join(headers.get(h, "").split())) for h in signed]
                      + ["", ";".join(signed), payload])
    scope = "%s/%s/s3/aws4_request" % (date, region)
    tosign = "\n".join(["AWS4-HMAC-SHA256", amzdate, scope, hashlib.sha256(canon.encode()).hexdigest()])
    k = hmacsha(("AWS4" + ARGS.secret).encode(), date)
    for part in (region, "s3", "aws4_request"):
        k = hmacsha(k, part)
    if not hmac.compare_digest(hmac.new(k, tosign.encode(), hashlib.sha256).hexdigest(), parts["Signature"]):
        return "SignatureDoesNotMatch"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def answer(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if ARGS.log:
            with open(ARGS.log, "a") as f:
                f.write("%s %s %d\n" % (self.command, self.path, code))

    def serve(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            why = checksig(self.command, self.path, headers, body)
        except (KeyError, ValueError) as e:
            why = "malformed: %s" % e
        if why:
            sys.stderr.write("s3sigv4server: %s %s: %s\n" % (self.command, self.path, why))
            return self.answer(400 if why == "XAmzContentSHA256Mismatch" else 403)
        parts = self.path.split("/")
        if len(parts) < 3 or any(p in ("", ".", "..") for p in parts[1:]):
            return self.answer(400)
        path = os.path.join(ARGS.root, *parts[1:])
        if self.command == "PUT":
            if self.headers.get("If-None-Match") == "*" and os.path.exists(path):
                return self.answer(412)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "wb") as f:
                f.write(body)
            os.replace(path + ".tmp", path)
            return self.answer(200)
        if not os.path.isfile(path):
            return self.answer(403 if ARGS.no_list else 404)
        with open(path, "rb") as f:
            self.answer(200, f.read())

    do_GET = do_HEAD = do_PUT = serve


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--token")
    ap.add_argument("--log")
    ap.add_argument("--no-list", action="store_true")
    ARGS = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(ARGS.port_file + ".tmp", ARGS.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
