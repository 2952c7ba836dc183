/* provider.c: what venvmk's solver asks, answered from the indexes and find-links of an
 * env: the project pages of every name met, fetched together by venvmk-fetch (the names a
 * candidate depends on are queued as soon as its metadata is read); the candidates of a
 * version (its best wheel for the interpreter, else an sdist, which pip must build); and
 * each candidate's metadata: a find-links wheel's own, the PEP 658 file an index offers,
 * or else the wheel itself, fetched in batches as the solver hints, and kept in the cache
 * by hash for good. */
#include <dirent.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include "base/util.h"
#include "base/url.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "inputs/netconf.h"
#include "cache/wheel.h"
#include "cache/wheelmeta.h"
#include "cache/fetchclient.h"
#include "cache/cache.h"
#include "parse/simpleindex.h"
#include "parse/coremeta.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "pep/tags.h"
#include "solve/solver.h"
#include "resolve/provider.h"

/* a project: its files, from its pages and the find-links */
struct pproj {
	char *canon;
	bool fetched, queued;
	bool pagefailed;	/* an index page of it could not be had */
	struct simplefile *files;
	size_t nfiles;
};

struct provider {
	struct sync *s;
	struct netconf nc;
	struct tags tags;
	struct pproj **proj;
	size_t nproj;
	struct simplefile *fl;	/* the files of the find-links dirs and pages */
	size_t nfl;
	bool flread;
	struct pcand **cands;	/* every candidate made (freed at the end) */
	size_t ncands;
	struct pcand **mq;	/* candidates whose metadata is to be fetched */
	size_t nmq;
	size_t requests;
	char *why;
	struct markerenv me;	/* the interpreter's: which dependencies' pages to fetch ahead */
};

/* the project and version the file name FNAME holds (CANON normalized), and whether it is a wheel; false for any other name */
static bool
filenv(const char *fname, char **canon, char **version, bool *wheel)
{
	static const char *const exts[] = { ".tar.gz", ".zip", ".tar.bz2", ".tgz" };
	size_t n = strlen(fname), stem = 0;
	const char *dash;
	char *name;
	struct buf b = {0};

	*wheel = endswith(fname, ".whl");
	if (*wheel) {
		if (!(dash = strchr(fname, '-')) || !strchr(dash + 1, '-'))
			return false;
		name = xstrndup(fname, dash - fname);
		*version = xstrndup(dash + 1, strcspn(dash + 1, "-"));
	} else {
		for (size_t i = 0; i < sizeof(exts) / sizeof(*exts) && !stem; i++)
			if (endswith(fname, exts[i]))
				stem = n - strlen(exts[i]);
		for (dash = fname + stem; stem && dash > fname && dash[-1] != '-'; dash--)
			;
		if (!stem || dash == fname)
			return false;
		name = xstrndup(fname, dash - 1 - fname);
		*version = xstrndup(dash, fname + stem - dash);
	}
	depnormname(name, &b);
	free(name);
	*canon = b.s ? b.s : xstrdup("");
	return true;
}

static struct pproj *
projof(struct provider *p, const char *canon)
{
	for (size_t i = 0; i < p->nproj; i++)
		if (strcmp(p->proj[i]->canon, canon) == 0)
			return p->proj[i];
	p->proj = xrealloc(p->proj, (p->nproj + 1) * sizeof(*p->proj));
	struct pproj *j = xmalloc(sizeof(*j));
	memset(j, 0, sizeof(*j));
	j->canon = xstrdup(canon);
	p->proj[p->nproj++] = j;
	return j;
}

/* append the N FILES to *V (*NV) */
static void
addfiles(struct simplefile **v, size_t *nv, struct simplefile *files, size_t n)
{
	*v = xrealloc(*v, (*nv + n + 1) * sizeof(**v));
	if (n)
		memcpy(*v + *nv, files, n * sizeof(*files));
	*nv += n;
	free(files);
}

/* the files of the find-links dir DIR into P->fl, with file:// URLs (their hashes later) */
static void
scanlinks(struct provider *p, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *abs = pathabs(dir);

	while (d && abs && (de = readdir(d))) {
		char *canon, *version;
		bool wheel;
		if (de->d_name[0] == '.' || !filenv(de->d_name, &canon, &version, &wheel))
			continue;
		struct simplefile f = {0};
		f.filename = xstrdup(de->d_name);
		f.url = pathjoin(abs, de->d_name);	/* a path: no "://" */
		struct simplefile *one = xmalloc(sizeof(f));
		*one = f;
		addfiles(&p->fl, &p->nfl, one, 1);
		free(canon);
		free(version);
	}
	if (d)
		closedir(d);
	free(abs);
}

/* fetch the pages of every queued project (and, the first time, the find-links pages) together; 0 or -1 */
static int
fetchpages(struct provider *p)
{
	struct dlitem *items = NULL;
	long *owner = NULL;
	size_t n = 0;
	struct strlist idx = {0};

	if (!p->s->tmp && !(p->s->tmp = cachetmpdir(p->s->cache)))
		return -1;
	if (!p->nc.noindex) {
		char *i = urlstripauth(p->nc.index ? p->nc.index : "https://pypi.org/simple/");
		strlistpush(&idx, i);
		for (size_t k = 0; k < p->nc.extra.n; k++)
			strlistpush(&idx, urlstripauth(p->nc.extra.v[k]));
	}
	for (size_t f = 0; !p->flread && f < p->nc.findlinks.n; f++) {
		const char *fl = p->nc.findlinks.v[f];
		struct stat st;
		if (strncmp(fl, "file://", 7) == 0)
			fl += 7;
		if (stat(fl, &st) == 0 && S_ISDIR(st.st_mode)) {
			scanlinks(p, fl);
		} else if (strstr(fl, "://")) {
			items = xrealloc(items, (n + 1) * sizeof(*items));
			owner = xrealloc(owner, (n + 1) * sizeof(*owner));
			items[n] = (struct dlitem){ fl, NULL, -1, NULL, NULL };
			owner[n++] = -1;
		}
	}
	p->flread = true;
	for (size_t j = 0; j < p->nproj; j++) {
		struct pproj *pj = p->proj[j];
		if (pj->fetched || !pj->queued)
			continue;
		pj->fetched = true;
		for (size_t k = 0; k < idx.n; k++) {
			size_t len = strlen(idx.v[k]);
			items = xrealloc(items, (n + 1) * sizeof(*items));
			owner = xrealloc(owner, (n + 1) * sizeof(*owner));
			items[n] = (struct dlitem){ xasprintf("%s%s%s/", idx.v[k], len && idx.v[k][len - 1] == '/' ? "" : "/",
			    pj->canon), NULL, -1, NULL, NULL };
			owner[n++] = (long)j;
		}
	}
	for (size_t k = 0; k < n; k++)
		items[k].name = xasprintf("page-%zu-%zu", p->requests, k);
	if (n)
		wheelfetchrun(&p->nc, items, n, p->s->tmp, envlabel(p->s->e), 2, p->s->verbose);
	p->requests += n;
	size_t got = 0;
	for (size_t k = 0; k < n; k++) {
		struct buf b = {0};
		struct simplefile *fs;
		size_t nf;
		const char *why;
		if (items[k].path && readfile(items[k].path, &b) == 0
		    && simpleparse(b.s ? b.s : "", b.len, items[k].url, &fs, &nf, &why) == 0) {
			got++;
			if (owner[k] < 0)
				addfiles(&p->fl, &p->nfl, fs, nf);
			else
				addfiles(&p->proj[owner[k]]->files, &p->proj[owner[k]]->nfiles, fs, nf);
		} else if (owner[k] >= 0) {
			p->proj[owner[k]]->pagefailed = true;
		}
		free(b.s);
		if (owner[k] >= 0)
			free((char *)items[k].url);
		free((char *)items[k].name);
		free(items[k].path);
	}
	free(items);
	free(owner);
	strlistclear(&idx);
	free(idx.v);
	/* no page at all: the index is down or refuses us, which pip must say (a page of one
	 * name that fails beside others that came is that name missing from that index) */
	if (n && !got) {
		free(p->why);
		p->why = xstrdup("no index page could be fetched");
		return -1;
	}
	return 0;
}

/* a new candidate of CANON VERSION from the file F (a page's, or a find-links path) */
static struct pcand *
mkcand(struct provider *p, const char *canon, const char *version, const struct simplefile *f, bool wheel)
{
	struct pcand *c = xmalloc(sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->name = xstrdup(canon);
	c->version = xstrdup(version);
	c->filename = xstrdup(f->filename);
	if (strstr(f->url, "://"))
		c->url = xstrdup(f->url);
	else
		c->path = xstrdup(f->url);
	snprintf(c->sha256, sizeof(c->sha256), "%s", f->sha256);
	c->wheel = wheel;
	c->yanked = f->yanked;
	c->meta = f->metadata;
	snprintf(c->metasha, sizeof(c->metasha), "%s", f->metasha256);
	c->requirespython = f->requirespython ? xstrdup(f->requirespython) : NULL;
	p->cands = xrealloc(p->cands, (p->ncands + 1) * sizeof(*p->cands));
	p->cands[p->ncands++] = c;
	return c;
}

/* the best file of CANON at VERSION among the N FILES: the wheel whose tag ranks first for P's interpreter, else an sdist; NULL when none fits */
static const struct simplefile *
bestfile(const struct provider *p, const char *canon, const char *version, const struct simplefile *files, size_t n,
    bool *wheel)
{
	const struct simplefile *best = NULL, *sdist = NULL;
	long rank = -1;

	for (size_t i = 0; i < n; i++) {
		char *c, *v;
		bool w;
		if (!filenv(files[i].filename, &c, &v, &w))
			continue;
		if (strcmp(c, canon) == 0 && strcmp(v, version) == 0) {
			long r = w ? tagsrank(&p->tags, files[i].filename) : -1;
			if (w && r >= 0 && (rank < 0 || r < rank)) {
				best = &files[i];
				rank = r;
			} else if (!w && !sdist) {
				sdist = &files[i];
			}
		}
		free(c);
		free(v);
	}
	*wheel = best != NULL;
	return best ? best : sdist;
}

/* the files of J: its pages', then the find-links files of its name */
static void
projfiles(const struct provider *p, const struct pproj *j, struct simplefile **v, size_t *n)
{
	*v = xmalloc((j->nfiles + p->nfl + 1) * sizeof(**v));
	*n = 0;
	if (j->nfiles)
		memcpy(*v, j->files, j->nfiles * sizeof(**v));
	*n = j->nfiles;
	for (size_t i = 0; i < p->nfl; i++) {
		char *c, *ver;
		bool w;
		if (filenv(p->fl[i].filename, &c, &ver, &w)) {
			if (strcmp(c, j->canon) == 0)
				(*v)[(*n)++] = p->fl[i];
			free(c);
			free(ver);
		}
	}
}

static int
versions(void *ctx, const char *name, struct solvecand **cands, size_t *n)
{
	struct provider *p = ctx;
	struct pproj *j = projof(p, name);
	struct simplefile *files;
	size_t nf;
	struct strlist seen = {0};

	*cands = NULL;
	*n = 0;
	if (!j->fetched) {
		j->queued = true;
		if (fetchpages(p) < 0)
			return -1;
	}
	projfiles(p, j, &files, &nf);
	*cands = xmalloc((nf + 1) * sizeof(**cands));
	for (size_t i = 0; i < nf; i++) {
		char *c, *v;
		bool w;
		if (!filenv(files[i].filename, &c, &v, &w))
			continue;
		if (strcmp(c, name) == 0 && strlistfind(&seen, v) < 0) {
			const struct simplefile *f = bestfile(p, name, v, files, nf, &w);
			strlistadd(&seen, v);
			if (f) {
				struct pcand *pc = mkcand(p, name, v, f, w);
				(*cands)[(*n)++] = (struct solvecand){ xstrdup(v),
				    pc->requirespython ? xstrdup(pc->requirespython) : NULL, pc->yanked, pc };
			}
		}
		free(c);
		free(v);
	}
	strlistclear(&seen);
	free(seen.v);
	free(files);
	return nf == 0 ? 1 : 0;
}

/* the cache file of C's metadata (keyed by its hash, or by its wheel's), or NULL when nothing names it */
static char *
metacache(const struct provider *p, const struct pcand *c)
{
	if (c->metasha[0])
		return xasprintf("%s/metadata/%s", p->s->cache, c->metasha);
	if (c->sha256[0])
		return xasprintf("%s/metadata/wheel-%s", p->s->cache, c->sha256);
	return NULL;
}

/* C's metadata from its local wheel or the cache, when it can be had without a request */
static void
metanow(const struct provider *p, struct pcand *c)
{
	struct buf b = {0};
	char *mc;

	if (c->path) {
		if (wheelmetadata(c->path, &b) == 0)
			c->metatext = b.s ? b.s : xstrdup("");
		else
			free(b.s);
		return;
	}
	if ((mc = metacache(p, c)) && readfile(mc, &b) == 0 && b.s)
		c->metatext = b.s;
	else
		free(b.s);
	free(mc);
}

/* keep TEXT, C's verified metadata, in the cache for good (a failure is no error: only a cache) */
static void
metakeep(const struct provider *p, const struct pcand *c, const char *text)
{
	char *mc = metacache(p, c), *dir = mc ? pathdir(mc) : NULL;

	if (mc && mkdirs(dir, 0777) == 0)
		writefileatomic(mc, text, strlen(text));
	free(dir);
	free(mc);
}

/* fetch the metadata of every queued candidate together: PEP 658 files, else the wheels; 0 or -1 */
static int
fetchmeta(struct provider *p)
{
	struct dlitem *items = xmalloc((p->nmq + 1) * sizeof(*items));
	struct pcand **which = xmalloc((p->nmq + 1) * sizeof(*which));
	size_t n = 0;

	if (!p->s->tmp && !(p->s->tmp = cachetmpdir(p->s->cache))) {
		free(items);
		free(which);
		return -1;
	}
	for (size_t i = 0; i < p->nmq; i++) {
		struct pcand *c = p->mq[i];
		if (c->metatext || (metanow(p, c), c->metatext) || !c->url)
			continue;
		if (c->meta)
			items[n] = (struct dlitem){ xasprintf("%s.metadata", c->url),
			    c->metasha[0] ? xasprintf("sha256=%s", c->metasha) : NULL, -1,
			    xasprintf("%s.metadata.%zu", c->filename, p->requests + n), NULL };
		else if (c->sha256[0])
			items[n] = (struct dlitem){ xstrdup(c->url), xasprintf("sha256=%s", c->sha256), -1,
			    xstrdup(c->filename), NULL };
		else
			continue;	/* no hash, no metadata file: pip takes it */
		which[n++] = c;
	}
	p->nmq = 0;
	if (n)
		wheelfetchrun(&p->nc, items, n, p->s->tmp, envlabel(p->s->e), 2, p->s->verbose);
	p->requests += n;
	for (size_t k = 0; k < n; k++) {
		struct pcand *c = which[k];
		struct buf b = {0};
		int got = !items[k].path ? -1 : c->meta ? readfile(items[k].path, &b) : wheelmetadata(items[k].path, &b);
		if (got == 0) {
			c->metatext = b.s ? b.s : xstrdup("");
			if (!c->meta || c->metasha[0])
				metakeep(p, c, c->metatext);
		} else {
			free(b.s);
		}
		free((char *)items[k].url);
		free((char *)items[k].hash);
		free((char *)items[k].name);
		free(items[k].path);
	}
	free(items);
	free(which);
	return 0;
}

static void
queue(struct provider *p, struct pcand *c)
{
	if (c->queued || c->metatext || !c->wheel)
		return;
	c->queued = true;
	p->mq = xrealloc(p->mq, (p->nmq + 1) * sizeof(*p->mq));
	p->mq[p->nmq++] = c;
}

static void
prefetch(void *ctx, const char *name, const char *version, void *data)
{
	(void)name;
	(void)version;
	queue(ctx, data);
}

static int
deps(void *ctx, const char *name, const char *version, void *data, struct strlist *reqs, struct strlist *extras)
{
	struct provider *p = ctx;
	struct pcand *c = data;
	struct coremeta m;

	if (!c->wheel) {
		free(p->why);
		p->why = xasprintf("%s %s has no wheel for this interpreter: pip builds its sdist", name, version);
		return -1;
	}
	if (!c->metatext) {
		queue(p, c);
		if (fetchmeta(p) < 0)
			return -1;
	}
	if (!c->metatext || coremetaparse(&m, c->metatext, strlen(c->metatext)) < 0) {
		free(p->why);
		p->why = xasprintf("the metadata of %s %s could not be had", name, version);
		return -1;
	}
	for (size_t i = 0; i < m.requiresdist.n; i++) {
		struct dep d;
		const char *why;
		strlistadd(reqs, m.requiresdist.v[i]);
		/* the pages of what it needs here are fetched with the next batch (an extra's, or
		 * another platform's, only if the solver asks) */
		if (depparse(&d, m.requiresdist.v[i], &why) == 0) {
			if (!d.marker || markereval(d.marker, &p->me, NULL, NULL, NULL, &why) == 1)
				projof(p, d.canon)->queued = true;
			depclear(&d);
		}
	}
	for (size_t i = 0; i < m.providesextra.n; i++)
		strlistadd(extras, m.providesextra.v[i]);
	coremetaclear(&m);
	return 0;
}

struct provider *
mkprovider(struct sync *s)
{
	struct provider *p = xmalloc(sizeof(*p));
	struct tagenv te;

	memset(p, 0, sizeof(*p));
	p->s = s;
	interptags(&s->x->in, &te);
	if (tagslist(&p->tags, &te) < 0) {
		free(p);
		return NULL;
	}
	netconfread(&p->nc, s->e, &s->x->pipconf, &s->x->rs.lines);
	interpmarkers(&s->x->in, &p->me);
	return p;
}

void
delprovider(struct provider *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nproj; i++) {
		delsimplefiles(p->proj[i]->files, p->proj[i]->nfiles);
		free(p->proj[i]->canon);
		free(p->proj[i]);
	}
	free(p->proj);
	delsimplefiles(p->fl, p->nfl);
	for (size_t i = 0; i < p->ncands; i++) {
		struct pcand *c = p->cands[i];
		free(c->name);
		free(c->version);
		free(c->filename);
		free(c->url);
		free(c->path);
		free(c->requirespython);
		free(c->metatext);
		free(c);
	}
	free(p->cands);
	free(p->mq);
	free(p->why);
	tagsclear(&p->tags);
	netconfclear(&p->nc);
	free(p);
}

void
providerbind(struct provider *p, struct solveprovider *sp)
{
	sp->ctx = p;
	sp->versions = versions;
	sp->deps = deps;
	sp->prefetch = prefetch;
}

const char *
providerwhy(const struct provider *p)
{
	return p->why;
}

size_t
providerrequests(const struct provider *p)
{
	return p->requests;
}

void
providerwant(struct provider *p, const char *req)
{
	struct dep d;
	const char *why;

	if (depparse(&d, req, &why) == 0) {
		projof(p, d.canon)->queued = true;
		depclear(&d);
	}
}
