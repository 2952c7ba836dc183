/* lockinstall.c: install a lock (pylock.toml, Pipfile.lock, hash-pinned requirements) into a new
 * native env with no pip: select, pick each wheel by tags, fetch what the cache lacks, check the
 * set is closed, link. Whatever pip must build is left to the caller for pip --no-deps. */
#include <dirent.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "cache/cache.h"
#include "env/native.h"
#include "cache/wheel.h"
#include "cache/cacheentry.h"
#include "pep/marker.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/tags.h"
#include "inputs/netconf.h"
#include "cache/fetchclient.h"
#include "cache/bytecode.h"
#include "base/spawn.h"
#include "parse/lockdata.h"
#include "inputs/lockfile.h"
#include "env/lockfind.h"
#include "env/lockinstall.h"

/* what one selected package installs from */
struct pick {
	struct lockpkg *p;
	struct lockdist *d;	/* the wheel; NULL for a pip entry */
	char hash[72];		/* "sha256=HEX" */
	char *file;		/* the wheel file to unpack (a local one, or the fetched one) */
	char *version;		/* from the wheel's METADATA once unpacked */
	struct strlist extras;	/* the extras the set asks of it */
};

/* a local file of the lock: there, of its size and hash? 0, or -1 after warn() naming it */
static int
checklocal(const char *cache, const struct lockdist *d, const char *label)
{
	struct stat st;
	char hex[65];

	if (stat(d->path, &st) < 0) {
		warn("%s: %s: the lock names it, but it does not exist", label, d->path);
		return -1;
	}
	if (d->size >= 0 && st.st_size != d->size) {
		warn("%s: %s: size mismatch: the lock says %lld bytes, the file has %lld", label, d->path,
		    d->size, (long long)st.st_size);
		return -1;
	}
	if (wheelsha(cache, d->path, hex) < 0) {
		warn("%s: read %s:", label, d->path);
		return -1;
	}
	if (strcmp(hex, d->sha256) != 0) {
		warn("%s: %s: sha256 mismatch: the lock says %s, the file has %s", label, d->path, d->sha256, hex);
		return -1;
	}
	return 0;
}

/* the METADATA of the cache entry of SHA, newly allocated, or NULL */
static char *
entrymetadata(const char *cache, const char *sha)
{
	char *dir = xasprintf("%s/wheels/%s", cache, sha), *text = NULL;
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && !text && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n <= 10 || strcmp(de->d_name + n - 10, ".dist-info") != 0)
			continue;
		char *p = xasprintf("%s/%s/METADATA", dir, de->d_name);
		struct buf b = {0};
		if (readfile(p, &b) == 0)
			text = b.s ? b.s : xstrdup("");
		free(p);
	}
	if (d)
		closedir(d);
	free(dir);
	return text;
}

/* every value of header KEY in the METADATA TEXT (its headers end at the first blank line) */
static void
headervalues(const char *text, const char *key, struct strlist *out)
{
	size_t k = strlen(key);

	for (const char *p = text; *p && *p != '\n'; ) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n > k && strncasecmp(p, key, k) == 0 && p[k] == ':') {
			const char *v = p + k + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t m = p + n - v;
			while (m && (v[m - 1] == '\r' || v[m - 1] == ' '))
				m--;
			strlistpush(out, xstrndup(v, m));
		}
		p += n + (e != NULL);
	}
}

static struct pick *
findpick(struct pick *pk, size_t n, const char *canon)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(pk[i].p->canon, canon) == 0)
			return &pk[i];
	return NULL;
}

/*
 * Is the set closed: every Requires-Dist of every wheel (its markers and the extras asked
 * of it applied) satisfied by a package of the set? 0, or -1 after warn() naming the first
 * that is not.
 */
static int
checkclosed(struct pick *pk, size_t n, const char *cache, const struct markerenv *me,
    const char *what, const char *label)
{
	bool changed = true;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		if (pk[i].d && !pk[i].version) {
			char *meta = entrymetadata(cache, pk[i].hash + 7);
			struct strlist v = {0};
			if (meta)
				headervalues(meta, "Version", &v);
			pk[i].version = v.n ? xstrdup(v.v[0]) : NULL;
			strlistclear(&v);
			free(v.v);
			free(meta);
		}
	/* the extras asked of a package add requirements, which may ask more extras: until none is new */
	for (int round = 0; changed && ret == 0 && round < 64; round++) {
		changed = false;
		for (size_t i = 0; i < n && ret == 0; i++) {
			if (!pk[i].d)
				continue;	/* pip builds it: its requirements are not known before */
			char *meta = entrymetadata(cache, pk[i].hash + 7);
			struct strlist reqs = {0};
			if (meta)
				headervalues(meta, "Requires-Dist", &reqs);
			free(meta);
			for (size_t r = 0; r < reqs.n && ret == 0; r++) {
				struct dep d;
				const char *why;
				if (depparse(&d, reqs.v[r], &why) < 0)
					continue;	/* pip would not read it either; not ours to judge */
				for (size_t x = 0; x <= pk[i].extras.n && ret == 0; x++) {
					const char *extra = x == 0 ? "" : pk[i].extras.v[x - 1];
					if (d.marker && markereval(d.marker, me, extra, NULL, NULL, &why) != 1)
						continue;
					struct pick *to = findpick(pk, n, d.canon);
					struct version v;
					if (!to) {
						warn("%s: %s is not closed: %s %s requires %s, which it does not hold", label,
						    what, pk[i].p->name, pk[i].version ? pk[i].version : "", reqs.v[r]);
						ret = -1;
						break;
					}
					const char *have = to->version ? to->version : to->p->version;
					if (have && d.spec.n && versionparse(&v, have, &why) == 0) {
						bool ok = specmatch(&d.spec, &v, SPECPRE);
						versionclear(&v);
						if (!ok) {
							warn("%s: %s is not closed: %s %s requires %s, but it holds %s %s", label,
							    what, pk[i].p->name, pk[i].version ? pk[i].version : "", reqs.v[r],
							    to->p->name, have);
							ret = -1;
							break;
						}
					}
					for (size_t k = 0; k < d.extras.n; k++)
						if (strlistfind(&to->extras, d.extras.v[k]) < 0) {
							strlistadd(&to->extras, d.extras.v[k]);
							changed = true;
						}
				}
				depclear(&d);
			}
			strlistclear(&reqs);
			free(reqs.v);
		}
	}
	return ret;
}

/* fetch the wheels of PK the cache of S lacks into S->tmp (under the cache's download lock) and unpack them */
static int
fetchwheels(struct pick *pk, size_t n, struct sync *s)
{
	struct dlitem *items = xmalloc((n + 1) * sizeof(*items));
	size_t *which = xmalloc((n + 1) * sizeof(*which)), m = 0;

	for (size_t i = 0; i < n; i++)
		if (pk[i].d && !pk[i].file) {
			items[m] = (struct dlitem){ pk[i].d->url, pk[i].hash, pk[i].d->size, pk[i].d->name, NULL };
			which[m++] = i;
		}
	int ret = wheelfetchmissing(items, m, s, s->quiet);
	for (size_t k = 0; k < m; k++)
		if (items[k].path)
			pk[which[k]].file = items[k].path;
	free(items);
	free(which);
	return ret;
}

/* is a dist of NAME (PEP 503 form) at VERSION already in SITE (pip, seeded)? 1 same, 0 none, -1 another version */
static int
seeded(const char *site, const char *canon, const char *version)
{
	DIR *d = opendir(site);
	struct dirent *de;
	int r = 0;

	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char *dash;
		if (n <= 10 || strcmp(de->d_name + n - 10, ".dist-info") != 0 || !(dash = strchr(de->d_name, '-')))
			continue;
		struct buf b = {0};
		char *nm = xstrndup(de->d_name, dash - de->d_name);
		depnormname(nm, &b);
		if (b.s && strcmp(b.s, canon) == 0)
			r = version && strlen(version) == (size_t)(n - 10 - (dash + 1 - de->d_name))
			    && strncmp(dash + 1, version, strlen(version)) == 0 ? 1 : -1;
		free(nm);
		free(b.s);
	}
	if (d)
		closedir(d);
	return r;
}

static void
pickclear(struct pick *pk, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(pk[i].file);
		free(pk[i].version);
		strlistclear(&pk[i].extras);
		free(pk[i].extras.v);
	}
	free(pk);
}

/* one lock install: the lock read, the set selected for the interpreter, and each package's pick */
struct lockrun {
	struct sync *s;
	const char *label;
	const char *what;	/* the lock file, or "the set of hash-pinned requirements" */
	struct lock lk;
	struct markerenv me;
	struct tags tags;
	size_t *sel, nsel;
	struct pick *pk;	/* one per selected package */
};

/* read the lock of R->s, select the set for its interpreter, and find the files of its pins; 0 or -1 after warn() */
static int
lockread(struct lockrun *r)
{
	const struct env *e = r->s->e;
	const struct inputs *x = r->s->x;
	struct tagenv te;

	if (e->lock ? lockload(&r->lk, e) < 0 : lockfromreqs(&r->lk, &x->rs, r->label) < 0)
		return -1;
	r->what = e->lock ? e->lock : "the set of hash-pinned requirements";
	interpmarkers(&x->in, &r->me);
	interptags(&x->in, &te);
	if (tagslist(&r->tags, &te) < 0) {
		warn("%s: cannot tell the wheel tags of %s %s on %s", r->label, x->in.impl, x->in.version, te.platform);
		return -1;
	}
	if (lockselect(&r->lk, &r->me, &e->extras, &e->groups, &r->sel, &r->nsel, r->label) < 0)
		return -1;
	return lockfindpins(&r->lk, r->sel, r->nsel, &r->tags, r->s);
}

/* pick the wheel of each selected package (pip's entries keep none): 0, 1 when pip must resolve, or -1 after warn() */
static int
lockpick(struct lockrun *r)
{
	const char *cache = r->s->cache, *label = r->label;

	r->pk = xmalloc((r->nsel + 1) * sizeof(*r->pk));
	memset(r->pk, 0, (r->nsel + 1) * sizeof(*r->pk));
	for (size_t i = 0; i < r->nsel; i++) {
		struct lockpkg *p = &r->lk.v[r->sel[i]];
		struct pick *pk = &r->pk[i];
		pk->p = p;
		strlistcopy(&pk->extras, &p->extras);
		if (p->kind == LOCKPKG_PIP) {
			if (p->ndists && checklocal(cache, &p->dists[0], label) < 0)
				return -1;
			continue;
		}
		long k = lockpickwheel(p, &r->tags);
		/* pip refuses a file whose hash is not listed even when a listed one is cached */
		if ((k < 0 || p->othershown) && r->lk.form == LOCK_REQS) {
			/* pip's own rules and messages decide what venvmk cannot place */
			if (r->s->verbose)
				note("%s: no wheel of %s %s with a listed hash found: pip resolves", label, p->name, p->version);
			return 1;
		}
		if (k < 0) {
			struct buf b = {0};
			locktagsbrief(&r->tags, &b);
			char at[32] = "";
			if (p->line)
				snprintf(at, sizeof(at), ":%d", p->line);
			warn("%s: %s%s: no wheel of %s%s%s for this interpreter among %zu (best tags tried: %s)",
			    label, r->what, at, p->name, p->version ? " " : "", p->version ? p->version : "",
			    p->ndists, b.s);
			free(b.s);
			return -1;
		}
		pk->d = &p->dists[k];
		snprintf(pk->hash, sizeof(pk->hash), "sha256=%s", pk->d->sha256);
		if (pk->d->path) {
			if (checklocal(cache, pk->d, label) < 0)
				return -1;
			pk->file = xstrdup(pk->d->path);
		} else if (!pk->d->url && !wheelcached(cache, pk->d->sha256)) {
			warn("%s: %s: %s has neither a path nor a url", label, r->what, pk->d->name);
			return -1;
		}
	}
	return 0;
}

/* every picked wheel fetched when the cache lacks it, unpacked and compiled with one Python
 * at most (none when the cache has them), and the set checked to be closed; 0 or -1 after warn() */
static int
lockprepare(struct lockrun *r)
{
	if (fetchwheels(r->pk, r->nsel, r->s) < 0)
		return -1;
	char **wheels = xmalloc((r->nsel + 1) * sizeof(*wheels)), **hashes = xmalloc((r->nsel + 1) * sizeof(*hashes));
	size_t nw = 0;
	for (size_t i = 0; i < r->nsel; i++)
		if (r->pk[i].d) {
			wheels[nw] = r->pk[i].file ? r->pk[i].file : r->pk[i].d->name;
			hashes[nw++] = r->pk[i].hash;
		}
	int prepared = bytecodeprepare(r->s->cache, &r->s->x->in, wheels, hashes, nw);
	free(wheels);
	free(hashes);
	if (prepared < 0 || checkclosed(r->pk, r->nsel, r->s->cache, &r->me, r->what, r->label) < 0)
		return -1;
	return 0;
}

/* link every picked wheel into the new env (but what its seed already holds), the rest into
 * PIPREQS for pip; 0, 2 when a cache entry proved damaged, or -1 after warn() */
static int
locklink(struct lockrun *r, struct strlist *pipreqs)
{
	const struct env *e = r->s->e;
	struct layout l = {0};
	struct linkjob *jobs;
	size_t njobs = 0;
	int ret;

	if (nativelayout(&l, e, &r->s->x->in, r->s) < 0) {
		if (l.prefix)
			nativelayoutclear(&l);
		return -1;
	}
	jobs = xmalloc((r->nsel + 1) * sizeof(*jobs));
	for (size_t i = 0; i < r->nsel; i++) {
		struct pick *pk = &r->pk[i];
		const char *v = pk->version ? pk->version : pk->p->version;
		int s = seeded(l.purelib, pk->p->canon, v);
		if (s == 1)
			continue;
		if (!pk->d || s < 0) {
			/* pip builds it, or replaces the pip the env was seeded with */
			char *req = pk->d ? xstrdup(pk->file ? pk->file : pk->d->url) : xstrdup(pk->p->pipreq);
			if (strncmp(req, "-e ", 3) == 0) {
				strlistadd(pipreqs, "-e");
				strlistadd(pipreqs, req + 3);
				free(req);
			} else {
				strlistpush(pipreqs, req);
			}
			continue;
		}
		jobs[njobs++] = (struct linkjob){ pk->file ? pk->file : pk->d->name, pk->hash, true, NULL };
	}
	/* 2: a cache entry proved damaged (discarded); the caller rebuilds, which makes it again */
	int linked = nativelinkmany(r->s->cache, jobs, njobs, &l);
	ret = linked < 0 ? -1 : linked;
	if (ret == 0 && pipreqs->n && !e->pip) {
		warn("%s: pip = false, but %s holds what only pip can install (%s)", r->label, r->what, pipreqs->v[0]);
		ret = -1;
	}
	free(jobs);
	nativelayoutclear(&l);
	return ret;
}

int
lockinstall(struct sync *s, bool ahead, struct strlist *pipreqs)
{
	struct lockrun r = { .s = s, .label = envlabel(s->e) };
	int ret = -1;

	if (lockread(&r) < 0)
		goto out;
	if ((ret = lockpick(&r)) != 0)
		goto out;
	/* AHEAD: all in the cache; what is left touches the env */
	ret = lockprepare(&r) < 0 ? -1 : ahead ? 0 : locklink(&r, pipreqs);
out:
	if (s->tmp) {
		removetree(s->tmp);
		free(s->tmp);
		s->tmp = NULL;
	}
	if (r.pk)
		pickclear(r.pk, r.nsel);
	free(r.sel);
	tagsclear(&r.tags);
	lockclear(&r.lk);
	return ret;
}

bool
lockwanted(const struct env *e, const struct inputs *x)
{
	if (e->backend != BACKEND_NATIVE)
		return false;
	return e->lock || reqhashpinned(&x->rs, e);
}
