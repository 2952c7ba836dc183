/* native.c: the environment written by venvmk itself, laid out as PEP 405 and CPython's venv do. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "base/spawn.h"
#include "env/activate.h"
#include "cache/cache.h"
#include "cache/cacheentry.h"
#include "env/place.h"
#include "env/carry.h"
#include "cache/wheel.h"
#include "env/wheelinstall.h"
#include "cache/bytecode.h"
#include "env/native.h"

static const char *
basename_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* link-mode = clone: can the cache and E's dir (or where it will be) share blocks? 0, or -1 after warn() */
static int
clonecheck(const struct env *e)
{
	char *cache = cachedir(e->cachedir), *dir = xstrdup(e->dir), *up;
	int mode;

	while (access(dir, F_OK) < 0 && *dir && strcmp(dir, "/") != 0) {
		up = pathdir(dir);
		free(dir);
		dir = up;
	}
	mode = placeprobe(cache, *dir ? dir : ".");
	if (mode >= 0 && mode != LINK_CLONE)
		warn("%s: link-mode clone: the cache (%s) and the env cannot share blocks: clones need both on "
		    "one filesystem that has them (btrfs, XFS with reflink, bcachefs); use link-mode auto, hardlink or copy",
		    envlabel(e), cache);
	free(dir);
	free(cache);
	return mode == LINK_CLONE ? 0 : -1;
}

int
nativecheck(const struct env *e, const struct interp *in)
{
	if (interpminor(in) < 3 || (strcmp(in->impl, "CPython") != 0 && strcmp(in->impl, "PyPy") != 0)) {
		warn("%s: backend native: %s %s is not supported (Python 3.3 or newer); use backend venv or virtualenv",
		    envlabel(e), in->impl, in->version);
		return -1;
	}
	if (e->linkmode == LINK_CLONE && clonecheck(e) < 0)
		return -1;
	return 0;
}

int
nativelayout(struct layout *l, const struct env *e, const struct interp *in, const struct sync *s)
{
	char *prefix;
	int minor = interpminor(in);

	memset(l, 0, sizeof(*l));
	if (nativecheck(e, in) < 0)
		return -1;
	prefix = pathabs(e->dir);
	if (!prefix) {
		warn("%s: getcwd:", envlabel(e));
		return -1;
	}
	l->prefix = prefix;
	l->purelib = pathjoin(prefix, in->purelib);
	l->platlib = pathjoin(prefix, in->platlib);
	l->scripts = pathjoin(prefix, in->scripts);
	l->include = pathjoin(prefix, in->include);
	l->python = pathjoin(l->scripts, basename_of(in->base));
	l->major = 3;
	l->minor = minor;
	l->cachetag = in->cachetag;
	char *cache = cachedir(e->cachedir);
	l->placer = mkplacer(cache, prefix, e->linkmode, s);
	free(cache);
	return 0;
}

void
nativelayoutclear(struct layout *l)
{
	free((char *)l->prefix);
	free((char *)l->purelib);
	free((char *)l->platlib);
	free((char *)l->scripts);
	free((char *)l->include);
	free((char *)l->python);
	delplacer(l->placer);
	memset(l, 0, sizeof(*l));
}

/* S as Python's repr() writes a str, which is how venv writes the prompt */
static void
pyrepr(struct buf *b, const char *s)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	bufputc(b, q);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == (unsigned char)q)
			bufprintf(b, "\\%c", *p);
		else if (*p == '\n')
			bufputs(b, "\\n");
		else if (*p == '\r')
			bufputs(b, "\\r");
		else if (*p == '\t')
			bufputs(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			bufprintf(b, "\\x%02x", *p);
		else
			bufputc(b, *p);
	}
	bufputc(b, q);
}

static int
writecfg(const struct env *e, const struct interp *in, const struct layout *l, int minor)
{
	struct buf b = {0};
	char *home = pathdir(in->base), *path = pathjoin(l->prefix, "pyvenv.cfg");
	int ret;

	bufprintf(&b, "home = %s\ninclude-system-site-packages = %s\nversion = %s\n",
	    home, e->syssite ? "true" : "false", in->version);
	if (e->prompt) {
		bufputs(&b, "prompt = ");
		pyrepr(&b, e->prompt);
		bufputc(&b, '\n');
	}
	if (minor >= 11) {
		/* what "python -m venv" would have been told to make the same env */
		char *real = realpath(in->base, NULL);
		bufprintf(&b, "executable = %s\ncommand = %s -m venv", real ? real : in->real, in->base);
		free(real);
		if (!e->pip)
			bufputs(&b, " --without-pip");
		if (e->syssite)
			bufputs(&b, " --system-site-packages");
		if (e->prompt)
			bufprintf(&b, " --prompt=\"%s\"", e->prompt);
		bufprintf(&b, " %s\n", l->prefix);
	}
	/* not fsynced, as the env's other files: the pending mark and the state guard a new env as a whole */
	ret = writefile(path, b.s, b.len, 0);
	if (ret < 0)
		warn("%s: write %s:", envlabel(e), path);
	free(b.s);
	free(home);
	free(path);
	return ret;
}

static int
mklink(const char *target, const char *dir, const char *name, const char *label)
{
	char *path = pathjoin(dir, name);
	int ret = 0;

	if (symlink(target, path) < 0 && errno != EEXIST) {
		warn("%s: symlink %s:", label, path);
		ret = -1;
	}
	free(path);
	return ret;
}

/* the seed wheels IN bundles for E (none unless E asks for pip) into SEEDS; how many */
static size_t
seedsof(const struct env *e, const struct interp *in, char *seeds[2])
{
	size_t n = 0;

	if (e->pip && *in->pipwheel)
		seeds[n++] = in->pipwheel;
	if (e->pip && *in->stwheel)
		seeds[n++] = in->stwheel;
	return n;
}

void
nativeseedahead(const struct env *e, const struct interp *in)
{
	char *cache = cachedir(e->cachedir), *seeds[2] = { NULL, NULL };
	size_t n = seedsof(e, in, seeds);

	bytecodeahead(in, cache, seeds, n);
	free(cache);
}

void
nativeaheaddone(bool stop)
{
	bytecodewait(stop);
}

int
nativelink(const char *cache, const char *wheel, const char *hash, const struct layout *l,
    bool requested, const char *directurl)
{
	char *entry = NULL;
	int ret;

	if (!placeronly(l->placer))
		spawntrace((char *[]){ "venvmk", "native-link", (char *)wheel, NULL });
	if (wheelentry(cache, wheel, hash, &entry) < 0)
		return -1;
	ret = wheelinstall(entry, l, requested, directurl);
	free(entry);
	/* a damaged entry is discarded (wheelinstall): the caller has it unpacked and compiled again */
	return ret == 1 ? 2 : ret == 0 ? 0 : -1;
}

/* the processes that place a batch's files together: three or four were slower than two
 * on two CPUs (XFS: its allocation locks) */
enum { PLACERS = 2 };

/* what a forked placer tells the parent: the files it placed by mode, whether an entry
 * proved damaged, and its last warning */
struct placed {
	size_t n[4], carried;
	bool damaged;
	char why[512];
};

/* the memory the placers of a batch share: what each child placed, and each wheel's next dir to take */
struct placing {
	struct placed got[PLACERS];
	size_t claims[];
};

/* nativelink each of the N JOBS into L, the files of each shared with another process
 * when L's placer says so: 0, 2 when an entry proved damaged, or -1 */
static int
linkjobs(const char *cache, const struct linkjob *jobs, size_t n, const struct layout *l)
{
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++) {
		if (l->placer)
			l->placer->job = i;
		ret = nativelink(cache, jobs[i].wheel, jobs[i].hash, l, jobs[i].requested, jobs[i].directurl);
	}
	return ret;
}

/* whether placing the N JOBS into L in MODE is worth a second process: two wheels or
 * more, or one big one, unless most files are links carried over from the env L
 * replaces (placed in MODE too, its site-packages there: the same Python), which one
 * process makes faster */
static bool
worthsharing(const struct linkjob *jobs, size_t n, const struct layout *l, int mode)
{
	struct stat st;
	bool carrying = false;

	if (l->placer->kept && (int)l->placer->keptmode == mode) {
		char *site = pathjoin(l->placer->kept, l->purelib + strlen(l->prefix) + 1);
		carrying = stat(site, &st) == 0;
		free(site);
	}
	return !carrying && (n >= 2 || (n == 1 && stat(jobs[0].wheel, &st) == 0 && st.st_size >= 256 * 1024));
}

int
nativelinkmany(const char *cache, const struct linkjob *jobs, size_t n, const struct layout *l)
{
	struct placer *p = l->placer;
	struct placing *sh = MAP_FAILED;
	size_t before[4], carried, size = 0;
	int mode = placemode(p), ret, status, nproc = PLACERS, slot = 0, failed = 0;
	pid_t pids[PLACERS];

	if (mode < 0)
		return -1;
	/* a clone or a copy makes an inode per file, which a hard link does not: with two
	 * CPUs or more, forked children place files beside this process, a dir at a time,
	 * each taking whichever dir no other has (this process also writes RECORD and scripts) */
	if (p && (mode == LINK_CLONE || mode == LINK_COPY) && worthsharing(jobs, n, l, mode)
	    && sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		size = sizeof(*sh) + n * sizeof(*sh->claims);
		sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	}
	if (sh == MAP_FAILED)
		return linkjobs(cache, jobs, n, l);
	memcpy(before, p->n, sizeof(before));
	carried = p->carried;
	fflush(NULL);
	for (int k = 1; k < nproc; k++) {
		if ((pids[k] = fork()) == 0) {
			slot = k;
			break;
		}
		if (pids[k] < 0) {
			nproc = k;
			break;
		}
	}
	p->share = nproc;
	p->slot = slot;
	p->claims = sh->claims;
	ret = linkjobs(cache, jobs, n, l);
	if (slot > 0) {
		/* what it placed counts in the parent's record; _exit: nothing of the parent's runs twice */
		struct placed *got = &sh->got[slot];
		for (size_t k = 0; k < 4; k++)
			got->n[k] = p->n[k] - before[k];
		got->carried = p->carried - carried;
		got->damaged = ret == 2;
		snprintf(got->why, sizeof(got->why), "%s", ret < 0 && lasterror() ? lasterror() : "");
		_exit(ret >= 0 ? 0 : 1);
	}
	for (int k = 1; k < nproc; k++) {
		struct placed *got = &sh->got[k];
		while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			/* the child told why on stderr; its message is the sync's reason too */
			if (ret >= 0 && !failed && WIFEXITED(status) && *got->why)
				setlasterror(got->why);
			else if (ret >= 0 && !failed)
				warn("%s: a process placing files from the cache failed", l->prefix);
			failed = 1;
			continue;
		}
		for (size_t i = 0; i < 4; i++)
			p->n[i] += got->n[i];
		p->carried += got->carried;
		if (got->damaged && ret == 0)
			ret = 2;
	}
	p->share = p->slot = 0;
	p->claims = NULL;
	munmap(sh, size);
	return failed || ret < 0 ? -1 : ret;
}

int
nativecreate(const struct sync *s)
{
	const struct env *e = s->e;
	const struct interp *in = &s->x->in;
	const char *label = envlabel(e);
	struct layout l;
	char minorname[32];
	int minor, ret = -1;

	if (nativelayout(&l, e, in, s) < 0)
		return -1;
	spawntrace((char *[]){ "venvmk", "native-create", (char *)l.prefix, NULL });
	carrybegin(l.prefix);
	minor = l.minor;
	const char *dirs[] = { l.scripts, l.include, l.purelib, l.platlib };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
		if (mkdirs(dirs[i], 0777) < 0) {
			warn("%s: mkdir %s:", label, dirs[i]);
			goto out;
		}
	if (in->lib64 && mklink("lib", l.prefix, "lib64", label) < 0)
		goto out;
	if (writecfg(e, in, &l, minor) < 0)
		goto out;
	/* bin/python3.X -> the base interpreter; python, python3 and python3.X -> that */
	const char *exe = basename_of(in->base);
	if (mklink(in->base, l.scripts, exe, label) < 0)
		goto out;
	snprintf(minorname, sizeof(minorname), "python3.%d", minor);
	const char *names[] = { "python", "python3", minorname };
	for (size_t i = 0; i < 3; i++)
		if (strcmp(names[i], exe) != 0 && mklink(exe, l.scripts, names[i], label) < 0)
			goto out;
	if (minor >= 13) {
		static const char ignore[] = "# Created by venv; see https://docs.python.org/3/library/venv.html\n*\n";
		char *p = pathjoin(l.prefix, ".gitignore");
		int r = writefile(p, ignore, sizeof(ignore) - 1, 0);
		if (r < 0)
			warn("%s: write %s:", label, p);
		free(p);
		if (r < 0)
			goto out;
	}
	char *prompt = NULL;
	if (!e->prompt)
		prompt = xstrdup(basename_of(l.prefix));
	else if (strcmp(e->prompt, ".") == 0) {
		char cwd[PATH_MAX];
		prompt = xstrdup(getcwd(cwd, sizeof(cwd)) ? basename_of(cwd) : ".");
	}
	struct activation a = { l.prefix, basename_of(l.scripts), prompt ? prompt : e->prompt, minor };
	int r = activatewrite(l.scripts, &a);
	free(prompt);
	if (r < 0)
		goto out;
	if (e->pip) {
		char *cache = cachedir(e->cachedir);
		char *seeds[2] = { NULL, NULL };
		size_t n = seedsof(e, in, seeds);
		struct linkjob jobs[2] = { { seeds[0], NULL, true, NULL }, { seeds[1], NULL, true, NULL } };
		/* what nativeseedahead started unpacks them: not twice at once */
		nativeaheaddone(false);
		r = bytecodeprepare(cache, in, seeds, NULL, n);
		if (r == 0 && (r = nativelinkmany(cache, jobs, n, &l)) == 2) {
			/* a damaged entry, discarded: unpacked again from the interpreter's wheel */
			r = bytecodeprepare(cache, in, seeds, NULL, n);
			if (r == 0 && (r = nativelinkmany(cache, jobs, n, &l)) == 2) {
				warn("%s: the cache entry of pip's seed keeps turning out damaged", label);
				r = -1;
			}
		}
		if (r == 0 && (!in->pipwheel || !*in->pipwheel)) {
			warn("%s: backend native: %s %s bundles no pip wheel to seed (ensurepip or WHEEL_PKG_DIR)",
			    label, in->impl, in->version);
			r = -1;
		}
		free(cache);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	nativelayoutclear(&l);
	return ret;
}
