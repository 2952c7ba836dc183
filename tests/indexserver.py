#!/usr/bin/env python3
"""A package index for the venvmk tests: serves a wheelhouse on 127.0.0.1 only.

Usage: indexserver.py WHEELHOUSE --port-file FILE [--port N] [--log FILE]
           [--auth USER:PASS] [--proxy-auth USER:PASS] [--tls CERT KEY [--client-ca CA]]
           [--delay-ms N] [--fail N] [--cut N] [--flip FILENAME]... [--control FILE]
           [--html-only] [--max-age N] [--no-validators] [--no-metadata] [--no-ranges] [--no-hashes]

  /simple/             PEP 503 project list (PEP 691 JSON when the Accept header asks for
                       application/vnd.pypi.simple.v1+json)
  /simple/NAME/        links to /files/FILE#sha256=..., with data-requires-python and the
                       PEP 658/714 data-dist-info-metadata and data-core-metadata attributes
  /files/FILE          a file of the wheelhouse; /files/FILE.metadata its METADATA
  JSON project pages give each file's PEP 700 size and upload-time (the file's mtime, in
  UTC: a test sets it with touch -d); HTML pages have neither.
  --html-only: project pages are HTML whatever the Accept header asks.
  --no-metadata: no PEP 658 metadata files (pages name none, /files/FILE.metadata is 404).
  --no-hashes: project pages give no file's sha256 (a plain file server's listing).
  A file answers "Range: bytes=START-END" or "bytes=-N" (one range) with 206 and its
  Content-Range (416 when out of the file); --no-ranges ignores Range and sends it whole.
  /_stats counts the bytes of file bodies sent ("file_bytes").
  Project pages carry an ETag (a hash of the page) and a Last-Modified (the newest of its
  files' mtimes), and are answered 304 Not Modified when If-None-Match names that ETag (or,
  without If-None-Match, If-Modified-Since is not older); --no-validators leaves both out.
  --max-age N: project pages also say "Cache-Control: max-age=N" (none by default).
  /_control?fail=N&cut=N&delay-ms=N&flip=FILE&unflip=FILE
                       arm faults while running; /_stats gives counters as JSON.  Neither
                       needs auth, is delayed or faulted, or appears in the log.

The port (0 picks a free one) is written to --port-file once the server listens, and
--log FILE gets "METHOD TARGET STATUS AGENT" for each request (AGENT: the first word of
the User-Agent, "pip/23.2.1" or "venvmk/0.1.0").  HTTP/1.1 with keep-alive, a
thread per connection.

Faults: --delay-ms waits before every response; --fail answers the next N requests with
500; --cut sends the next N file bodies only half-way, with the full Content-Length, then
closes the connection; --flip serves that file (FILE.metadata: its metadata) with one byte flipped.  --control FILE:
lines "fail=N" (and the like) put in FILE are applied, and the file removed, before the
next request.

--auth asks for basic auth on every request; --client-ca asks TLS clients for a certificate
signed by CA.  A request in absolute form (GET http://host/path) is served as a proxy would,
so the same server stands in for an HTTP proxy (--proxy-auth: it asks for
Proxy-Authorization).

Standard library only; runs on Python 3.8 and newer.
"""

import argparse
import base64
import datetime
import email.parser
import email.utils
import hashlib
import html
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPES = ("text/html", "application/vnd.pypi.simple.v1+html")
EXTENSIONS = (".whl", ".tar.gz", ".zip")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


class Faults:
    """What the next requests suffer; changed from any thread."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.fail = args.fail
        self.cut = args.cut
        self.delay_ms = args.delay_ms
        self.flip = set(args.flip)
        self.requests = 0
        self.connections = 0
        self.file_bytes = 0

    def apply(self, pairs):
        with self.lock:
            for key, value in pairs:
                if key == "fail":
                    self.fail = int(value)
                elif key == "cut":
                    self.cut = int(value)
                elif key in ("delay-ms", "delay_ms", "delay"):
                    self.delay_ms = int(value)
                elif key == "flip":
                    self.flip.add(value)
                elif key == "unflip":
                    self.flip.discard(value)
                else:
                    raise ValueError("unknown control %r" % key)

    def take(self, name):
        """Use up one of fault NAME if armed; True when it applies."""
        with self.lock:
            left = getattr(self, name)
            if left > 0:
                setattr(self, name, left - 1)
                return True
            return False

    def stats(self):
        with self.lock:
            return {"requests": self.requests, "connections": self.connections,
                    "fail": self.fail, "cut": self.cut, "delay_ms": self.delay_ms,
                    "flip": sorted(self.flip), "file_bytes": self.file_bytes}


class Wheelhouse:
    """The files of a directory with their hashes and metadata, cached by stat."""

    def __init__(self, root):
        self.root = root
        self.lock = threading.Lock()
        self.cache = {}

    def info(self, filename):
        path = os.path.join(self.root, filename)
        st = os.stat(path)
        key = (filename, st.st_mtime_ns, st.st_size)
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        with open(path, "rb") as f:
            data = f.read()
        meta = None
        requires = None
        if filename.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist()
                         if re.match(r"^[^/]+\.dist-info/METADATA$", n)]
                if names:
                    meta = z.read(names[0])
            if meta is not None:
                parsed = email.parser.BytesHeaderParser().parsebytes(meta)
                requires = parsed.get("Requires-Python")
        when = (datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
                + datetime.timedelta(microseconds=st.st_mtime_ns // 1000))
        info = {
            "filename": filename,
            "upload_time": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "metadata": meta,
            "metadata_sha256": hashlib.sha256(meta).hexdigest() if meta is not None else None,
            "requires_python": str(requires) if requires else None,
        }
        with self.lock:
            self.cache[key] = info
        return info

    def files(self):
        out = []
        for fn in sorted(os.listdir(self.root)):
            if fn.endswith(EXTENSIONS) and not fn.startswith("."):
                if fn.endswith(".whl"):
                    name, version = fn.split("-")[:2]
                else:
                    stem = fn[:-len(".tar.gz")] if fn.endswith(".tar.gz") else fn[:-4]
                    name, _, version = stem.rpartition("-")
                out.append((normalize(name), version, fn))
        return out

    def projects(self):
        return sorted({name for name, _, _ in self.files()})

    def project(self, name):
        return [(version, fn) for n, version, fn in self.files() if n == name]


def choose_type(accept):
    """The best of what we serve for an Accept header: exact beats wildcard, then q."""
    offered = ["text/html", "application/vnd.pypi.simple.v1+html", JSON_TYPE]
    best, best_score = "text/html", (0.0, -1)
    if not accept:
        return best
    for i, kind in enumerate(offered):
        for part in accept.split(","):
            fields = [f.strip() for f in part.split(";")]
            mt, q = fields[0].lower(), 1.0
            for p in fields[1:]:
                if p.startswith("q="):
                    try:
                        q = float(p[2:])
                    except ValueError:
                        q = 0.0
            if mt == kind:
                spec = 2
            elif mt == kind.split("/")[0] + "/*":
                spec = 1
            elif mt == "*/*":
                spec = 0
            else:
                continue
            if q > 0 and (q, spec) > best_score:
                best, best_score = kind, (q, spec)
    return best


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "venvmk-indexserver"
    sys_version = ""
    # headers and body go out in two writes: without this each response waits 40 ms for an ACK
    disable_nagle_algorithm = True

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()
        with self.server.faults.lock:
            self.server.faults.connections += 1

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.respond(head=False)

    def do_HEAD(self):
        self.respond(head=True)

    def logline(self, status):
        srv = self.server
        if srv.logfile:
            with srv.loglock:
                with open(srv.logfile, "a") as f:
                    agent = (self.headers.get("User-Agent") or "-").split()[0]
                    f.write("%s %s %d %s\n" % (self.command, self.path, status, agent))

    def send(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=(), head=False):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.logline(status)

    def respond(self, head):
        srv = self.server
        target = self.path
        if target.startswith(("http://", "https://")):
            if srv.proxy_auth and self.headers.get("Proxy-Authorization") != srv.proxy_auth:
                return self.send(407, b"proxy authentication required\n",
                                 headers=[("Proxy-Authenticate", 'Basic realm="proxy"')])
            parts = urllib.parse.urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        path, _, query = target.partition("?")
        if path in ("/_control", "/_stats"):
            return self.control(path, query)
        self.read_control_file()
        with srv.faults.lock:
            srv.faults.requests += 1
            delay = srv.faults.delay_ms
        if delay:
            time.sleep(delay / 1000.0)
        if srv.faults.take("fail"):
            return self.send(500, b"armed failure\n", head=head)
        if srv.auth and self.headers.get("Authorization") != srv.auth:
            return self.send(401, b"authentication required\n", head=head,
                             headers=[("WWW-Authenticate", 'Basic realm="index"')])
        path = urllib.parse.unquote(path)
        if path in ("/", "/simple"):
            return self.send(301, headers=[("Location", "/simple/")], head=head)
        if path == "/simple/":
            return self.index(head)
        m = re.match(r"^/simple/([^/]+)(/?)$", path)
        if m:
            name = normalize(m.group(1))
            if name != m.group(1) or not m.group(2):
                return self.send(301, headers=[("Location", "/simple/%s/" % name)], head=head)
            return self.project(name, head)
        m = re.match(r"^/files/([^/]+)$", path)
        if m:
            return self.file(m.group(1), head)
        return self.send(404, b"not found\n", head=head)

    def control(self, path, query):
        try:
            if path == "/_control":
                self.server.faults.apply(urllib.parse.parse_qsl(query))
        except ValueError as e:
            body = ("%s\n" % e).encode()
            self.send_response(400)
        else:
            body = (json.dumps(self.server.faults.stats()) + "\n").encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_control_file(self):
        path = self.server.control_file
        if not path:
            return
        with self.server.loglock:
            try:
                with open(path) as f:
                    text = f.read()
                os.unlink(path)
            except FileNotFoundError:
                return
        pairs = [line.strip().split("=", 1) for line in text.splitlines() if "=" in line]
        self.server.faults.apply(pairs)

    def index(self, head):
        projects = self.server.wheelhouse.projects()
        if choose_type(self.headers.get("Accept")) == JSON_TYPE and not self.server.html_only:
            doc = {"meta": {"api-version": "1.1"}, "projects": [{"name": p} for p in projects]}
            return self.send(200, json.dumps(doc).encode(), JSON_TYPE, head=head)
        body = ['<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" '
                'content="1.1"><title>Simple index</title></head><body>']
        body += ['<a href="%s/">%s</a><br>' % (p, p) for p in projects]
        body.append("</body></html>\n")
        self.send(200, "\n".join(body).encode(), "text/html; charset=utf-8", head=head)

    def project(self, name, head):
        wh = self.server.wheelhouse
        files = wh.project(name)
        if not files:
            return self.send(404, b"no such project\n", head=head)
        infos = [wh.info(fn) for _, fn in files]
        if choose_type(self.headers.get("Accept")) == JSON_TYPE and not self.server.html_only:
            entries = []
            for i in infos:
                e = {"filename": i["filename"], "url": "../../files/" + i["filename"],
                     "hashes": {} if self.server.no_hashes else {"sha256": i["sha256"]}, "size": i["size"],
                     "upload-time": i["upload_time"]}
                if i["requires_python"]:
                    e["requires-python"] = i["requires_python"]
                if i["metadata_sha256"] and not self.server.no_metadata:
                    e["core-metadata"] = {"sha256": i["metadata_sha256"]}
                    e["dist-info-metadata"] = {"sha256": i["metadata_sha256"]}
                entries.append(e)
            doc = {"meta": {"api-version": "1.1"}, "name": name,
                   "versions": sorted({v for v, _ in files}), "files": entries}
            return self.page(json.dumps(doc).encode(), JSON_TYPE, files, head)
        body = ['<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" '
                'content="1.1"><title>Links for %s</title></head><body>' % name,
                "<h1>Links for %s</h1>" % name]
        for i in infos:
            attrs = ""
            if i["requires_python"]:
                attrs += ' data-requires-python="%s"' % html.escape(i["requires_python"])
            if i["metadata_sha256"] and not self.server.no_metadata:
                attrs += (' data-dist-info-metadata="sha256=%s" data-core-metadata="sha256=%s"'
                          % (i["metadata_sha256"], i["metadata_sha256"]))
            frag = "" if self.server.no_hashes else "#sha256=" + i["sha256"]
            body.append('<a href="../../files/%s%s"%s>%s</a><br>'
                        % (urllib.parse.quote(i["filename"]), frag, attrs,
                           html.escape(i["filename"])))
        body.append("</body></html>\n")
        self.page("\n".join(body).encode(), "text/html; charset=utf-8", files, head)

    def page(self, body, ctype, files, head):
        """A project page: 200 with its validators, or 304 when the client's are current."""
        srv = self.server
        headers = []
        if srv.max_age is not None:
            headers.append(("Cache-Control", "max-age=%d" % srv.max_age))
        if srv.no_validators:
            return self.send(200, body, ctype, headers=headers, head=head)
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
        mtime = max(os.stat(os.path.join(srv.wheelhouse.root, fn)).st_mtime for _, fn in files)
        headers += [("ETag", etag), ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            fresh = "*" in tags or etag in tags or "W/" + etag in tags
        else:
            try:
                fresh = ims is not None and int(mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                fresh = False
        if not fresh:
            return self.send(200, body, ctype, headers=headers, head=head)
        self.send_response(304)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.logline(304)

    def file(self, filename, head):
        wh = self.server.wheelhouse
        metadata = filename.endswith(".metadata")
        base = filename[:-len(".metadata")] if metadata else filename
        if base.startswith(".") or not base.endswith(EXTENSIONS) or \
                not os.path.isfile(os.path.join(wh.root, base)):
            return self.send(404, b"no such file\n", head=head)
        if metadata:
            info = wh.info(base)
            if info["metadata"] is None or self.server.no_metadata:
                return self.send(404, b"no metadata\n", head=head)
            data = info["metadata"]
            with self.server.faults.lock:
                if filename in self.server.faults.flip:
                    data = data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:]
            return self.send(200, data, "application/octet-stream", head=head)
        with open(os.path.join(wh.root, base), "rb") as f:
            data = f.read()
        with self.server.faults.lock:
            flip = base in self.server.faults.flip
        if flip and data:
            data = bytearray(data)
            data[len(data) // 2] ^= 0xFF
            data = bytes(data)
        rng = self.headers.get("Range")
        if rng and not self.server.no_ranges and not head:
            return self.ranged(rng, data)
        if head or not self.server.faults.take("cut"):
            self.count(data, head)
            return self.send(200, data, "application/octet-stream", head=head)
        # a body cut short: the whole length announced, half of it sent, then the end
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:len(data) // 2])
        self.count(data[:len(data) // 2], False)
        self.wfile.flush()
        self.logline(200)
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


    def count(self, body, head):
        if not head:
            with self.server.faults.lock:
                self.server.faults.file_bytes += len(body)

    def ranged(self, rng, data):
        """One range of a file: 206 with its Content-Range, 416 when out of it."""
        m = re.match(r"^bytes=(\d*)-(\d*)$", rng.strip())
        if not m or not (m.group(1) or m.group(2)):
            self.count(data, False)
            return self.send(200, data, "application/octet-stream")
        size = len(data)
        if not m.group(1):
            start, end = max(0, size - int(m.group(2))), size - 1
        else:
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        if start >= size or end < start or (not m.group(1) and int(m.group(2)) == 0):
            return self.send(416, b"range not satisfiable\n",
                             headers=[("Content-Range", "bytes */%d" % size)])
        body = data[start:end + 1]
        self.count(body, False)
        return self.send(206, body, "application/octet-stream",
                         headers=[("Content-Range", "bytes %d-%d/%d" % (start, end, size))])


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's backlog of 5 drops the SYNs of a burst of connections: 1 s stalls
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # clients that hang up, refuse our certificate or get cut are part of the tests
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, socket.timeout)):
            super().handle_error(request, client_address)


def basic(userpass):
    return "Basic " + base64.b64encode(userpass.encode()).decode() if userpass else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wheelhouse")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--auth")
    ap.add_argument("--proxy-auth")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--client-ca")
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--fail", type=int, default=0)
    ap.add_argument("--cut", type=int, default=0)
    ap.add_argument("--flip", action="append", default=[])
    ap.add_argument("--log")
    ap.add_argument("--control")
    ap.add_argument("--html-only", action="store_true", help="never answer with PEP 691 JSON")
    ap.add_argument("--max-age", type=int, help="project pages say Cache-Control: max-age=N")
    ap.add_argument("--no-validators", action="store_true", help="no ETag or Last-Modified, never 304")
    ap.add_argument("--no-metadata", action="store_true", help="no PEP 658 metadata files")
    ap.add_argument("--no-ranges", action="store_true", help="ignore Range: files always whole")
    ap.add_argument("--no-hashes", action="store_true", help="no file's sha256 on the project pages")
    args = ap.parse_args()

    srv = Server(("127.0.0.1", args.port), Handler)
    srv.wheelhouse = Wheelhouse(os.path.abspath(args.wheelhouse))
    srv.faults = Faults(args)
    srv.auth = basic(args.auth)
    srv.proxy_auth = basic(args.proxy_auth)
    srv.logfile = args.log
    srv.control_file = args.control
    srv.html_only = args.html_only
    srv.max_age = args.max_age
    srv.no_validators = args.no_validators
    srv.no_metadata = args.no_metadata
    srv.no_ranges = args.no_ranges
    srv.no_hashes = args.no_hashes
    srv.loglock = threading.Lock()
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        ctx.set_alpn_protocols(["http/1.1"])
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)
        # the handshake happens in the request's thread, not in the accepting one
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                     do_handshake_on_connect=False)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
