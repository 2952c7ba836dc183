/* pipresolve.c: pip resolves (a dry run, or pip download; the report is cached by fingerprint); venvmk links the wheels. */
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "pip/backend.h"
#include "cache/cache.h"
#include "env/native.h"
#include "parse/report.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "cache/wheel.h"
#include "cache/cacheentry.h"
#include "base/spawn.h"
#include "inputs/netconf.h"
#include "cache/fetchclient.h"
#include "cache/bytecode.h"
#include "cache/remote.h"
#include "pip/pipdownload.h"
#include "pip/pipsdist.h"
#include "resolve/ownresolve.h"
#include "pip/pipresolve.h"

/* PEP 503 name, as a dist-info dir spells it: lower case, runs of -_. as one '_' */
static char *
normname(const char *name, size_t n)
{
	char *s = xmalloc(n + 1), *d = s;

	for (size_t i = 0; i < n; i++) {
		if (name[i] == '-' || name[i] == '_' || name[i] == '.') {
			if (d == s || d[-1] != '_')
				*d++ = '_';
		} else {
			*d++ = tolower((unsigned char)name[i]);
		}
	}
	*d = '\0';
	return s;
}

/* "name\tversion" of every dist installed in SITE */
static void
installed(const char *site, struct strlist *out)
{
	DIR *d = opendir(site);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		const char *dash;
		if (n < 11 || strcmp(de->d_name + n - 10, ".dist-info") != 0)
			continue;
		dash = memchr(de->d_name, '-', n - 10);
		if (!dash)
			continue;
		char *name = normname(de->d_name, dash - de->d_name);
		strlistpush(out, xasprintf("%s\t%.*s", name, (int)(n - 10 - (dash - de->d_name) - 1), dash + 1));
		free(name);
	}
	closedir(d);
}

/* the installed version of NAME, or NULL */
static const char *
installedversion(const struct strlist *dists, const char *name)
{
	char *n = normname(name, strlen(name));
	size_t len = strlen(n);
	const char *v = NULL;

	for (size_t i = 0; i < dists->n && !v; i++)
		if (strncmp(dists->v[i], n, len) == 0 && dists->v[i][len] == '\t')
			v = dists->v[i] + len + 1;
	free(n);
	return v;
}

/* can every wheel of R be linked without pip: its file is unchanged, or gone but cached, or fetched by hash? */
static bool
usable(const struct report *r, const char *cache)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct reportitem *it = &r->v[i];
		char hex[65];
		if (!it->wheel || it->remote)
			continue;	/* a remote wheel is named by its hash: fetched again if the cache lost it */
		if (access(it->path, F_OK) == 0) {
			/* the file is here: it must still be what pip resolved (a wheel rebuilt
			 * under the same name is a new resolution) */
			if (!it->hash || wheelsha(cache, it->path, hex) < 0 || strcmp(hex, it->hash + 7) != 0)
				return false;
			continue;
		}
		if (!it->hash || !wheelcached(cache, it->hash))
			return false;
	}
	return true;
}

/* fetch every remote wheel of R that NEED marks and the cache lacks into S->tmp, unpacked there (QUIET as
 * wheelfetchmissing's); sets their paths */
static int
fetchmissing(struct report *r, const bool *need, struct sync *s, int quiet)
{
	struct dlitem *items = xmalloc((r->n + 1) * sizeof(*items));
	size_t *which = xmalloc((r->n + 1) * sizeof(*which)), n = 0;

	for (size_t i = 0; i < r->n; i++)
		if (need[i] && r->v[i].remote) {
			struct reportitem *it = &r->v[i];
			items[n] = (struct dlitem){ it->url, it->hash, -1, it->file, NULL };
			which[n++] = i;
		}
	int ret = wheelfetchmissing(items, n, s, quiet);
	for (size_t k = 0; k < n; k++)
		if (items[k].path) {
			free(r->v[which[k]].path);
			r->v[which[k]].path = items[k].path;
		}
	free(items);
	free(which);
	return ret;
}

/* the cached report of fingerprint FP into R, if there is one and it is usable */
static bool
cachedreport(struct report *r, const char *cache, const char *fp)
{
	char *path = xasprintf("%s/reports/%s.json", cache, fp);
	struct buf text = {0};
	bool ok = false;

	if (readfile(path, &text) == 0) {
		ok = reportparse(r, text.s, path) == 0 && usable(r, cache);
		if (!ok)
			reportclear(r);
	}
	free(text.s);
	free(path);
	return ok;
}

/* -v: S's resolution is R, the cached report of its fingerprint: who made it */
static void
tellcached(const struct sync *s, const struct report *r)
{
	const char *who = r->pipversion ? r->pipversion : "pip";

	if (s->verbose)
		note("%s: resolved before: this fingerprint's cached report, made by %s%s", envlabel(s->e),
		    strcmp(who, "venvmk") == 0 ? "venvmk's resolver" : strcmp(who, "download") == 0 ? "pip download" : "pip ",
		    strcmp(who, "venvmk") == 0 || strcmp(who, "download") == 0 ? "" : who);
}

/*
 * pip's report for X's fingerprint: the cached one unless AGAIN (*WASCACHED then says so),
 * else a dry run's, or where the env's pip (PIPVERSION) would download every wheel in a dry
 * run, `pip download`'s files in S->tmp with the report made for them; then cached. 0 or -1.
 */
static int
getreport(struct report *r, struct sync *s, const char *pipversion, bool again, bool *wascached)
{
	const struct env *e = s->e;
	const struct inputs *x = s->x;
	const char *cache = s->cache;
	const char *fp = x->fp;
	const char *label = envlabel(e);
	char *cached = xasprintf("%s/reports/%s.json", cache, fp);
	char *statedir = statedirof(e->dir), *fresh = pathjoin(statedir, STATE_REPORT);
	struct buf text = {0};
	struct strlist argv = {0};
	int ret = -1;

	*wascached = false;
	if (!again && !s->upgrade && cachedreport(r, cache, fp)) {
		*wascached = true;	/* told by resolveahead, which found it first */
		ret = 0;
		goto out;
	}
	/* venvmk's own solver first: pip only for what it does not model, or must build
	 * (an sdist whose dependencies are dynamic: pip tells those of that one) */
	s->sdistmeta = pipsdistmeta;
	int own = ownresolve(s, &text);
	if (own == 1)
		goto out;
	if (own == 0) {
		if (reportparse(r, text.s, "venvmk's resolution") < 0)
			goto out;
	} else if (!s->pipextra && !s->dryrun && pipdownloadable(e, x, pipversion)) {
		if (!s->tmp && !(s->tmp = cachetmpdir(cache)))
			goto out;
		char *dl = pathjoin(s->tmp, "download");
		int got = pipdownloadrun(&text, e, x, dl);
		free(dl);
		if (got < 0 || reportparse(r, text.s, "pip download") < 0)
			goto out;
	} else {
		backendpipcmd(e, &argv, true);
		strlistadd(&argv, "--dry-run");
		strlistadd(&argv, "--ignore-installed");
		strlistadd(&argv, "--report");
		strlistadd(&argv, fresh);
		backendpipargs(e, &argv);
		for (size_t i = 0; s->pipextra && i < s->pipextra->n; i++)
			strlistadd(&argv, s->pipextra->v[i]);
		unlink(fresh);
		if (backendrun(&argv, label, PIPRUN_DRYRUN) < 0)
			goto out;
		if (readfile(fresh, &text) < 0) {
			warn("%s: read %s:", label, fresh);
			goto out;
		}
		if (reportparse(r, text.s, fresh) < 0)
			goto out;
	}
	/* one made under a lock's pins (PIPEXTRA) is that lock's, not the resolution of the
	 * fingerprint; one made for sync --upgrade-package is the env's (PINNEDOWN) */
	char *dir = s->pipextra && s->pipextra->n && !s->pinnedown ? NULL : pathdir(cached);
	if (dir && (mkdirs(dir, 0777) < 0 || writefileatomic(cached, text.s, text.len) < 0))
		warn("%s: write %s:", label, cached);	/* only a cache: go on */
	free(dir);
	unlink(fresh);
	ret = 0;
out:
	strlistclear(&argv);
	free(argv.v);
	free(text.s);
	free(cached);
	free(fresh);
	free(statedir);
	return ret;
}

/*
 * The report for S's env (its dists DISTS) with every wheel it needs (*NEED, newly allocated:
 * a wheel not installed) in the cache or fetched into S->tmp. A cached report whose wheels
 * cannot be fetched any more (gone from the index) is resolved afresh, once. 0 or -1.
 */
static int
resolved(struct report *r, bool **need, struct sync *s, const struct strlist *dists, bool again)
{
	bool wascached = false, quiet = s->quiet;

	for (int attempt = again; attempt < 2; attempt++) {
		if (getreport(r, s, installedversion(dists, "pip"), attempt > 0, &wascached) < 0)
			return -1;
		free(*need);
		*need = xmalloc((r->n + 1) * sizeof(**need));
		for (size_t i = 0; i < r->n; i++)
			(*need)[i] = r->v[i].wheel && !installedversion(dists, r->v[i].name);
		/* quiet, a failure that a resolve can make good is not told */
		if (fetchmissing(r, *need, s, quiet && wascached ? 2 : quiet) == 0)
			return 0;
		if (!wascached || spawnsignal())
			return -1;
		if (!quiet)
			note("%s: resolving again: the wheels of the last resolution could not be fetched", envlabel(s->e));
		reportclear(r);
	}
	return -1;
}

/* have the wheels of R that NEED marks unpacked in the cache (fetched or local files, or there already); 0 or -1 */
static int
prepareall(const struct report *r, const bool *need, const struct sync *s)
{
	const char *cache = s->cache, *label = envlabel(s->e);
	char **wheels = xmalloc((r->n + 1) * sizeof(*wheels)), **hashes = xmalloc((r->n + 1) * sizeof(*hashes));
	size_t nw = 0;
	int ret = -1;

	for (size_t i = 0; i < r->n; i++)
		if (need[i]) {
			if (!r->v[i].path && !wheelcached(cache, r->v[i].hash)) {
				/* a cache pruned since the fetch: the next sync fetches it again */
				warn("%s: %s: its cache entry went away during the sync", label, r->v[i].file);
				goto out;
			}
			wheels[nw] = r->v[i].path;
			hashes[nw++] = r->v[i].hash;
		}
	ret = bytecodeprepare(cache, &s->x->in, wheels, hashes, nw);
	if (ret == 0)
		remotekeep(s, wheels, hashes, nw);
out:
	free(wheels);
	free(hashes);
	return ret;
}

/* what a resolve works with: the report, what it needs, the env's layout and dists */
struct work {
	struct report r;
	bool *need;
	struct layout l;
	struct strlist dists;	/* "name\tversion" installed in the env */
	struct sync *s;		/* its tmp: fetched or downloaded files, removed at the end */
};

/* W for the env of S, laid out and its dists read; 0, or -1 after warn() */
static int
workopen(struct work *w, struct sync *s)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	if (nativelayout(&w->l, s->e, &s->x->in, s) < 0)
		return -1;
	installed(w->l.purelib, &w->dists);
	if (strcmp(w->l.platlib, w->l.purelib) != 0)
		installed(w->l.platlib, &w->dists);
	return 0;
}

static void
workclose(struct work *w)
{
	if (w->s && w->s->tmp) {
		removetree(w->s->tmp);
		free(w->s->tmp);
		w->s->tmp = NULL;
	}
	free(w->need);
	reportclear(&w->r);
	if (w->l.prefix)
		nativelayoutclear(&w->l);
	strlistclear(&w->dists);
	free(w->dists.v);
}

/*
 * Resolve S's inputs with venvmk's own resolver, before any scratch env is made, into *R,
 * and cache the answer as pip's report (unless it was made under a lock's pins, which are
 * no input): 1 done, 0 pip must resolve (S->ownfailed set), -1 no solution (told).
 */
static int
ownreport(struct sync *s, struct report *r)
{
	struct buf text = {0};
	int own, ret = 0;

	s->sdistmeta = pipsdistmeta;	/* an sdist whose dependencies are dynamic: pip tells those of that one */
	own = s->ownfailed ? -2 : ownresolve(s, &text);

	if (own == 1) {
		ret = -1;
	} else if (own == 0 && reportparse(r, text.s, "venvmk's resolution") == 0) {
		char *cached = xasprintf("%s/reports/%s.json", s->cache, s->x->fp), *dir = pathdir(cached);
		if (!(s->pipextra && s->pipextra->n && !s->pinnedown))
			(void)(mkdirs(dir, 0777) == 0 && writefileatomic(cached, text.s, text.len) == 0);
		ret = 1;
		free(dir);
		free(cached);
	}
	if (ret == 0)
		s->ownfailed = true;
	free(text.s);
	return ret;
}

int
resolveahead(struct sync *s)
{
	const struct env *e = s->e;
	const char *label = envlabel(e);
	char *statedir = statedirof(e->dir), *scratch = pathjoin(statedir, STATE_RESOLVING);
	char *scratchstate = statedirof(scratch);
	struct strlist argv = {0};
	struct report r = {0};
	struct work w = {0};
	struct env se = *e;
	struct sync ss = *s;	/* the scratch env's sync, with a tmp of its own */
	bool *need = NULL, again = false, quiet = s->quiet;
	int ret = -1;

	if (!backendpipargs(e, &argv)) {
		ret = 0;	/* nothing for pip to resolve */
		goto out;
	}
	/* seen before, here or (a local miss) by a machine that pushed it to the remote cache:
	 * the cached report's wheels fetched if need be, and no pip */
	if (!s->upgrade && (cachedreport(&r, s->cache, s->x->fp) ||
	    (remotepull(s) > 0 && cachedreport(&r, s->cache, s->x->fp)))) {
		tellcached(s, &r);
		need = xmalloc((r.n + 1) * sizeof(*need));
		for (size_t i = 0; i < r.n; i++)
			need[i] = r.v[i].wheel;
		if (fetchmissing(&r, need, s, quiet ? 2 : 0) == 0) {
			ret = prepareall(&r, need, s);
			goto out;
		}
		if (spawnsignal())
			goto out;
		if (!quiet)
			note("%s: resolving again: the wheels of the last resolution could not be fetched", label);
		again = true;
	}
	/* venvmk's own resolver: no scratch env, no pip */
	if (!again && !s->ownfailed) {
		int own = ownreport(s, &r);
		if (own < 0)
			goto out;
		ss.ownfailed = s->ownfailed;
		if (own > 0) {
			need = xmalloc((r.n + 1) * sizeof(*need));
			for (size_t i = 0; i < r.n; i++)
				need[i] = r.v[i].wheel;
			if (fetchmissing(&r, need, s, quiet) == 0)
				ret = prepareall(&r, need, s);
			s->upgrade = false;
			goto out;
		}
	}
	/* no env here yet: none to keep while pip resolves, so pip resolves in the env being
	 * built (which a failed sync removes) and no scratch env costs a create */
	if (!again && access(e->dir, F_OK) < 0 && errno == ENOENT) {
		ret = 0;
		goto out;
	}
	/* a scratch env of the same interpreter and pip stands in for the one to build: the
	 * env in place stays the user's while pip resolves (and if it fails) */
	se.dir = scratch;
	se.label = label;
	ss.e = &se;
	ss.tmp = NULL;
	removetree(scratch);
	removetree(scratchstate);
	if (mkdirs(scratch, 0777) < 0 || mkdirs(scratchstate, 0777) < 0) {
		warn("%s: mkdir %s:", label, scratch);
		goto out;
	}
	if (nativecreate(&ss) < 0 || workopen(&w, &ss) < 0)
		goto out;
	if (resolved(&w.r, &w.need, &ss, &w.dists, again) < 0)
		goto out;
	s->upgrade = false;	/* resolved afresh: the install takes this resolution */
	ret = prepareall(&w.r, w.need, &ss);
out:
	workclose(&w);
	removetree(scratch);
	removetree(scratchstate);
	if (s->tmp) {
		removetree(s->tmp);
		free(s->tmp);
		s->tmp = NULL;
	}
	free(need);
	reportclear(&r);
	strlistclear(&argv);
	free(argv.v);
	free(scratch);
	free(scratchstate);
	free(statedir);
	return ret;
}

int
resolveinstall(struct sync *s)
{
	const struct env *e = s->e;
	const char *label = envlabel(e);
	struct strlist argv = {0};
	struct work w = {0};
	struct linkjob *jobs = NULL;
	size_t njobs = 0;
	bool needpip = false;
	int ret = -1;

	backendpipcmd(e, &argv, s->quiet);
	if (!backendpipargs(e, &argv)) {
		strlistclear(&argv);
		free(argv.v);
		return 0;
	}
	if (workopen(&w, s) < 0)
		goto out;
	if (resolved(&w.r, &w.need, s, &w.dists, false) < 0)
		goto out;
	/* every wheel to link unpacked and compiled first: one Python for all of them */
	if (prepareall(&w.r, w.need, s) < 0)
		goto out;
	jobs = xmalloc((w.r.n + 1) * sizeof(*jobs));
	for (size_t i = 0; i < w.r.n; i++) {
		const struct reportitem *it = &w.r.v[i];
		const char *have = installedversion(&w.dists, it->name);
		if (have && strcmp(have, it->version) == 0)
			continue;
		if (have || !it->wheel) {
			needpip = true;	/* pip replaces a seeded dist, builds, or fetches */
			continue;
		}
		jobs[njobs++] = (struct linkjob){ it->path ? it->path : it->file, it->hash, it->requested, it->directurl };
	}
	/* 2: a cache entry proved damaged (discarded); the caller rebuilds, which makes it again */
	if ((ret = nativelinkmany(s->cache, jobs, njobs, &w.l)) != 0)
		goto out;
	ret = needpip ? backendrun(&argv, label, PIPRUN_INSTALL) : 0;
out:
	free(jobs);
	workclose(&w);
	strlistclear(&argv);
	free(argv.v);
	return ret;
}

int
resolvereport(struct sync *s, struct report *r)
{
	char *scratch, *scratchstate;
	struct env se = *s->e;
	struct sync ss = *s;
	struct work w = {0};
	bool wascached;
	int ret = -1;

	/* a lock needs each dist's dependencies and requires-python, which pip download's report lacks */
	if (!s->upgrade && (!s->pipextra || !s->pipextra->n) && cachedreport(r, s->cache, s->x->fp)) {
		if (!r->pipversion || strcmp(r->pipversion, "download") != 0)
			return 0;
		reportclear(r);
	}
	/* venvmk's own resolver needs no env: a scratch env with pip only when pip resolves */
	int own = ownreport(s, r);
	if (own < 0)
		return -1;
	if (own > 0)
		return 0;
	if (!s->tmp && !(s->tmp = cachetmpdir(s->cache)))
		return -1;
	scratch = pathjoin(s->tmp, "resolving");
	scratchstate = statedirof(scratch);
	if (mkdirs(scratch, 0777) < 0 || mkdirs(scratchstate, 0777) < 0) {
		warn("%s: mkdir %s:", envlabel(s->e), scratch);
		goto out;
	}
	/* a scratch env of the interpreter, with pip: nothing of the user's is touched */
	se.dir = scratch;
	se.label = envlabel(s->e);
	se.pip = true;
	ss.e = &se;
	ss.tmp = NULL;
	ss.dryrun = true;
	ss.ownfailed = true;
	if (nativecreate(&ss) < 0 || workopen(&w, &ss) < 0)
		goto out;
	ret = getreport(r, &ss, installedversion(&w.dists, "pip"), true, &wascached);
out:
	workclose(&w);
	removetree(scratch);
	removetree(scratchstate);
	free(scratch);
	free(scratchstate);
	return ret;
}
