/* bytecode.c: the modules of unpacked cache entries compiled once per interpreter, as pip compiles at install time. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "base/util.h"
#include "base/spawn.h"
#include "inputs/interp.h"
#include "cache/wheel.h"
#include "cache/cacheentry.h"
#include "cache/bytecode.h"

/*
 * What bytecodecompile runs: every .py below the dirs named (at any depth, as pip compiles
 * each module it installs), py_compile's defaults (SOURCE_DATE_EPOCH chooses the
 * invalidation mode, as with pip), quiet (a module that does not compile is Python's
 * business at import time), shared among forked workers, one per CPU and at most one
 * per 100 files: pip's seed (with setuptools) is 700 modules. A module whose .pyc is
 * there already was borrowed, or compiled by a run that was stopped: .pyc files are
 * written whole (py_compile renames them into place), and an entry never changes.
 */
static const char COMPILE[] =
	"import os, sys, py_compile\n"
	"t = '.%s.pyc' % sys.implementation.cache_tag\n"
	"fs = []\n"
	"for d in sys.argv[1:]:\n"
	"    for r, ds, ns in os.walk(d):\n"
	"        ds[:] = [x for x in ds if x != '__pycache__']\n"
	"        fs += [os.path.join(r, x) for x in ns if x.endswith('.py')\n"
	"               and not os.path.exists(os.path.join(r, '__pycache__', x[:-3] + t))]\n"
	"try:\n"
	"    n = len(os.sched_getaffinity(0))\n"
	"except Exception:\n"
	"    n = 1\n"
	"n = max(1, min(n, len(fs) // 100 + 1))\n"
	"k, ps = 0, []\n"
	"while len(ps) < n - 1:\n"
	"    try:\n"
	"        p = os.fork()\n"
	"    except OSError:\n"
	"        break\n"
	"    if p == 0:\n"
	"        k, ps = len(ps) + 1, None\n"
	"        break\n"
	"    ps.append(p)\n"
	"mine = [f for i, f in enumerate(fs) if i % n == k or ps is not None and i % n > len(ps)]\n"
	"try:\n"
	"    for f in mine:\n"
	"        try:\n"
	"            py_compile.compile(f, doraise=True)\n"
	"        except Exception:\n"
	"            pass\n"
	"finally:\n"
	"    if ps is None:\n"
	"        os._exit(0)\n"
	"for p in ps:\n"
	"    os.waitpid(p, 0)\n";

/* the process bytecodeahead started and not yet waited for: its pid, and the markers it is to earn */
static struct {
	pid_t pid;
	struct strlist markers;
} pending;

/* the markers of ENTRIES not yet compiled for TAG into TODO; true if one of them is pending */
static bool
uncompiled(const char *tag, char *const entries[], size_t n, struct strlist *todo)
{
	bool waits = false;

	for (size_t i = 0; i < n; i++) {
		char *marker = xasprintf("%s/.venvmk-pyc-%s", entries[i], tag);
		if (access(marker, F_OK) == 0)
			free(marker);
		else if (pending.pid > 0 && strlistfind(&pending.markers, marker) >= 0) {
			waits = true;
			free(marker);
		} else
			strlistpush(todo, marker);
	}
	return waits;
}

/* the command line of COMPILE with PYTHON on the dirs of TODO's markers into ARGV, NULL-terminated */
static void
compileargv(const char *python, const struct strlist *todo, struct strlist *argv)
{
	/* isolated (-I): no PYTHON* variable or user site changes what is compiled; no site (-S):
	 * py_compile is the standard library's, and the .pth files of site-packages (a
	 * package's import hook, certifi's) cost more than the compile of a small wheel */
	strlistadd(argv, python);
	strlistadd(argv, "-I");
	strlistadd(argv, "-S");
	strlistadd(argv, "-c");
	strlistadd(argv, COMPILE);
	for (size_t i = 0; i < todo->n; i++)
		strlistpush(argv, pathdir(todo->v[i]));
	strlistpush(argv, NULL);
}

/* run COMPILE with PYTHON on the dirs of TODO's markers: its status, -1 when stopped by a signal */
static int
compilerun(const char *python, const struct strlist *todo)
{
	struct strlist argv = {0};
	int r;

	compileargv(python, todo, &argv);
	if ((r = spawnrun(argv.v, NULL)) >= 0 && spawnsignal())
		r = -1;
	argv.n--;
	strlistclear(&argv);
	free(argv.v);
	return r;
}

/* the status of a child of bytecodeahead that did not get as far as compiling: nothing is marked */
enum { NOTDONE = 255 };

/*
 * The marker MARKER (ENTRY/.venvmk-pyc-TAG) written: the modules of ENTRY that got no
 * .pyc listed, so that linking the entry into an env looks for none (cacheentry.h); empty
 * (each .pyc looked for) where the manifest cannot be read or a name holds a newline
 */
static void
markcompiled(const char *marker)
{
	char *entry = pathdir(marker), *tag = strrchr(marker, '/') + 1 + strlen(PYCMARKER), *pyc;
	struct manifest m = {0};
	struct buf b = {0};
	bool ok = manifestread(entry, &m) == 0;

	bufputs(&b, PYCHEAD);
	for (size_t i = 0; ok && i < m.n; i++) {
		const char *name = m.v[i].name;
		if (!endswith(name, ".py"))
			continue;
		char *rel = pycpath(name, tag);
		pyc = pathjoin(entry, rel);
		free(rel);
		if (access(pyc, F_OK) < 0) {
			if (strchr(name, '\n'))
				ok = false;
			bufprintf(&b, "%s\n", name);
		}
		free(pyc);
	}
	bufputs(&b, PYCEND);
	if (writefile(marker, ok ? b.s : "", ok ? b.len : 0, 0) < 0)
		warn("write %s:", marker);
	manifestclear(&m);
	free(b.s);
	free(entry);
}

/* mark TODO done after a compile that ended with STATUS: even when a module failed, as asking again would fail again */
static void
compiledone(struct strlist *todo, int status)
{
	for (size_t i = 0; i < todo->n && status >= 0 && status < 128; i++)
		markcompiled(todo->v[i]);
	strlistclear(todo);
}

/* the .pyc's header: magic, flags (0: checked by the source's mtime and size), mtime, size; 12 bytes before 3.7 */
static size_t
headerlen(const unsigned char magic[4])
{
	return (magic[0] | magic[1] << 8) >= 3390 ? 16 : 12;
}

/*
 * The module F of ENTRY compiled from the same module of BASE (an install of the same
 * wheel): taken when BASE's source is byte for byte ENTRY's and its .pyc is one Python
 * itself would load for that source (this interpreter's magic, checked by mtime and
 * size, which match); then the same code goes to ENTRY's __pycache__ under a header for
 * ENTRY's source, whose mtime and size the manifest holds. The code names BASE's file,
 * as a compiled module names the cache's anyway: the import system names the file it loads.
 */
static bool
borrowone(const char *entry, const char *base, const struct mfile *f, const char *tag,
    const unsigned char magic[4])
{
	const char *rel = f->name;
	char *pycrel = pycpath(rel, tag);
	char *src = pathjoin(entry, rel), *bsrc = pathjoin(base, rel);
	char *bpyc = pathjoin(base, pycrel), *pyc = pathjoin(entry, pycrel);
	struct buf a = {0}, b = {0}, code = {0};
	struct stat bst;
	size_t hl = headerlen(magic);
	bool ok = false;

	/* compiled already, by a compile that was stopped */
	if (access(pyc, F_OK) == 0) {
		ok = true;
		goto out;
	}
	if (stat(bsrc, &bst) < 0 || bst.st_size != f->size
	    || readfile(bpyc, &code) < 0 || code.len < hl || memcmp(code.s, magic, 4) != 0)
		goto out;
	const unsigned char *h = (const unsigned char *)code.s;
	uint32_t flags = hl == 16 ? (uint32_t)(h[4] | h[5] << 8 | h[6] << 16 | (uint32_t)h[7] << 24) : 0;
	const unsigned char *t = h + hl - 8;
	uint32_t mtime = t[0] | t[1] << 8 | t[2] << 16 | (uint32_t)t[3] << 24;
	uint32_t size = t[4] | t[5] << 8 | t[6] << 16 | (uint32_t)t[7] << 24;
	if (flags != 0 || mtime != (uint32_t)bst.st_mtim.tv_sec || size != (uint32_t)bst.st_size)
		goto out;
	if (readfile(src, &a) < 0 || readfile(bsrc, &b) < 0 || a.len != b.len
	    || (a.len && memcmp(a.s, b.s, a.len) != 0))
		goto out;
	unsigned char *w = (unsigned char *)code.s + hl - 8;
	uint32_t m = (uint32_t)f->sec, z = (uint32_t)f->size;
	for (int i = 0; i < 4; i++) {
		w[i] = m >> (8 * i);
		w[4 + i] = z >> (8 * i);
	}
	ok = writefile(pyc, code.s, code.len, 0) == 0;
	if (!ok && errno == ENOENT) {
		/* the dir's first module: its __pycache__ is made once */
		char *cachedir = pathdir(pyc);
		ok = (mkdir(cachedir, 0777) == 0 || errno == EEXIST) && writefile(pyc, code.s, code.len, 0) == 0;
		free(cachedir);
	}
out:
	free(a.s);
	free(b.s);
	free(code.s);
	free(src);
	free(bsrc);
	free(pycrel);
	free(bpyc);
	free(pyc);
	return ok;
}

/*
 * Where the interpreter has the wheel of ENTRY (whose manifest is M) installed already,
 * compiled: ensurepip's pip in the site-packages of a Python built from source or
 * installed from python.org, or of a venv; the first of IN's site dirs holding the
 * entry's .dist-info; NULL if none.
 */
static char *
installed(const struct manifest *m, const struct interp *in)
{
	char *info = NULL, *base = NULL;

	for (size_t i = 0; i < m->n && !info; i++) {
		const char *slash = strchr(m->v[i].name, '/');
		if (slash && slash - m->v[i].name > 10 && strncmp(slash - 10, ".dist-info", 10) == 0)
			info = xstrndup(m->v[i].name, slash - m->v[i].name);
	}
	for (const char *s = in->sitedirs; info && s && *s && !base;) {
		const char *nl = strchr(s, '\n');
		char *dir = nl ? xstrndup(s, nl - s) : xstrdup(s), *p = pathjoin(dir, info);
		struct stat st;
		if (*dir == '/' && stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			base = dir;
		else
			free(dir);
		free(p);
		s = nl ? nl + 1 : NULL;
	}
	free(info);
	return base;
}

/* borrowone for every module of ENTRY, as its manifest lists them; true when none is left to compile */
static bool
borrowentry(const char *entry, const struct interp *in, const unsigned char magic[4])
{
	struct manifest m = {0};
	char *base = NULL;
	size_t left = 0;

	if (manifestread(entry, &m) != 0 || !(base = installed(&m, in))) {
		manifestclear(&m);
		return false;
	}
	for (size_t i = 0; i < m.n; i++)
		if (endswith(m.v[i].name, ".py") && !borrowone(entry, base, &m.v[i], in->cachetag, magic))
			left++;
	if (!left)
		spawntrace((char *[]){ "venvmk", "borrow-bytecode", base, (char *)entry, NULL });
	manifestclear(&m);
	free(base);
	return left == 0;
}

/*
 * Take the entries of TODO's markers out of it, marked compiled, when every module of
 * theirs could be borrowed from an install the interpreter compiled: compiling pip's
 * seed is most of a first sync's time on a new machine. Not when SOURCE_DATE_EPOCH
 * asks py_compile for hash-checked files, which are not taken from elsewhere.
 */
static void
borrow(const struct interp *in, struct strlist *todo)
{
	unsigned char magic[4];
	unsigned x[4];
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (!in->magic || sscanf(in->magic, "%2x%2x%2x%2x", &x[0], &x[1], &x[2], &x[3]) != 4
	    || strlen(in->magic) != 8 || (sde && *sde))
		return;
	for (int i = 0; i < 4; i++)
		magic[i] = x[i];
	for (size_t i = 0; i < todo->n;) {
		char *entry = pathdir(todo->v[i]);
		if (borrowentry(entry, in, magic)) {
			struct strlist one = { .v = &todo->v[i], .n = 1 };
			compiledone(&one, 0);
			memmove(&todo->v[i], &todo->v[i + 1], (todo->n - i - 1) * sizeof(*todo->v));
			todo->n--;
		} else
			i++;
		free(entry);
	}
}

void
bytecodewait(bool stop)
{
	if (pending.pid > 0)
		compiledone(&pending.markers, spawnwait(pending.pid, stop));
	pending.pid = 0;
	strlistclear(&pending.markers);
	free(pending.markers.v);
	pending.markers.v = NULL;
}

void
bytecodeahead(const struct interp *in, const char *cachedir, char *const wheels[], size_t n)
{
	struct strlist todo = {0};
	char hex[65];

	bytecodewait(false);
	if (!in->cachetag || !*in->cachetag)
		return;
	for (size_t i = 0; i < n; i++)
		if (wheelsha(cachedir, wheels[i], hex) == 0) {
			char *marker = xasprintf("%s/wheels/%s/.venvmk-pyc-%s", cachedir, hex, in->cachetag);
			if (access(marker, F_OK) == 0)
				free(marker);
			else
				strlistpush(&todo, marker);
		}
	if (!todo.n) {
		free(todo.v);
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid != 0) {
		/* the parent marks them compiled when the child is done (none marked if it fails) */
		if ((pending.pid = pid) > 0)
			pending.markers = todo;
		else {
			strlistclear(&todo);
			free(todo.v);
		}
		return;
	}
	/*
	 * The child: signals end it (a terminal's ^C, bytecodewait's SIGTERM) and it says
	 * nothing, as what it does is done again by the parent, which reports, if it fails.
	 */
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction sa;
		if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
			signal(sigs[i], SIG_DFL);
	}
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0)
		dup2(null, 2);
	for (size_t i = 0; i < n; i++) {
		char *entry;
		if (wheelunpack(cachedir, wheels[i], NULL, &entry) < 0)
			_exit(NOTDONE);
		free(entry);
	}
	borrow(in, &todo);
	if (todo.n) {
		/* the rest compiles in this process: its pid is the one waited for */
		struct strlist argv = {0};
		compileargv(in->real, &todo, &argv);
		spawntrace(argv.v);
		execv(argv.v[0], argv.v);
	}
	_exit(todo.n ? NOTDONE : 0);
}

int
bytecodecompile(const struct interp *in, char *const entries[], size_t n)
{
	struct strlist todo = {0};

	if (!in->cachetag || !*in->cachetag)
		return 0;
	/* what the pending compile has not got compiles beside it; then it is waited for */
	bool waits = uncompiled(in->cachetag, entries, n, &todo);
	borrow(in, &todo);
	if (todo.n)
		compiledone(&todo, compilerun(in->real, &todo));
	if (waits)
		bytecodewait(false);
	free(todo.v);
	return 0;
}

int
bytecodeprepare(const char *cache, const struct interp *in, char *const wheels[], char *const hashes[], size_t n)
{
	char **entries = xmalloc((n + 1) * sizeof(*entries));
	size_t got = 0;
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++)
		if (wheelentry(cache, wheels[i], hashes ? hashes[i] : NULL, &entries[got]) == 0)
			got++;
		else
			ret = -1;
	if (ret == 0)
		bytecodecompile(in, entries, got);
	for (size_t i = 0; i < got; i++)
		free(entries[i]);
	free(entries);
	return ret;
}
