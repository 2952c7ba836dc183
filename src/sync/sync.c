/* sync.c: take the lock, act on the decision, record state and stamp. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "sync/fprint.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "sync/envlock.h"
#include "base/spawn.h"
#include "pip/backend.h"
#include "pip/pipresolve.h"
#include "env/lockinstall.h"
#include "env/native.h"
#include "mkdeps.h"
#include "sync/txn.h"
#include "sync/sync.h"

#define MARKER ".venvmk"

static bool
hasfile(const char *dir, const char *name)
{
	char *p = pathjoin(dir, name);
	bool has = access(p, F_OK) == 0;

	free(p);
	return has;
}

static bool
isemptydir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool empty = d != NULL;

	while (d && empty && (de = readdir(d)))
		empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
	if (d)
		closedir(d);
	return empty;
}

int
envsafe(const char *dir, const char *label)
{
	struct stat st;
	char *real, cwd[PATH_MAX];
	const char *why = NULL;

	if (lstat(dir, &st) < 0)
		return errno == ENOENT ? 0 : (warn("%s: %s:", label, dir), -1);
	if (S_ISLNK(st.st_mode)) {
		warn("%s: is a symbolic link; venvmk does not follow it, refusing to touch it", label);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		warn("%s: exists and is not a virtual environment (not a directory); refusing to touch it", label);
		return -1;
	}
	real = realpath(dir, NULL);
	if (!real)
		return warn("%s:", label), -1;
	const char *home = getenv("HOME");
	char *rhome = home ? realpath(home, NULL) : NULL;
	if (strcmp(real, "/") == 0)
		why = "is the root directory";
	else if (rhome && strcmp(real, rhome) == 0)
		why = "is the home directory";
	else if (getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(real);
		if (strncmp(cwd, real, n) == 0 && (cwd[n] == '/' || cwd[n] == '\0'))
			why = "holds the current directory";
	}
	free(rhome);
	free(real);
	if (why) {
		warn("%s: %s; refusing to touch it", label, why);
		return -1;
	}
	if (hasfile(dir, "pyvenv.cfg") || hasfile(dir, MARKER))
		return 0;
	if (isemptydir(dir))
		return 0;
	warn("%s: is a directory but not a virtual environment (no pyvenv.cfg); refusing to touch it", label);
	return -1;
}

/* the signal that stopped this sync: one held during its transaction, or one forwarded to a child */
static int
stoppedby(void)
{
	return txnsignal() ? txnsignal() : spawnsignal();
}

static int
statusof(int failed)
{
	int sig = stoppedby();

	return sig ? 128 + sig : failed ? 1 : 0;
}

/* an undone sync had touched the stamp: give it back its fingerprint FP and time (OLD), or remove it (OLD NULL) */
static void
stampback(const char *statedir, const struct stat *old, const char *fp)
{
	char *path = stamppath(statedir);

	if (!old || !fp) {
		unlink(path);
	} else if (stamptouch(statedir, fp) == 0) {
		struct timespec t[2] = { old->st_atim, old->st_mtim };
		utimensat(AT_FDCWD, path, t, 0);
	}
	free(path);
}

/* remember why the sync towards fingerprint FP failed, for check to say; or forget it (FP NULL) */
static void
failrecord(const char *statedir, const char *fp, const char *why)
{
	char *path = pathjoin(statedir, "failed");

	if (fp) {
		char *text = xasprintf("%s\n%s\n", fp, why);
		writefileatomic(path, text, strlen(text));
		free(text);
	} else {
		unlink(path);
	}
	free(path);
}

/* why the last sync towards fingerprint FP failed, or NULL; newly allocated */
static char *
failreason(const char *statedir, const char *fp)
{
	char *path = pathjoin(statedir, "failed"), *why = NULL;
	struct buf b = {0};

	if (readfile(path, &b) == 0 && b.s && strncmp(b.s, fp, 64) == 0 && b.s[64] == '\n') {
		why = xstrdup(b.s + 65);
		why[strcspn(why, "\n")] = '\0';
	}
	free(b.s);
	free(path);
	return why;
}

/* the identity of the env as left: site-packages (with __pycache__ made first, so that
 * Python compiling a module later does not read as an edit) and bin */
static int
envidentity(const char *dir, char **site, struct buf *sitekey, struct buf *binkey)
{
	struct stat st;
	char *p;

	*site = sitepackages(dir);
	if (!*site)
		return -1;
	p = pathjoin(*site, "__pycache__");
	mkdir(p, 0777);
	free(p);
	if (stat(*site, &st) < 0)
		return -1;
	statid(&st, sitekey);
	p = pathjoin(dir, "bin");
	if (stat(p, &st) < 0) {
		free(p);
		return -1;
	}
	free(p);
	statid(&st, binkey);
	return 0;
}

/* is the distribution at SITE/NAME a local project (pip reinstalls those every time)? */
static bool
islocal(const char *site, const char *name)
{
	char *p = xasprintf("%s/%s/direct_url.json", site, name);
	struct buf b = {0};
	bool local = readfile(p, &b) == 0 && b.s && strstr(b.s, "\"dir_info\"");

	free(b.s);
	free(p);
	return local;
}

/* the names of the *.dist-info directories in SITE, but for local projects' */
static void
distinfos(const char *site, struct strlist *l)
{
	DIR *d = site ? opendir(site) : NULL;
	struct dirent *de;

	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n > 10 && strcmp(de->d_name + n - 10, ".dist-info") == 0 && !islocal(site, de->d_name))
			strlistadd(l, de->d_name);
	}
	if (d)
		closedir(d);
}

/* is any distribution that was in SITE gone (removed, or replaced by another version)? */
static bool
replaced(const char *site, const struct strlist *before)
{
	struct strlist now = {0};
	bool gone = false;

	distinfos(site, &now);
	for (size_t i = 0; i < before->n && !gone; i++)
		gone = strlistfind(&now, before->v[i]) < 0;
	strlistclear(&now);
	free(now.v);
	return gone;
}

/*
 * VENVMK_TEST_PAUSE=STEP stops venvmk (SIGSTOP) when it reaches STEP, so that a
 * test can kill it at an exact point: locked, marked, trashed, removed, created,
 * installed, stamped, recorded.
 */
static void
testpause(const char *step)
{
	const char *p = getenv("VENVMK_TEST_PAUSE");

	if (p && strcmp(p, step) == 0)
		raise(SIGSTOP);
}

/* remove what earlier removals killed half-way left in STATEDIR */
static void
sweeptrash(const char *statedir)
{
	DIR *d = opendir(statedir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "trash.", 6) == 0) {
			char *p = pathjoin(statedir, de->d_name);
			removetree(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
}

/*
 * Remove the env at DIR: first renamed into STATEDIR, in one step, so that a kill
 * during the removal leaves either the whole env or none of it at DIR, never a
 * half-emptied directory that the safety check would then refuse. Returns 0 or -1.
 */
static int
removeenv(const char *dir, const char *statedir)
{
	char *trash = xasprintf("%s/trash.%ld", statedir, (long)getpid());
	int ret;

	sweeptrash(statedir);
	if (rename(dir, trash) == 0) {
		testpause("trashed");
		ret = removetree(trash);
	}
	else
		ret = errno == EXDEV || errno == EBUSY ? removetree(dir) : -1;
	free(trash);
	return ret;
}

static int
create(const struct env *e, const char *statedir, const struct inputs *x, const struct buildopts *o)
{
	const char *label = envlabel(e);
	struct stat st;
	int fd;

	if (lstat(e->dir, &st) == 0 && removeenv(e->dir, statedir) < 0) {
		warn("%s: remove:", label);
		return -1;
	}
	testpause("removed");
	if (mkdirs(e->dir, 0777) < 0) {
		warn("%s: mkdir:", label);
		return -1;
	}
	/* the marker's existence is what counts: no temporary file that could be left */
	char *m = pathjoin(e->dir, MARKER);
	fd = open(m, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		warn("%s: write %s:", label, m);
		free(m);
		return -1;
	}
	close(fd);
	free(m);
	return backendcreate(e, &x->in, o->quiet);
}

/* install what E declares into its env, FRESH when just created: 0, -1, or 2 when a
 * cache entry proved damaged (discarded: a rebuild makes it again) */
static int
install(const struct env *e, const struct inputs *x, bool fresh, const struct buildopts *o)
{
	/* a refresh (lines only added) lets pip install into the env as it is: pip
	 * resolves against what is installed, faster than a dry run of everything */
	/* a lock, or requirements all pinned with hashes: installed with no pip (lockinstall.c) */
	int locked = fresh && lockwanted(e, x) ? lockinstall(e, x, o->quiet, o->verbose, false) : 1;
	if (locked != 1)
		return locked;
	if (e->backend == BACKEND_NATIVE && fresh)
		return resolveinstall(e, x, o->quiet, o->verbose);
	return backendinstall(e, o->quiet);
}

/* what venv.mk must watch: every input, the env's own files, the interpreter's paths */
static void
writemakedeps(const struct env *e, const char *statedir, const struct decision *d,
    const struct inputs *x, const struct state *st, const char *site,
    struct strlist *files, struct strlist *vars)
{
	static const char *const own[] = { "bin", "pyvenv.cfg" };

	interpwatch(NULL, NULL);
	if (e->conffile)
		strlistadd(files, e->conffile);
	if (d->computed) {
		for (size_t i = 0; i < x->rs.files.n; i++)
			strlistadd(files, x->rs.files.v[i]);
		for (size_t i = 0; i < x->rs.absent.n; i++)
			strlistadd(files, x->rs.absent.v[i]);
		for (size_t i = 0; i < x->rs.vars.n; i++)
			strlistpush(vars, xstrndup(x->rs.vars.v[i], strcspn(x->rs.vars.v[i], "=")));
	} else {
		for (size_t i = 0; i < st->files.n; i++)
			strlistadd(files, strrchr(st->files.v[i], '\t') + 1);
		for (size_t i = 0; i < st->absent.n; i++)
			strlistadd(files, st->absent.v[i]);
		for (size_t i = 0; i < st->vars.n; i++)
			strlistpush(vars, xstrndup(st->vars.v[i], strcspn(st->vars.v[i], "=")));
	}
	if (site)
		strlistadd(files, site);
	for (size_t i = 0; i < 2; i++)
		strlistpush(files, pathjoin(e->dir, own[i]));
	for (size_t i = 0; i < e->trackenv.n; i++)
		if (strlistfind(vars, e->trackenv.v[i]) < 0)
			strlistadd(vars, e->trackenv.v[i]);
	static const char *const confvars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS" };
	for (size_t i = 0; i < 3; i++)
		if (strlistfind(vars, confvars[i]) < 0)
			strlistadd(vars, confvars[i]);
	mkdepsmake(e->dir, statedir, files, vars);
}

int
buildsync(const struct env *e, const struct buildopts *o)
{
	const char *label = envlabel(e);
	char *statedir = statedirof(e->dir);
	struct state st;
	struct inputs x = {0};
	struct decision d;
	struct buf sitekey = {0}, binkey = {0};
	struct strlist before = {0}, wfiles = {0}, wvars = {0};
	char *site = NULL;
	bool began = false, stamped = false, hadstamp = false;
	struct stat oldstamp;
	int fd, failed = 1;

	/* a first sync checks the path before it makes anything beside it */
	if (access(statedir, F_OK) < 0 && envsafe(e->dir, label) < 0) {
		free(statedir);
		return 2;
	}
	if (mkdirs(statedir, 0777) < 0) {
		warn("%s: mkdir %s:", label, statedir);
		free(statedir);
		return 1;
	}
	fd = lockacquire(statedir, label, o->quiet);
	if (fd < 0)
		return 1;
	testpause("locked");
	/* a sync killed half-way left the env it kept aside: that env is the user's again */
	int recovered = txnrecover(e->dir, statedir, label);
	if (recovered < 0)
		goto out;
	if (recovered > 0 && !o->quiet)
		warn("%s: put back the env an interrupted sync had kept aside", label);
	if (o->makedeps)
		interpwatch(&wfiles, &wvars);
	stateread(&st, statedir);
	if (decide(&d, e, &st, &x, statedir, true) < 0) {
		failed = spawnsignal() ? 3 : 2;
		goto out;
	}
	if (d.act == ACT_NONE) {
		if (o->verbose)
			warn("%s: up to date", label);
		if (d.refresh && statewrite(statedir, &x, st.site, st.sitekey, st.binkey) < 0)
			warn("%s: write state:", label);
		failed = 0;
		if (o->makedeps)
			writemakedeps(e, statedir, &d, &x, &st, st.site, &wfiles, &wvars);
		goto out;
	}
	if (envsafe(e->dir, label) < 0) {
		failed = 2;
		goto out;
	}
	if (e->backend == BACKEND_NATIVE && nativecheck(e, &x.in) < 0) {
		failed = 2;
		goto out;
	}
	if (!e->pip && !lockwanted(e, &x) && (x.rs.lines.n || x.rs.remote.n)) {
		warn("%s: pip = false, but the env declares requirements that only pip could install", label);
		failed = 2;
		goto out;
	}
	if (!o->quiet)
		fprintf(stderr, "%s: %s: %s%s%s\n", argv0, label, actionname(d.act),
		    d.act == ACT_CREATE ? "" : ": ", d.act == ACT_CREATE ? "" : d.reason);
	/* pip resolves, and the wheels are fetched, before the env is touched: the env in
	 * place stays usable meanwhile, and a resolve that fails (a typo in a pin, the index
	 * gone) leaves it as it is */
	if (e->backend == BACKEND_NATIVE && d.act != ACT_INSTALL) {
		/* pip's seed is unpacked and compiled meanwhile by a forked process, when the cache lacks it (a first sync on this machine) */
		nativeseedahead(e, &x.in);
		int locked = lockwanted(e, &x) ? lockinstall(e, &x, o->quiet, o->verbose, true) : 1;
		if (locked < 0 || stoppedby() || (locked == 1 && e->pip && resolveahead(e, &x, o->quiet, o->verbose) < 0)
		    || stoppedby()) {
			char *why = xstrdup(stoppedby() ? "stopped by a signal" : lastwarn());
			failrecord(statedir, x.fp, why);
			free(why);
			if (!o->quiet && access(e->dir, F_OK) == 0)
				warn("%s: the env is as it was before this sync", label);
			failed = stoppedby() ? 3 : 1;
			goto out;
		}
		testpause("resolved");
	}
	/* the state stays: an env left half-done reads as changed since the last
	 * sync, and the marker says why; one pip failed to touch stays as it was */
	if (statepending(statedir, actionname(d.act)) < 0) {
		warn("%s: write %s/pending:", label, statedir);
		goto out;
	}
	testpause("marked");
	/* from here every change can be undone: the env as it was waits in the state dir */
	if (txnbegin(e->dir, statedir, d.act == ACT_INSTALL, label) < 0)
		goto out;
	began = true;
	testpause("kept");
	/* a signal held since the env was kept: nothing made yet, nothing to undo but the rename */
	if (stoppedby() || (d.act != ACT_INSTALL && (create(e, statedir, &x, o) < 0 || stoppedby())))
		goto out;
	testpause("created");
	if (d.act == ACT_INSTALL)
		distinfos(st.site, &before);
	int installed = install(e, &x, d.act != ACT_INSTALL, o);
	if (installed == 2 && !stoppedby()) {
		/* a damaged cache entry, now discarded: a clean rebuild makes it again from its
		 * wheel, resolved and fetched again when that went with a sync's download dir */
		if (!o->quiet)
			fprintf(stderr, "%s: %s: recreating: a damaged cache entry is made again from its wheel\n", argv0, label);
		installed = create(e, statedir, &x, o) < 0 || stoppedby() ? -1 : install(e, &x, true, o);
	}
	if (installed != 0 || stoppedby())
		goto out;
	testpause("installed");
	if (d.act == ACT_INSTALL && replaced(st.site, &before)) {
		/* pip up- or downgraded what was there: only a rebuild is sure to be exact */
		if (!o->quiet)
			fprintf(stderr, "%s: %s: recreating: pip replaced an installed package\n", argv0, label);
		if (create(e, statedir, &x, o) < 0 || stoppedby() || install(e, &x, true, o) < 0 || stoppedby())
			goto out;
	}
	if (envidentity(e->dir, &site, &sitekey, &binkey) < 0) {
		warn("%s: the backend left no site-packages", label);
		goto out;
	}
	/* a signal held until here still undoes the sync: nothing is recorded yet */
	if (stoppedby())
		goto out;
	char *stamp = stamppath(statedir);
	hadstamp = stat(stamp, &oldstamp) == 0;
	free(stamp);
	if (stamptouch(statedir, x.fp) < 0) {
		warn("%s: write stamp:", label);
		goto out;
	}
	stamped = true;
	testpause("stamped");
	if (stoppedby())
		goto out;
	if (statewrite(statedir, &x, site, sitekey.s, binkey.s) < 0) {
		warn("%s: write state:", label);
		goto out;
	}
	statedone(statedir);
	txncommit(statedir);
	began = false;
	/* every file of the env placed by venvmk: the next recreate may carry them over */
	txnplaced(e->dir, statedir, e->backend == BACKEND_NATIVE && d.act != ACT_INSTALL && !backendpipinstalled());
	failrecord(statedir, NULL, NULL);
	testpause("recorded");
	failed = 0;
	if (o->makedeps)
		writemakedeps(e, statedir, &d, &x, &st, site, &wfiles, &wvars);
out:
	nativeaheaddone(stoppedby());
	if (began) {
		/* the sync failed or was stopped: the user gets back exactly the env they had */
		char *why = xstrdup(stoppedby() ? "stopped by a signal" : lastwarn());
		if (stamped)
			stampback(statedir, hadstamp ? &oldstamp : NULL, st.present ? st.fp : NULL);
		if (txnabort(e->dir, statedir, label) == 0) {
			statedone(statedir);
			if (!o->quiet)
				warn(d.act == ACT_CREATE ? "%s: no half-made env is left" : "%s: the env is as it was before this sync", label);
		}
		failrecord(statedir, x.fp, why);
		free(why);
	}
	txnrelease();
	close(fd);
	free(statedir);
	free(site);
	free(sitekey.s);
	free(binkey.s);
	return failed == 2 ? 2 : statusof(failed == 3 ? 1 : failed);
}

int
buildcheck(const struct env *e, const struct buildopts *o)
{
	const char *label = envlabel(e);
	char *statedir = statedirof(e->dir);
	struct state st;
	struct inputs x = {0};
	struct decision d;

	int ret;

	stateread(&st, statedir);
	ret = decide(&d, e, &st, &x, statedir, false);
	free(statedir);
	if (ret < 0)
		return spawnsignal() ? 128 + spawnsignal() : 2;
	if (d.act == ACT_NONE) {
		if (o->verbose)
			warn("%s: up to date", label);
		return 0;
	}
	if (envsafe(e->dir, label) < 0)
		return 2;
	if (!o->quiet) {
		char *sd = statedirof(e->dir), *why = d.computed ? failreason(sd, x.fp) : NULL;
		fprintf(stderr, "%s: %s: would be %s%s%s\n", argv0, label, d.act == ACT_INSTALL ? "refreshed" :
		    d.act == ACT_CREATE ? "created" : "recreated", d.act == ACT_CREATE ? "" : ": ",
		    d.act == ACT_CREATE ? "" : d.reason);
		if (why)
			fprintf(stderr, "%s: %s: the last sync failed: %s\n", argv0, label, why);
		free(why);
		free(sd);
	}
	return 1;
}

int
buildclean(const struct env *e, const struct buildopts *o)
{
	const char *label = envlabel(e);
	char *statedir = statedirof(e->dir);
	struct stat st;
	int fd, ret = 0;

	if (envsafe(e->dir, label) < 0) {
		free(statedir);
		return 2;
	}
	if (lstat(statedir, &st) < 0 && lstat(e->dir, &st) < 0) {
		free(statedir);
		return 0;
	}
	if (mkdirs(statedir, 0777) < 0 || (fd = lockacquire(statedir, label, o->quiet)) < 0) {
		free(statedir);
		return 1;
	}
	if (stateforget(statedir) < 0)
		ret = 1;
	if (lstat(e->dir, &st) == 0) {
		if (removeenv(e->dir, statedir) < 0) {
			warn("%s: remove:", label);
			ret = 1;
		} else if (!o->quiet) {
			warn("%s: removed", label);
		}
	}
	static const char *const files[] = {
		"stamp", "interp", "pending", "make.d", "checked", "vars", "failed", "placed", "lock",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char *p = pathjoin(statedir, files[i]);
		unlink(p);
		free(p);
	}
	rmdir(statedir);
	close(fd);
	free(statedir);
	return ret;
}
