#!/bin/sh
# src/base/url.c splits, strips and redacts a URL's userinfo exactly as the pip installed here
# (split_auth_netloc_from_url, remove_auth_from_url, redact_auth_from_url), over thousands
# of URLs: every combination of schemes, userinfos, hosts and tails, and random strings.
. "$srcdir/tests/lib.sh"

tool=$top_builddir/tests/helpers/urltool
"$PY" -c 'import pip._internal.utils.misc' 2>/dev/null || { echo "no pip in $PY"; exit 77; }
"$PY" - "$tool" <<'PY'
import itertools, random, subprocess, sys
from pip._internal.utils.misc import (redact_auth_from_url, remove_auth_from_url,
                                      split_auth_netloc_from_url)

schemes = ["https://", "http://", "HTTP://", "git+https://", "file://", "foo://", "1x://", "//",
           "", "http:", "mailto:"]
users = ["", "@", "user@", "user:pass@", "user:@", ":pass@", "us%40er:p%40ss@", "u:p:q@",
         "a@b:c@d@", "%zz:%@", "user%3Aname:pw@", "\u00fc:\u00f6@", "%C3%BC:x@", "%ff:x@",
         "%E2%82:x@", "us er:pa ss@", "user+x:y@", "~_.-:z@", "tok%2Fen@", "%00:x@"]
hosts = ["host", "host:8080", "[::1]:443", "127.0.0.1", ""]
tails = ["", "/", "/simple/", "/a?b=c", "/p#frag", "?q", "#f", "/p?", "/p#", "/p?a@b#c@d",
         "/x@y:z", "\t/tab"]
urls = [" " + s + u + h + t for s, u, h, t in [("https://", "u:p@", "h", "/")]]
urls += ["".join(c) for c in itertools.product(schemes, users, hosts, tails)]
rng = random.Random(11)
alphabet = "ab:@/?#%[]2F4 0xA\u00e9\t+.-"
urls += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
urls += ["http://" + u for u in urls[-1000:]]

expected = []
kept = []
for u in urls:
    try:
        stripped, _, (user, password) = split_auth_netloc_from_url(u)
        expected.append((redact_auth_from_url(u), remove_auth_from_url(u), user, password))
        kept.append(u)
    except ValueError:
        pass  # pip refuses it (a bad IPv6 bracket): nothing to compare with
out = subprocess.run([sys.argv[1]], input="".join(u + "\n" for u in kept).encode(),
                     stdout=subprocess.PIPE, check=True).stdout.decode()
lines = out.split("\n")[:-1]
assert len(lines) == len(kept), (len(lines), len(kept))

def field(f):
    return None if f == "-" else bytes.fromhex(f).decode("utf-8", "replace")

bad = 0
for u, line, (r, s, user, password) in zip(kept, lines, expected):
    got = line.split("\t")
    want = [r, s, user, password]
    have = [got[0], got[1], field(got[2]), field(got[3])]
    if "%00" in u:
        want, have = want[:2], have[:2]  # a C string ends at the NUL
    if want != have:
        bad += 1
        if bad <= 20:
            print("FAIL: %r: pip %r, url.c %r" % (u, want, have))
print("%d URLs compared with pip, %d differ" % (len(kept), bad))
sys.exit(1 if bad else 0)
PY
