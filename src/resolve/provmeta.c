/* provmeta.c: the provider's metadata of candidates: a find-links wheel's own, the PEP 658
 * file an index offers, a big wheel's METADATA read by range requests (provrange.c), or else the wheel itself, fetched in batches as the solver hints,
 * and kept in the cache by hash for good. */
#include <dirent.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/hash.h"
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
#include "resolve/provpriv.h"
#include "resolve/provrange.h"

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

int
provfetch(struct provider *p, struct dlitem *items, size_t n)
{
	const char *label = envlabel(p->s->e);
	int got = wheelfetchrun(&p->nc, items, n, p->s->tmp, label, 2, p->s->verbose);
	struct dlitem *again;
	size_t *at, m = 0;

	if (got != -2)
		return got;
	/* some file is not its index's: the failed ones once more, each failure told, so the
	 * message names which; one that is then had was verified all the same */
	again = xmalloc((n + 1) * sizeof(*again));
	at = xmalloc((n + 1) * sizeof(*at));
	for (size_t k = 0; k < n; k++)
		if (!items[k].path || access(items[k].path, F_OK) != 0) {
			again[m] = items[k];
			again[m].path = NULL;
			at[m++] = k;
		}
	got = wheelfetchrun(&p->nc, again, m, p->s->tmp, label, 1, p->s->verbose);
	for (size_t j = 0; j < m; j++) {
		free(items[at[j]].path);
		items[at[j]].path = again[j].path && access(again[j].path, F_OK) == 0 ? again[j].path : NULL;
		if (!items[at[j]].path)
			free(again[j].path);
	}
	if (got == -2)
		provfinal(p, "a file is not the one its index names (above): refused, and not handed to pip");
	free(again);
	free(at);
	return got;
}

/* whether C's metadata comes from its wheel: the index has no metadata file, or the install needs the wheel anyway */
static bool
wheelwanted(const struct pcand *c)
{
	return !c->meta || (c->fetchwheel && c->sha256[0]);
}

/* read the METADATA of the queued big wheels with no metadata file by range requests, and keep it */
static void
metaranged(struct provider *p)
{
	struct pcand **r = xmalloc((p->nmq + 1) * sizeof(*r));
	size_t n = 0;

	for (size_t i = 0; i < p->nmq; i++) {
		struct pcand *c = p->mq[i];
		if (!c->metatext && (metanow(p, c), !c->metatext) && provrangefits(c))
			r[n++] = c;
	}
	if (n)
		provrangemeta(p, r, n);
	for (size_t k = 0; k < n; k++)
		if (r[k]->metatext)
			metakeep(p, r[k], r[k]->metatext);
	free(r);
}

/* fetch the metadata of every queued candidate together: PEP 658 files, else range reads of big wheels, else the wheels; 0 or -1 */
int
provfetchmeta(struct provider *p)
{
	struct dlitem *items = xmalloc((p->nmq + 1) * sizeof(*items));
	struct pcand **which = xmalloc((p->nmq + 1) * sizeof(*which));
	size_t n = 0;

	if (!p->s->tmp && !(p->s->tmp = cachetmpdir(p->s->cache))) {
		free(items);
		free(which);
		return -1;
	}
	metaranged(p);
	for (size_t i = 0; i < p->nmq; i++) {
		struct pcand *c = p->mq[i];
		if (c->metatext || (metanow(p, c), c->metatext) || !c->url)
			continue;
		if (!wheelwanted(c))
			items[n] = (struct dlitem){ xasprintf("%s.metadata", c->url),
			    c->metasha[0] ? xasprintf("sha256=%s", c->metasha) : NULL, -1,
			    /* its own name in a dir of its hash (messages name it); a page's without one is made unique */
			    c->metasha[0] ? xasprintf("%s.metadata", c->filename) : xasprintf("%s.metadata.%zu", c->filename, p->requests + n), NULL };
		else if (c->sha256[0])
			items[n] = (struct dlitem){ xstrdup(c->url), xasprintf("sha256=%s", c->sha256), -1,
			    xstrdup(c->filename), NULL };
		else
			continue;	/* no hash, no metadata file: pip takes it */
		which[n++] = c;
	}
	p->nmq = 0;
	if (n)
		provfetch(p, items, n);
	p->requests += n;
	for (size_t k = 0; k < n; k++) {
		struct pcand *c = which[k];
		struct buf b = {0};
		bool whl = wheelwanted(c);
		int got = !items[k].path ? -1 : whl ? wheelmetadata(items[k].path, &b) : readfile(items[k].path, &b);
		if (got == 0) {
			char hex[65] = "";
			c->metatext = b.s ? b.s : xstrdup("");
			/* a metadata file's hash names it: what the wheel holds is kept under it only when the same */
			if (whl && c->meta && c->metasha[0])
				hashbytes(c->metatext, strlen(c->metatext), hex);
			if (!c->meta || (c->metasha[0] && (!whl || strcmp(hex, c->metasha) == 0)))
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

void
provfinal(struct provider *p, const char *why)
{
	if (!p->final)
		p->final = xstrdup(why);
}

const char *
providerfinal(const struct provider *p)
{
	return p->final;
}

void
provqueue(struct provider *p, struct pcand *c)
{
	if (c->queued || c->metatext || !c->wheel)
		return;
	c->queued = true;
	p->mq = xrealloc(p->mq, (p->nmq + 1) * sizeof(*p->mq));
	p->mq[p->nmq++] = c;
}
