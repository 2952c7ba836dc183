"""Case 13 (issue 28): a cache the whole team shares.  nginx (Debian's package, dav_methods PUT)
serves a remote cache on 127.0.0.1; the test index serves the wheelhouse with 50 ms per request;
pip's cache is off.  Two sets, each a group of its own: 31 wheels (benchpkg01..30 and hello-cli),
and case 11's real stack (a Sphinx documentation set, 28 distributions, unpinned):

    a   machine A's first sync through the index, pushing (--remote-cache-write): its cache a copy
        of a template that knows the interpreter and pip's seed, the remote emptied before each run
    b   machine B's first sync from the remote (VENVMK_REMOTE_CACHE): its cache a copy of the same
        template; no pip, no index request
    w   a warm local recreate (env removed, cache kept): what B is compared with
    d   `python3 -m venv env && env/bin/pip install -r requirements.txt` through the index

Rows run in this order, each all its runs before the next (hyperfine), so that the remote is full
when B's runs start.  nginx logs "METHOD URI STATUS BYTES" per request, and each row's prepare
writes a marker line there and into the index's log: the requests and bytes of every run are
counted per row."""

import os
import shutil

import stackwheels
import socket
import subprocess
import time

from common import BenchError, fmt_ratio, fmt_time, log
from cases import index

KEY = "remote"
TITLE = "13. a cache the whole team shares: machine B's first sync from a remote cache (issue 28)"

D = "python3 -m venv + pip install -r (index)"
A = "venvmk, machine A's first sync, pushing (index)"
B = "venvmk, machine B's first sync from the remote cache"
W = "venvmk, recreate of a seen fingerprint (local cache)"
DELAY = 50


def npkgs(bench):
    return bench.size["pkgs"] + 1


def start_nginx(bench):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        raise BenchError("case 13 needs nginx (the Debian package)")
    d = bench.p("nginx")
    for sub in ("logs", "tmp", "root/cache"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    logf = os.path.join(d, "access.log")
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write("daemon off;\nmaster_process off;\nworker_processes 1;\npid %(d)s/nginx.pid;\n"
                "error_log %(d)s/logs/error.log;\nevents { worker_connections 256; }\nhttp {\n"
                "  log_format venvmk '$request_method $uri $status $body_bytes_sent';\n"
                "  access_log %(log)s venvmk;\n  client_body_temp_path %(d)s/tmp;\n  proxy_temp_path %(d)s/tmp;\n"
                "  fastcgi_temp_path %(d)s/tmp;\n  uwsgi_temp_path %(d)s/tmp;\n  scgi_temp_path %(d)s/tmp;\n"
                "  client_max_body_size 0;\n  server {\n    listen 127.0.0.1:%(port)d;\n    root %(d)s/root;\n"
                "    location /cache/ { dav_methods PUT; create_full_put_path on; }\n  }\n}\n"
                % dict(d=d, log=logf, port=port))
    open(logf, "a").close()
    proc = subprocess.Popen([nginx, "-c", conf, "-p", d, "-e", os.path.join(d, "logs/error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            break
        except OSError:
            if proc.poll() is not None:
                raise BenchError("nginx exited")
            time.sleep(0.05)
    log("  nginx on 127.0.0.1:%d (the remote cache)" % port)
    return dict(proc=proc, url="http://127.0.0.1:%d/cache" % port, log=logf, root=os.path.join(d, "root/cache"))


# the groups: key, directory, title of the set
SETS = (("13", "c13", None), ("13s", "c13s", "the real stack of case 11b"))


def setup(bench):
    reqs = "".join("benchpkg%02d==1.0\n" % i for i in range(1, bench.size["pkgs"] + 1)) + "hello-cli==1.0\n"
    bench.write("c13/requirements.txt", reqs)
    bench.write("c13s/requirements.txt", "".join(r + "\n" for r in stackwheels.STACK_REQS))
    for d in ("c13", "c13s"):
        bench.write(d + "/venv_pip.sh", "set -e\npython3 -m venv env\nenv/bin/pip install -r requirements.txt\n")
    # prep13.sh ILOG RLOG ROW [--template TEMPLATE CACHE] [PATH...]: marker lines in both logs, CACHE a
    # copy of TEMPLATE, then the removals (after 50 ms: the servers log once the body is sent)
    bench.write("prep13.sh", "sleep 0.05\nilog=$1 rlog=$2 row=$3\nshift 3\necho \"MARK $row\" >>\"$ilog\"\n"
                "echo \"MARK $row\" >>\"$rlog\"\n"
                "if [ \"$1\" = --template ]; then\n\trm -rf \"$3\" && cp -a \"$2\" \"$3\" || exit 1\n\tshift 3\nfi\n"
                "rm -rf \"$@\"\n")
    bench.index13 = index.start_server(bench, bench.wh, "13", DELAY)
    stackwheels.write_stack(bench.p("wheels-stack13"))
    bench.index13s = index.start_server(bench, bench.p("wheels-stack13"), "13s", DELAY)
    bench.nginx13 = start_nginx(bench)
    # a seed cache per group, made in the group's dir: the interpreter's facts are kept per
    # directory when python3 is a pyenv shim (which .python-version applies depends on it)
    return [bench.task("the case %s seed cache" % key, [bench.venvmk, "-q", "--cache-dir=" + bench.p("cache-%sseed" % key),
                                                        "--dir", "seedenv", "--no-requirements", "sync"], d, bench.env)
            for key, d, _ in SETS]


def close(bench):
    index.stop_servers({k: getattr(bench, k) for k in ("index13", "index13s") if getattr(bench, k, None)})
    n = getattr(bench, "nginx13", None)
    if n and n["proc"].poll() is None:
        n["proc"].terminate()
        n["proc"].wait()


def rows(bench, key):
    vm = bench.venvmk
    ilog, rlog = getattr(bench, "index" + key)["log"], bench.nginx13["log"]
    prep = lambda rid, *paths: ["sh", bench.p("prep13.sh"), ilog, rlog, rid] + list(paths)
    seed = bench.p("cache-%sseed" % key)
    ca, cb, cw = (bench.p("cache-%s%s" % (key, x)) for x in "abw")
    rm = ("env", "env.venvmk")
    sync = ["--dir", "env", "-r", "requirements.txt", "sync"]
    url = bench.nginx13["url"]
    return [
        dict(name=D, id="d", cmd=["sh", "venv_pip.sh"], prepare=prep("d", *rm), kind="other", pip_runs=1),
        dict(name=A, id="a", cmd=[vm, "--cache-dir=" + ca, "--remote-cache=" + url, "--remote-cache-write"] + sync,
             prepare=prep("a", "--template", seed, ca, *(rm + (bench.nginx13["root"],))), base=D, kind="venvmk"),
        dict(name=B, id="b", cmd=[vm, "--cache-dir=" + cb, "--remote-cache=" + url] + sync,
             prepare=prep("b", "--template", seed, cb, *rm), base=D, also=[W, A], kind="venvmk"),
        dict(name=W, id="w", cmd=[vm, "--cache-dir=" + cw, "--remote-cache=" + url] + sync,
             prepare=prep("w", *rm), kind="venvmk", ref=True),
    ]


def count(bench, key, rs):
    ilogs, rlogs = index.segments(getattr(bench, "index" + key)["log"]), index.segments(bench.nginx13["log"])
    traces = index.segments(bench.tracefile(key))
    for r in rs:
        il, rl, ts = ilogs.get(r["id"], []), rlogs.get(r["id"], []), traces.get(r["id"], [])
        n = len(rl) or 1
        r["counted_runs"] = len(rl)
        r["requests"] = sum(len(s) for s in il) / n
        r["requests_cell"] = "%g" % r["requests"]
        r["remote_requests"] = sum(len(s) for s in rl) / n
        r["remote_gets"] = sum(1 for s in rl for l in s if l.startswith("GET /cache/cas/")) / n
        r["remote_puts"] = sum(1 for s in rl for l in s if l.startswith("PUT ")) / n
        r["remote_bytes"] = sum(int(l.split()[3]) for s in rl for l in s if l.startswith("GET ")) / n
        if r["kind"] == "venvmk":
            r["pip_runs"] = sum(1 for s in ts for l in s if " -m pip install" in l or " -m pip download" in l) / (
                len(ts) or 1)


def run(bench):
    for key, d, _ in SETS:
        run1(bench, key, d)


def run1(bench, key, d):
    srv = getattr(bench, "index" + key)
    env = index.index_env(bench, srv["url"])
    cdir = bench.p(d)
    rs = rows(bench, key)
    byid = {r["id"]: r for r in rs}
    # the warm row's cache sees the fingerprint once (through the index)
    bench.traced(byid["w"], cdir, env)
    for f in (srv["log"], bench.nginx13["log"]):
        with open(f, "a") as fh:
            fh.write("MARK setup\n")
    # prep13.sh marks the trace too: VENVMK_TRACE is the group's trace file
    for r in rs:
        r["prepare"] = ["sh", "-c", 'echo "MARK %s" >>"$VENVMK_TRACE" && "$@"' % r["id"], "sh"] + r["prepare"]
    stack = key == "13s"
    g = bench.hyperfine(key, "%s: a remote cache on 127.0.0.1, the index at %d ms per request" % (
        "the real stack" if stack else "%d wheels" % npkgs(bench), DELAY), rs, cdir, bench.size["index"],
        env=env, trace=True, flush=True)
    count(bench, key, rs)
    b = byid["b"]
    want = 28 if stack else npkgs(bench)     # the stack: its 28 distributions (stackwheels.STACK_PICKS' set)
    bench.premise(b["pip_runs"] == 0 and b["requests"] == 0 and b["remote_puts"] == 0
                  and b["remote_gets"] == want,
                  "case %s: machine B started %g pips, made %g index requests and %g PUTs, and GET %g blobs per run "
                  "(expected 0, 0, 0 and %d)" % (key, b["pip_runs"], b["requests"], b["remote_puts"], b["remote_gets"],
                                                 want))
    if stack:
        from cases import resolve
        resolve.stack_ok(bench, os.path.join(cdir, "env"), "case 13s (recreate)")
    else:
        bench.has_pkgs(os.path.join(cdir, "env"), "case 13 (recreate)", n=bench.size["pkgs"], names=["hello_cli"])


def targets(bench, judge):
    out = []
    for key, _, what in SETS:
        g = bench.group(key)
        if not g:
            continue
        b, w, d = (bench.row(key, x) for x in (B, W, D))
        n = "%d wheels" % npkgs(bench) if not what else what
        out.append(("28. Machine B's first sync of %s from a remote cache: at most 0.1× `python -m venv && pip "
                    "install -r`, at most 4× a warm local recreate" % n,
                    "%s: %s vs venv + pip %s, %s vs the warm recreate %s; %g blobs, %.0f KiB from the remote per "
                    "sync" % (fmt_time(b["median"]), fmt_ratio(b["median"] / d["median"]), fmt_time(d["median"]),
                              fmt_ratio(b["median"] / w["median"]), fmt_time(w["median"]), b["remote_gets"],
                              b["remote_bytes"] / 1024),
                    judge(b["median"] <= 0.1 * d["median"] and b["median"] <= 4 * w["median"])))
    return out


def report(bench, w):
    if not bench.group("13"):
        return
    w("## 13. A cache the whole team shares (issue 28)\n")
    w("nginx (`dav_methods PUT`) serves a remote cache on 127.0.0.1; the test index serves the wheelhouse at "
      "%d ms per request, pip's cache off. Machine A (`--remote-cache=URL --remote-cache-write`, its cache a fresh "
      "copy of a template that knows the interpreter and pip's seed, the remote emptied) resolves through the index "
      "and pushes; machine B (`--remote-cache=URL`, a fresh copy of the same template) takes the record and the "
      "wheels from the remote: no pip, no index request. The warm recreate removes the env and keeps its cache.\n"
      % DELAY)
    for key, _, what in SETS:
        g = bench.group(key)
        if not g:
            continue
        w("### 13%s. %s\n" % ("a" if not what else "b", "`requirements.txt` pins %d wheels" % npkgs(bench) if not what
                              else "Case 11b's real stack: `requirements.txt` names " + ", ".join(
                                  "`%s`" % r for r in stackwheels.STACK_REQS) + " (unpinned)"))
        w(bench.table(g, cols=("median", "range", "ratio", "pipsrun", "requests")))
        b = bench.row(key, B)
        w("Per run, machine B made %g requests to the remote (%g blobs GET, %.0f KiB) and none to the index; "
          "machine A %g to the remote (%g PUTs).\n" % (
              b["remote_requests"], b["remote_gets"], b["remote_bytes"] / 1024,
              bench.row(key, A)["remote_requests"], bench.row(key, A)["remote_puts"]))
