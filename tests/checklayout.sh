#!/bin/sh
# tests/checklayout.sh [SRCDIR]: check venvmk's sources against the layer map SRCDIR/LAYERS.
# SRCDIR defaults to "$srcdir/src" (make check's srcdir is the top source dir), else to the
# src/ next to this script's tests/.
#
# Fails (exit 1), printing "src/FILE:LINE: message" for each, on:
#  a. an #include "folder/name.h" of a folder the table does not allow the including file's
#     folder (its own is always allowed), an include naming no file in SRCDIR, an include
#     not spelled from SRCDIR ("name.h" for a header of its own folder, "../x.h"), a project
#     header included as <...>;
#  b. a circle between folders in the include graph as it is (each one found, with the
#     includes that make it);
#  c. in the folders the table's "pure:" line names: an include of base/spawn.h or of a
#     system header for processes, files or the network (<curl/...>, <dirent.h>, <fcntl.h>,
#     <sys/socket.h>...), or a call of such a function (readfile, fopen, open, spawnrun,
#     socket, curl_..., stat...), comments and string literals aside;
#  d. a folder in SRCDIR, or a .c/.h file in one, that the table does not name; a table
#     line naming a folder not in SRCDIR, or one the table does not define.
# Prints "layout: N files, N includes, ok" and exits 0 when all is well; exit 2 on misuse.
if [ $# -eq 0 ]; then
	if [ -n "${srcdir-}" ]; then
		set -- "$srcdir/src"
	else
		set -- "$(dirname "$0")/../src"
	fi
fi
exec "${PYTHON3:-python3}" - "$@" <<'PYTHON'
import os
import re
import sys
from collections import deque

if len(sys.argv) != 2:
    sys.stderr.write("usage: checklayout.sh [SRCDIR]\n")
    sys.exit(2)
SRC = sys.argv[1]
if not os.path.isdir(SRC):
    sys.stderr.write("checklayout: %s: not a directory\n" % SRC)
    sys.exit(2)
LABEL = "src"   # how paths are shown: src/cache/cache.c, whatever SRCDIR is

FACE = "face"   # the table's name for the files directly in SRCDIR
ALWAYS = {"config.h"}   # the autoconf header: always allowed, in no folder

# The pure rule. Project headers that start processes:
IMPURE_HEADERS = {"base/spawn.h"}
# System headers whose use is processes, files or the network (exact, or a folder of them):
IMPURE_SYSTEM = {
    "spawn.h", "sys/wait.h", "dlfcn.h",
    "dirent.h", "fcntl.h", "ftw.h", "fts.h", "glob.h", "sys/file.h", "sys/mman.h",
    "sys/ioctl.h", "sys/sendfile.h", "sys/inotify.h", "sys/fanotify.h", "sys/xattr.h",
    "sys/statfs.h", "sys/statvfs.h", "sys/mount.h", "unzip.h", "zip.h",
    "sys/socket.h", "sys/un.h", "netdb.h", "ifaddrs.h", "poll.h", "sys/poll.h",
    "sys/select.h", "sys/epoll.h",
}
IMPURE_SYSTEM_DIRS = ("curl/", "netinet/", "arpa/", "net/", "linux/", "minizip/", "openssl/",
                      "gnutls/")
# Functions that start a process, touch the file system or the network. Names only: a
# call is the name as an identifier of its own (not "tomlopen", not ".open" or "->open")
# followed by "(". base/util.h's and base/hash.h's file helpers are among them.
IMPURE_CALLS = """
    fork vfork clone execl execle execlp execv execve execvp execvpe execveat fexecve
    system popen pclose posix_spawn posix_spawnp waitpid wait wait3 wait4 waitid dlopen
    readfile writefile writefileatomic fsyncdir mkdirs removetree hashfd
    open openat openat2 creat fopen fdopen freopen tmpfile tmpnam mkstemp mkstemps
    mkostemp mkostemps mkdtemp opendir fdopendir readdir scandir nftw ftw fts_open glob
    stat lstat fstat fstatat statx statfs statvfs access faccessat realpath readlink
    readlinkat unlink unlinkat rename renameat renameat2 remove mkdir mkdirat rmdir link
    linkat symlink symlinkat chmod fchmod fchmodat chown lchown fchown fchownat truncate
    ftruncate utime utimes utimensat futimens mmap chdir fchdir mknod mkfifo flock fsync
    fdatasync sync syncfs sendfile copy_file_range ioctl
    json_load_file json_loadf json_loadfd json_dump_file json_dumpf json_dumpfd cfg_parse
    socket socketpair connect bind listen accept accept4 getaddrinfo getnameinfo
    gethostbyname gethostbyname2 gethostbyaddr send sendto sendmsg recv recvfrom recvmsg
    setsockopt getsockopt
""".split()
IMPURE_CALL_PREFIXES = ("spawn", "curl_", "unzOpen", "zipOpen")

out = []        # (path, line, message)
def report(path, line, msg):
    out.append((path, line, msg))

def show(rel):
    return LABEL + "/" + rel if rel else LABEL

# ---- the table ----------------------------------------------------------------------
table_path = os.path.join(SRC, "LAYERS")
allowed = {}    # folder name -> set of folder names it may include
order = []      # folder names, top to bottom
tline = {}      # folder name -> its line in LAYERS
pure = set()
pure_line = 0
try:
    with open(table_path, encoding="utf-8") as f:
        tlines = f.read().split("\n")
except OSError as e:
    sys.stdout.write("%s/LAYERS: cannot read the layer map: %s\n" % (LABEL, e.strerror))
    sys.exit(1)
NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
for n, raw in enumerate(tlines, 1):
    s = raw.split("#", 1)[0].strip()
    if not s:
        continue
    m = re.match(r"^([^:\s]+)\s*:(.*)$", s)
    if not m or not NAME.match(m.group(1)) or not all(NAME.match(w) for w in m.group(2).split()):
        report("LAYERS", n, "not \"folder: folders...\" nor \"pure: folders...\"")
        continue
    name, rest = m.group(1), m.group(2).split()
    if name == "pure":
        if pure_line:
            report("LAYERS", n, "a second pure: line (the first is line %d)" % pure_line)
        pure_line = n
        pure.update(rest)
        continue
    if name in allowed:
        report("LAYERS", n, "folder %s is on line %d already" % (name, tline[name]))
        continue
    allowed[name] = set(rest)
    order.append(name)
    tline[name] = n
rank = {name: i for i, name in enumerate(order)}
for name in order:
    for w in sorted(allowed[name]):
        if w not in allowed:
            report("LAYERS", tline[name], "%s: %s is on no line of its own" % (name, w))
if FACE not in allowed:
    report("LAYERS", 0, "no line for %s, the files directly in %s/" % (FACE, LABEL))
for w in sorted(pure):
    if w not in allowed:
        report("LAYERS", pure_line, "pure: %s is on no line of its own" % w)

def folder_dir(name):
    return "" if name == FACE else name
def dir_folder(d):
    """the table's name for the directory D (relative to SRC), or None when it has none"""
    if d == "":
        return FACE
    if d == FACE or d not in allowed:
        return None
    return d

# The table itself must not allow a circle, or "data flows down" means nothing.
def find_cycle(nodes, succ):
    """a list [a, b, ..., a] for some circle in the graph, or None"""
    state = {}
    for start in nodes:
        if start in state:
            continue
        stack = [(start, iter(sorted(succ(start), key=keyof)))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(sorted(succ(nxt), key=keyof))))
    return None
def keyof(name):
    return (rank.get(name, len(rank)), name)
c = find_cycle(order, lambda a: [b for b in allowed[a] if b in allowed and b != a])
if c:
    report("LAYERS", tline[c[0]], "the table allows a circle: " + " -> ".join(c))

# ---- the files ----------------------------------------------------------------------
files = []      # paths relative to SRC
for root, dirs, names in os.walk(SRC):
    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    d = os.path.relpath(root, SRC)
    d = "" if d == "." else d
    srcs = sorted(x for x in names if x.endswith((".c", ".h")))
    if dir_folder(d) is None:
        if srcs:
            for x in srcs:
                report(os.path.join(d, x), 1, "folder %s is not in %s/LAYERS" % (d, LABEL))
        else:
            report(d + "/", 0, "folder %s is not in %s/LAYERS" % (d, LABEL))
        continue
    files += [os.path.join(d, x) if d else x for x in srcs]
for name in order:
    if not os.path.isdir(os.path.join(SRC, folder_dir(name))):
        report("LAYERS", tline[name], "folder %s is not in %s" % (name, LABEL))

def lex(text):
    """TEXT twice, same length and lines: comments blanked; comments and the insides of
    string and character literals blanked"""
    nocom, code = [], []
    i, n = 0, len(text)
    def blank(s):
        return re.sub(r"[^\n]", " ", s)
    while i < n:
        ch = text[i]
        if text.startswith("//", i):
            j = i
            while j < n and text[j] != "\n":
                j += 2 if text.startswith("\\\n", j) else 1
            s = blank(text[i:j])
            nocom.append(s); code.append(s)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            s = blank(text[i:j])
            nocom.append(s); code.append(s)
            i = j
        elif ch in "\"'":
            j = i + 1
            while j < n and text[j] != ch and text[j] != "\n":
                j += 2 if text[j] == "\\" and j + 1 < n else 1
            end = j + 1 if j < n and text[j] == ch else j
            nocom.append(text[i:end])
            code.append(ch + blank(text[i + 1:j]) + text[j:end])
            i = end
        else:
            j = i
            while j < n and text[j] not in "\"'/":
                j += 1
            if j == i:
                j = i + 1
            nocom.append(text[i:j]); code.append(text[i:j])
            i = j
    return "".join(nocom), "".join(code)

INCLUDE = re.compile(r"^\s*#\s*include\b\s*(.*)$")
calls = re.compile(r"(?<![\w.$])(?<!->)\b(%s|(?:%s)\w*)\s*\(" % (
    "|".join(sorted(IMPURE_CALLS, key=len, reverse=True)),
    "|".join(re.escape(p) for p in IMPURE_CALL_PREFIXES)))

nincludes = 0
edges = {}      # (from folder, to folder) -> [(file, line, spelled)]
for rel in files:
    d = os.path.dirname(rel)
    me = dir_folder(d)
    try:
        with open(os.path.join(SRC, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        report(rel, 0, "cannot read: %s" % e.strerror)
        continue
    nocom, code = lex(text)
    ncl, cl = nocom.split("\n"), code.split("\n")
    for ln, (line, cline) in enumerate(zip(ncl, cl), 1):
        if not INCLUDE.match(cline):
            continue
        nincludes += 1
        arg = INCLUDE.match(line).group(1).strip()
        m = re.match(r'^"([^"]*)"|^<([^>]*)>', arg)
        if not m:
            report(rel, ln, "#include %s: not \"folder/name.h\" nor <name.h>, cannot be checked" % arg)
            continue
        quoted, name = m.group(1) is not None, m.group(1) if m.group(1) is not None else m.group(2)
        target = None   # the file it names, relative to SRC
        if quoted and name in ALWAYS:
            continue
        if name.startswith("/") or re.search(r"(^|/)\.\.?(/|$)", name):
            t = os.path.normpath(os.path.join(d, name))
            if quoted and not t.startswith("..") and os.path.isfile(os.path.join(SRC, t)):
                target = t
            report(rel, ln, "#include %s: spell it from %s/%s" % (
                arg, LABEL, ' as "%s"' % target if target else ""))
            if target is None:
                continue
        elif quoted:
            # as the compiler looks: the including file's own directory first, then -I src
            if d and os.path.isfile(os.path.join(SRC, d, name)):
                target = os.path.join(d, name)
                report(rel, ln, '#include "%s" is %s: spell it "%s"' % (name, target, target))
            elif os.path.isfile(os.path.join(SRC, name)):
                target = name
            else:
                report(rel, ln, '#include "%s" names no file in %s/' % (name, LABEL))
                continue
        else:
            if os.path.isfile(os.path.join(SRC, name)):    # -I src comes before the system's
                target = name
                report(rel, ln, '#include <%s> is a header of %s/: spell it "%s"' % (name, LABEL, name))
            elif me in pure and (name in IMPURE_SYSTEM or name.startswith(IMPURE_SYSTEM_DIRS)):
                report(rel, ln, "%s is pure: it may not include <%s>" % (me, name))
        if target is None or me is None:
            continue
        tfolder = dir_folder(os.path.dirname(target))
        if tfolder is None:
            report(rel, ln, "%s may not include %s (folder %s is not in %s/LAYERS)" % (
                me, target, os.path.dirname(target), LABEL))
            continue
        if tfolder != me:
            edges.setdefault((me, tfolder), []).append((rel, ln, target))
            if tfolder not in allowed.get(me, ()):
                report(rel, ln, "%s may not include %s%s" % (
                    me, target, " (a face header)" if tfolder == FACE else ""))
        if me in pure and target in IMPURE_HEADERS:
            report(rel, ln, "%s is pure: it may not include %s" % (me, target))
    if me in pure:
        # a function the file defines itself (at the start of a line, as this code does)
        # is not the one of the same name it may not call
        own = set()
        for m in re.finditer(r"^(?:[A-Za-z_][\w \t*]*[ \t*])?([A-Za-z_]\w*)[ \t]*\(", code, re.M):
            depth, i = 0, m.end() - 1
            while i < len(code) and code[i] != "\n":
                depth += {"(": 1, ")": -1}.get(code[i], 0)
                i += 1
                if depth == 0:
                    break
            e = code.find("\n", i)
            rest = code[i:e if e >= 0 else len(code)]
            # "name(params)" then "{" or the end of the line, or params going on: a definition
            if re.match(r"^\s*(\{|$)", rest) if depth == 0 else ";" not in rest:
                own.add(m.group(1))
        for ln, cline in enumerate(cl, 1):
            if INCLUDE.match(cline):
                continue
            for m in calls.finditer(cline):
                fn = m.group(1)
                if fn in own:
                    continue
                report(rel, ln, "%s is pure: it may not call %s()" % (me, fn))

# ---- circles between folders, in the includes as they are ---------------------------
succ = {}
for (a, b) in edges:
    succ.setdefault(a, set()).add(b)
def sccs(nodes):
    """Tarjan's strongly connected components"""
    index, low, onstack, stack, comps = {}, {}, set(), [], []
    counter = [0]
    def visit(v):
        work = [(v, iter(sorted(succ.get(v, ()), key=keyof)))]
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); onstack.add(v)
        while work:
            node, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); onstack.add(w)
                    work.append((w, iter(sorted(succ.get(w, ()), key=keyof))))
                elif w in onstack:
                    low[node] = min(low[node], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    x = stack.pop(); onstack.discard(x); comp.append(x)
                    if x == node:
                        break
                comps.append(comp)
    for v in sorted(nodes, key=keyof):
        if v not in index:
            visit(v)
    return comps
def shortest(src, dst, inside):
    prev, q = {src: None}, deque([src])
    while q:
        v = q.popleft()
        if v == dst:
            break
        for w in sorted(succ.get(v, ()), key=keyof):
            if w in inside and w not in prev:
                prev[w] = v
                q.append(w)
    path, v = [], dst
    while v is not None:
        path.append(v); v = prev[v]
    return path[::-1]
def first(a, b):
    return sorted(edges[(a, b)])[0]
nodes = set(a for a, _ in edges) | set(b for _, b in edges)
seen = set()
ncircles = 0
for comp in sccs(nodes):
    if len(comp) < 2:
        continue
    inside = set(comp)
    for a in sorted(comp, key=keyof):
        for b in sorted(succ.get(a, ()), key=keyof):
            if b not in inside:
                continue
            ring = [a] + shortest(b, a, inside)[:-1]        # a -> b -> ... (back to a)
            k = min(range(len(ring)), key=lambda i: [keyof(x) for x in ring[i:] + ring[:i]])
            key = tuple(ring[k:] + ring[:k])
            if key in seen:
                continue
            seen.add(key)
            ncircles += 1
            # shown from its first include the table does not allow, the one to undo
            steps = [(key[i], key[(i + 1) % len(key)]) for i in range(len(key))]
            at = next((i for i, (x, y) in enumerate(steps) if y not in allowed.get(x, ())), 0)
            steps = steps[at:] + steps[:at]
            f, ln, _ = first(*steps[0])
            report(f, ln, "folder circle: %s -> %s (%s)" % (
                " -> ".join(x for x, _ in steps), steps[0][0],
                "; ".join("%s:%d includes %s" % ((show(first(x, y)[0]), first(x, y)[1],
                                                  first(x, y)[2])) for x, y in steps)))

# ---- the verdict --------------------------------------------------------------------
def where(p, ln):
    s = show(p) if p != "LAYERS" else LABEL + "/LAYERS"
    return "%s:%d" % (s, ln) if ln else s
for p, ln, msg in sorted(set(out), key=lambda t: (t[0] == "LAYERS", t[0], t[1], t[2].startswith("folder circle"), t[2])):
    sys.stdout.write("%s: %s\n" % (where(p, ln), msg))
if out:
    def count(n, what):
        return "%d %s%s" % (n, what, "" if n == 1 else "s")
    sys.stdout.write("layout: %s, %s, %s (%s)\n" % (count(len(files), "file"),
        count(nincludes, "include"), count(len(set(out)), "problem"), count(ncircles, "circle")))
    sys.exit(1)
sys.stdout.write("layout: %d files, %d includes, ok\n" % (len(files), nincludes))
PYTHON
