/* lockinstall.c: install a lock (pylock.toml, Pipfile.lock, hash-pinned requirements) into a new
 * native env with no pip: select, pick each wheel by tags, fetch what the cache lacks, check the
 * set is closed, link. Whatever pip must build goes to pip with --no-deps. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "sync/fprint.h"
#include "pip/backend.h"
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
#include "base/spawn.h"
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

/* fetch the wheels of PK the cache lacks into *TMP (under the cache's download lock) and unpack them */
static int
fetchwheels(struct pick *pk, size_t n, const struct env *e, const struct inputs *x, const char *cache,
    char **tmp, bool quiet, bool verbose)
{
	struct dlitem *items = xmalloc((n + 1) * sizeof(*items));
	size_t *which = xmalloc((n + 1) * sizeof(*which)), m = 0;

	for (size_t i = 0; i < n; i++)
		if (pk[i].d && !pk[i].file) {
			items[m] = (struct dlitem){ pk[i].d->url, pk[i].hash, pk[i].d->size, pk[i].d->name, NULL };
			which[m++] = i;
		}
	int ret = wheelfetchmissing(items, m, e, x, cache, tmp, quiet, verbose);
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

int
lockinstall(const struct env *e, const struct inputs *x, bool quiet, bool verbose, bool ahead)
{
	const char *label = envlabel(e);
	struct lock lk = {0};
	struct markerenv me;
	struct tagenv te;
	struct tags tags = {0};
	struct layout l = {0};
	struct strlist argv = {0};
	struct pick *pk = NULL;
	size_t *sel = NULL, nsel = 0, njobs = 0;
	struct linkjob *jobs = NULL;
	char *cache = cachedir(e->cachedir), *tmp = NULL;
	const char *what;
	int ret = -1;

	if (e->lock ? lockload(&lk, e) < 0 : lockfromreqs(&lk, &x->rs, label) < 0)
		goto out;
	what = e->lock ? e->lock : "the set of hash-pinned requirements";
	interpmarkers(&x->in, &me);
	interptags(&x->in, &te);
	if (tagslist(&tags, &te) < 0) {
		warn("%s: cannot tell the wheel tags of %s %s on %s", label, x->in.impl, x->in.version, te.platform);
		goto out;
	}
	if (lockselect(&lk, &me, &e->extras, &e->groups, &sel, &nsel, label) < 0)
		goto out;
	if (lockfindpins(&lk, sel, nsel, e, x, &tags, cache, &tmp, quiet, verbose) < 0)
		goto out;
	pk = xmalloc((nsel + 1) * sizeof(*pk));
	memset(pk, 0, (nsel + 1) * sizeof(*pk));
	for (size_t i = 0; i < nsel; i++) {
		struct lockpkg *p = &lk.v[sel[i]];
		pk[i].p = p;
		strlistcopy(&pk[i].extras, &p->extras);
		if (p->kind == LOCKPKG_PIP) {
			if (p->ndists && checklocal(cache, &p->dists[0], label) < 0)
				goto out;
			continue;
		}
		long k = lockpickwheel(p, &tags);
		/* pip refuses a file whose hash is not listed even when a listed one is cached */
		if ((k < 0 || p->othershown) && lk.form == LOCK_REQS) {
			/* pip's own rules and messages decide what venvmk cannot place */
			if (verbose)
				warn("%s: no wheel of %s %s with a listed hash found: pip resolves", label, p->name, p->version);
			ret = 1;
			goto out;
		}
		if (k < 0) {
			struct buf b = {0};
			locktagsbrief(&tags, &b);
			char at[32] = "";
			if (p->line)
				snprintf(at, sizeof(at), ":%d", p->line);
			warn("%s: %s%s: no wheel of %s%s%s for this interpreter among %zu (best tags tried: %s)",
			    label, what, at, p->name, p->version ? " " : "", p->version ? p->version : "",
			    p->ndists, b.s);
			free(b.s);
			goto out;
		}
		pk[i].d = &p->dists[k];
		snprintf(pk[i].hash, sizeof(pk[i].hash), "sha256=%s", pk[i].d->sha256);
		if (pk[i].d->path) {
			if (checklocal(cache, pk[i].d, label) < 0)
				goto out;
			pk[i].file = xstrdup(pk[i].d->path);
		} else if (!pk[i].d->url && !wheelcached(cache, pk[i].d->sha256)) {
			warn("%s: %s: %s has neither a path nor a url", label, what, pk[i].d->name);
			goto out;
		}
	}
	if (fetchwheels(pk, nsel, e, x, cache, &tmp, quiet, verbose) < 0)
		goto out;
	/* every wheel unpacked and compiled with one Python at most (none when the cache has them) */
	char **wheels = xmalloc((nsel + 1) * sizeof(*wheels)), **hashes = xmalloc((nsel + 1) * sizeof(*hashes));
	size_t nw = 0;
	for (size_t i = 0; i < nsel; i++)
		if (pk[i].d) {
			wheels[nw] = pk[i].file ? pk[i].file : pk[i].d->name;
			hashes[nw++] = pk[i].hash;
		}
	int prepared = nativeprepare(cache, &x->in, wheels, hashes, nw);
	free(wheels);
	free(hashes);
	if (prepared < 0 || checkclosed(pk, nsel, cache, &me, what, label) < 0)
		goto out;
	if (ahead) {
		ret = 0;	/* all in the cache: what is left touches the env */
		goto out;
	}
	if (nativelayout(&l, e, &x->in) < 0)
		goto out;
	backendpipcmd(e, &argv, quiet);
	/* what pip builds needs the env's pip-args too: an index, --no-build-isolation, --config-settings */
	for (size_t i = 0; i < e->pipargs.n; i++)
		strlistadd(&argv, e->pipargs.v[i]);
	strlistadd(&argv, "--no-deps");
	size_t base = argv.n;
	jobs = xmalloc((nsel + 1) * sizeof(*jobs));
	for (size_t i = 0; i < nsel; i++) {
		const char *v = pk[i].version ? pk[i].version : pk[i].p->version;
		int s = seeded(l.purelib, pk[i].p->canon, v);
		if (s == 1)
			continue;
		if (!pk[i].d || s < 0) {
			/* pip builds it, or replaces the pip the env was seeded with */
			char *req = pk[i].d ? xstrdup(pk[i].file ? pk[i].file : pk[i].d->url) : xstrdup(pk[i].p->pipreq);
			if (strncmp(req, "-e ", 3) == 0) {
				strlistadd(&argv, "-e");
				strlistadd(&argv, req + 3);
				free(req);
			} else {
				strlistpush(&argv, req);
			}
			continue;
		}
		jobs[njobs++] = (struct linkjob){ pk[i].file ? pk[i].file : pk[i].d->name, pk[i].hash, true, NULL };
	}
	/* 2: a cache entry proved damaged (discarded); the caller rebuilds, which makes it again */
	int linked = nativelinkmany(cache, jobs, njobs, &l);
	if (linked != 0) {
		ret = linked < 0 ? -1 : 2;
		goto out;
	}
	if (argv.n > base && !e->pip) {
		warn("%s: pip = false, but %s holds what only pip can install (%s)", label, what, argv.v[base]);
		goto out;
	}
	ret = argv.n > base ? backendrun(&argv, label, "pip install --no-deps") : 0;
out:
	if (tmp) {
		removetree(tmp);
		free(tmp);
	}
	if (pk)
		pickclear(pk, nsel);
	free(jobs);
	free(sel);
	if (l.prefix)
		nativelayoutfree(&l);
	tagsclear(&tags);
	lockclear(&lk);
	strlistclear(&argv);
	free(argv.v);
	free(cache);
	return ret;
}

bool
lockwanted(const struct env *e, const struct inputs *x)
{
	if (e->backend != BACKEND_NATIVE)
		return false;
	return e->lock || reqhashpinned(&x->rs, e);
}
