/* provider.c: what venvmk's solver asks, answered from the indexes and find-links of an
 * env: the candidates of a version (its best wheel for the interpreter, else an sdist,
 * which pip builds at install) and each candidate's requirements. The project pages come
 * from provpages.c (every name met, fetched together; the names a candidate depends on are
 * queued as soon as its metadata is read), the metadata from provmeta.c (wheels) and
 * provsdist.c (sdists). */
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
#include "inputs/binfmt.h"
#include "cache/wheel.h"
#include "cache/wheelmeta.h"
#include "cache/fetchclient.h"
#include "cache/cache.h"
#include "parse/datetime.h"
#include "parse/simpleindex.h"
#include "parse/coremeta.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "pep/tags.h"
#include "solve/solver.h"
#include "resolve/provider.h"
#include "resolve/provpriv.h"

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
	c->size = f->size;
	c->wheel = wheel;
	c->yanked = f->yanked;
	c->meta = f->metadata;
	snprintf(c->metasha, sizeof(c->metasha), "%s", f->metasha256);
	c->requirespython = f->requirespython ? xstrdup(f->requirespython) : NULL;
	p->cands = xrealloc(p->cands, (p->ncands + 1) * sizeof(*p->cands));
	p->cands[p->ncands++] = c;
	return c;
}

/* the best file of CANON at VERSION among the N FILES: the wheel whose tag ranks first for P's interpreter, else an sdist,
 * each only where --only-binary and --no-binary allow it; NULL when none fits */
static const struct simplefile *
bestfile(const struct provider *p, const char *canon, const char *version, const struct simplefile *files, size_t n,
    bool *wheel)
{
	const struct simplefile *best = NULL, *sdist = NULL;
	long rank = -1;

	for (size_t i = 0; i < n; i++) {
		char *c, *v;
		bool w;
		if (!provfilenv(files[i].filename, &c, &v, &w))
			continue;
		if (strcmp(c, canon) == 0 && strcmp(v, version) == 0 && binfmtallows(p->bf, canon, w)) {
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

/* does P's exclude-newer leave out the file F (a page's: a find-links dir's files have no upload-time and stay)? */
static bool
excluded(struct provider *p, const struct simplefile *f)
{
	if (!p->cutoff || !strstr(f->url, "://") || !simpleexcluded(f, p->cutoffus))
		return false;
	if (!f->uploadtime && !p->toldnotime && !p->s->quiet) {
		note("%s: %s: the index gives no upload-time (an HTML page?): exclude-newer leaves out its files",
		    envlabel(p->s->e), f->filename);
		p->toldnotime = true;
	}
	return true;
}

/* the files of J: its pages', then the find-links files of its name; those exclude-newer leaves out are not */
static void
projfiles(struct provider *p, const struct pproj *j, struct simplefile **v, size_t *n)
{
	*v = xmalloc((j->nfiles + p->nfl + 1) * sizeof(**v));
	*n = 0;
	for (size_t i = 0; i < j->nfiles; i++)
		if (!excluded(p, &j->files[i]))
			(*v)[(*n)++] = j->files[i];
	for (size_t i = 0; i < p->nfl; i++) {
		if (excluded(p, &p->fl[i]))
			continue;
		char *c, *ver;
		bool w;
		if (provfilenv(p->fl[i].filename, &c, &ver, &w)) {
			if (strcmp(c, j->canon) == 0)
				(*v)[(*n)++] = p->fl[i];
			free(c);
			free(ver);
		}
	}
}

/* J's candidates, one a version, made the first time and kept (NULL, 0 when it has no file); fetches its pages when needed; -1 on a failure */
int
provcands(struct provider *p, struct pproj *j, struct pcand ***out, size_t *n)
{
	struct simplefile *files;
	size_t nf;
	struct strlist seen = {0};

	if (!j->fetched) {
		j->queued = true;
		if (provfetchpages(p) < 0)
			return -1;
	}
	if (!j->listed) {
		j->listed = true;
		projfiles(p, j, &files, &nf);
		j->cands = xmalloc((nf + 1) * sizeof(*j->cands));
		for (size_t i = 0; i < nf; i++) {
			char *c, *v;
			bool w;
			if (!provfilenv(files[i].filename, &c, &v, &w))
				continue;
			if (strcmp(c, j->canon) == 0 && strlistfind(&seen, v) < 0) {
				const struct simplefile *f = bestfile(p, j->canon, v, files, nf, &w);
				strlistadd(&seen, v);
				if (f)
					j->cands[j->ncands++] = mkcand(p, j->canon, v, f, w);
			}
			free(c);
			free(v);
		}
		/* no file at all is no such package; files exclude-newer left out are none of its versions */
		j->nofile = nf == 0 && j->nfiles == 0;
		strlistclear(&seen);
		free(seen.v);
		free(files);
	}
	*out = j->cands;
	*n = j->ncands;
	return 0;
}

static int
versions(void *ctx, const char *name, struct solvecand **cands, size_t *n)
{
	struct provider *p = ctx;
	struct pproj *j = provproj(p, name);
	struct pcand **pc;
	size_t npc;

	*cands = NULL;
	*n = 0;
	if (provcands(p, j, &pc, &npc) < 0)
		return -1;
	*cands = xmalloc((npc + 1) * sizeof(**cands));
	for (size_t i = 0; i < npc; i++)
		(*cands)[(*n)++] = (struct solvecand){ xstrdup(pc[i]->version),
		    pc[i]->requirespython ? xstrdup(pc[i]->requirespython) : NULL, pc[i]->yanked, pc[i],
		    p->bf->preferbin && !pc[i]->wheel };	/* --prefer-binary: an sdist is tried last */
	return j->nofile ? 1 : 0;
}

static void
prefetch(void *ctx, const char *name, const char *version, void *data)
{
	(void)name;
	(void)version;
	provqueue(ctx, data);
}

static int
deps(void *ctx, const char *name, const char *version, void *data, struct strlist *reqs, struct strlist *extras)
{
	struct provider *p = ctx;
	struct pcand *c = data;
	struct coremeta m;

	if (!c->wheel && !c->metatext && provsdistmeta(p, c) < 0)
		return -1;	/* an sdist whose dependencies only a build can tell: pip resolves */
	if (!c->metatext) {
		provqueue(p, c);
		if (provfetchmeta(p) < 0)
			return -1;
	}
	if (!c->metatext || coremetaparse(&m, c->metatext, strlen(c->metatext)) < 0) {
		free(p->why);
		p->why = xasprintf("the metadata of %s %s could not be had", name, version);
		return -1;
	}
	for (size_t i = 0; !p->nodeps && i < m.requiresdist.n; i++) {
		struct dep d;
		const char *why;
		strlistadd(reqs, m.requiresdist.v[i]);
		/* the pages of what it needs here are fetched with the next batch (an extra's, or
		 * another platform's, only if the solver asks) */
		if (depparse(&d, m.requiresdist.v[i], &why) == 0) {
			if (!d.marker || markereval(d.marker, &p->me, NULL, NULL, NULL, &why) == 1)
				provproj(p, d.canon)->queued = true;
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
	p->bf = xmalloc(sizeof(*p->bf));
	binfmtread(p->bf, s->e, &s->x->pipconf, &s->x->rs.lines);
	interpmarkers(&s->x->in, &p->me);
	const char *why;
	p->cutoff = s->e->excludenewer && datetimeparse(s->e->excludenewer, true, &p->cutoffus, &why) == 0;
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
		free(p->proj[i]->cands);
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
	free(p->final);
	tagsclear(&p->tags);
	netconfclear(&p->nc);
	binfmtclear(p->bf);
	free(p->bf);
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
		provproj(p, d.canon)->queued = true;
		depclear(&d);
	}
}

void
providernodeps(struct provider *p)
{
	p->nodeps = true;
}
