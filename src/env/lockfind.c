/* lockfind.c: the files of pinned packages, from find-links dirs and index pages (fetched by
 * venvmk-fetch, read by simpleindex.c): only those whose sha256 the lock lists. */
#include <dirent.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "cache/cache.h"
#include "cache/wheel.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/tags.h"
#include "pep/distfile.h"
#include "inputs/netconf.h"
#include "cache/fetchclient.h"
#include "parse/simpleindex.h"
#include "parse/lockdata.h"
#include "inputs/lockfile.h"
#include "env/lockfind.h"

static bool
haswheel(const struct lockpkg *p, const struct tags *tags)
{
	return lockpickwheel(p, tags) >= 0;
}

/* a file of P found at PATH or URL with SHA, unless P has it already */
static void
adddist(struct lockpkg *p, const char *fname, const char *path, const char *url, const char *sha)
{
	for (size_t k = 0; k < p->ndists; k++)
		if (strcmp(p->dists[k].sha256, sha) == 0)
			return;
	p->dists = xrealloc(p->dists, (p->ndists + 1) * sizeof(*p->dists));
	struct lockdist *d = &p->dists[p->ndists++];
	memset(d, 0, sizeof(*d));
	d->name = xstrdup(fname);
	d->path = path ? xstrdup(path) : NULL;
	d->url = url ? xstrdup(url) : NULL;
	d->size = -1;
	snprintf(d->sha256, sizeof(d->sha256), "%s", sha);
}

/* the files of the find-links dir DIR that pins of LK (SEL) list */
static void
scandir_(struct lock *lk, const size_t *sel, size_t nsel, const char *dir, const char *cache)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		for (size_t i = 0; i < nsel; i++) {
			struct lockpkg *p = &lk->v[sel[i]];
			char hex[65];
			if (p->kind != LOCKPKG_PIN || !distfilematch(de->d_name, p->canon, p->version))
				continue;
			char *path = pathjoin(dir, de->d_name);
			if (wheelsha(cache, path, hex) == 0 && strlistfind(&p->hashes, hex) >= 0)
				adddist(p, de->d_name, path, NULL, hex);
			else
				p->othershown = true;
			free(path);
		}
	}
	if (d)
		closedir(d);
}

/* the cache entry of SHA as a file of P: named by its best tag for TAGS, found by its hash */
static void
fromcache(struct lockpkg *p, const char *sha, const char *cache, const struct tags *tags)
{
	char *dir = xasprintf("%s/wheels/%s", cache, sha), *m = pathjoin(dir, ".venvmk-manifest");
	DIR *d = access(m, F_OK) == 0 ? opendir(dir) : NULL;
	struct dirent *de;
	char *best = NULL;
	long bestrank = -1;

	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n <= 10 || strcmp(de->d_name + n - 10, ".dist-info") != 0)
			continue;
		char *w = xasprintf("%s/%s/WHEEL", dir, de->d_name);
		struct buf b = {0};
		if (readfile(w, &b) == 0 && b.s)
			for (char *l = strtok(b.s, "\n"); l; l = strtok(NULL, "\n")) {
				if (strncmp(l, "Tag: ", 5) != 0)
					continue;
				char *name = xasprintf("%s-%s-%.*s.whl", p->canon, p->version, (int)strcspn(l + 5, "\r "), l + 5);
				for (char *c = name; *c && c < name + strlen(p->canon); c++)
					if (*c == '-')
						*c = '_';
				long r = tagsrank(tags, name);
				if (r >= 0 && (bestrank < 0 || r < bestrank)) {
					free(best);
					best = name;
					bestrank = r;
				} else {
					free(name);
				}
			}
		free(b.s);
		free(w);
	}
	if (d)
		closedir(d);
	if (best)
		adddist(p, best, NULL, NULL, sha);
	free(best);
	free(dir);
	free(m);
}

struct page {
	char *url;
	long pkg;		/* the pin it is the project page of, or -1: a find-links page for every pin */
};

/* the pages to read for the pins of LK among SEL: find-links URLs (dirs are scanned now),
 * then each pin's project page on its index (or pip's) unless the cache already gives it a wheel */
static void
pagesof(struct lock *lk, const size_t *sel, size_t nsel, const struct netconf *nc, const struct tags *tags,
    const char *cache, struct page **pages, size_t *npages)
{
	for (size_t f = 0; f < nc->findlinks.n; f++) {
		const char *fl = nc->findlinks.v[f];
		struct stat st;
		if (strncmp(fl, "file://", 7) == 0)
			fl += 7;
		if (stat(fl, &st) == 0 && S_ISDIR(st.st_mode))
			scandir_(lk, sel, nsel, fl, cache);
		else if (strstr(fl, "://")) {
			*pages = xrealloc(*pages, (*npages + 1) * sizeof(**pages));
			(*pages)[(*npages)++] = (struct page){ xstrdup(fl), -1 };
		}
	}
	/* a listed hash the cache holds needs no page: its entry's WHEEL names its tags */
	for (size_t i = 0; i < nsel; i++) {
		struct lockpkg *p = &lk->v[sel[i]];
		for (size_t k = 0; p->kind == LOCKPKG_PIN && !haswheel(p, tags) && k < p->hashes.n; k++)
			fromcache(p, p->hashes.v[k], cache, tags);
	}
	for (size_t i = 0; i < nsel; i++) {
		struct lockpkg *p = &lk->v[sel[i]];
		if (p->kind != LOCKPKG_PIN || haswheel(p, tags))
			continue;
		struct strlist idx = {0};
		if (p->index)
			strlistadd(&idx, p->index);
		else if (!nc->noindex) {
			strlistadd(&idx, nc->index ? nc->index : "https://pypi.org/simple/");
			for (size_t k = 0; k < nc->extra.n; k++)
				strlistadd(&idx, nc->extra.v[k]);
		}
		for (size_t k = 0; k < idx.n; k++) {
			size_t n = strlen(idx.v[k]);
			*pages = xrealloc(*pages, (*npages + 1) * sizeof(**pages));
			(*pages)[(*npages)++] = (struct page){ xasprintf("%s%s%s/", idx.v[k],
			    n && idx.v[k][n - 1] == '/' ? "" : "/", p->canon), (long)sel[i] };
		}
		strlistclear(&idx);
		free(idx.v);
	}
}

/* fetch the N PAGES into S->tmp and give each pin of LK among SEL the files they list with a listed hash; 0 or -1 */
static int
readpages(struct lock *lk, const size_t *sel, size_t nsel, const struct netconf *nc,
    const struct page *pages, size_t npages, struct sync *s)
{
	struct dlitem *items = xmalloc(npages * sizeof(*items));

	if (!s->tmp && !(s->tmp = cachetmpdir(s->cache))) {
		free(items);
		return -1;
	}
	for (size_t k = 0; k < npages; k++) {
		char *name = xasprintf("page-%zu", k);
		items[k] = (struct dlitem){ pages[k].url, NULL, -1, name, NULL };
	}
	/* a page an extra index lacks (404) is no error while another page has the file */
	wheelfetchrun(nc, items, npages, s->tmp, envlabel(s->e), s->quiet, s->verbose);
	for (size_t k = 0; k < npages; k++) {
		struct buf b = {0};
		struct simplefile *fs;
		size_t nf;
		const char *why;
		if (readfile(items[k].path, &b) == 0 && simpleparse(b.s ? b.s : "", b.len, pages[k].url, &fs, &nf, &why) == 0) {
			for (size_t j = 0; j < nf; j++)
				for (size_t i = 0; i < nsel; i++) {
					struct lockpkg *p = &lk->v[sel[i]];
					if (p->kind != LOCKPKG_PIN || (pages[k].pkg >= 0 && (size_t)pages[k].pkg != sel[i])
					    || !fs[j].sha256[0] || strlistfind(&p->hashes, fs[j].sha256) < 0
					    || !distfilematch(fs[j].filename, p->canon, p->version))
						continue;
					adddist(p, fs[j].filename, NULL, fs[j].url, fs[j].sha256);
				}
			delsimplefiles(fs, nf);
		}
		free(b.s);
		free(items[k].path);
		free((char *)items[k].name);
	}
	free(items);
	return 0;
}

/* a pin of LK among SEL with no wheel for TAGS but a listed sdist: pip builds it */
static void
sdistpins(struct lock *lk, const size_t *sel, size_t nsel, const struct tags *tags)
{
	for (size_t i = 0; i < nsel; i++) {
		struct lockpkg *p = &lk->v[sel[i]];
		if (p->kind != LOCKPKG_PIN || haswheel(p, tags))
			continue;
		for (size_t k = 0; k < p->ndists; k++) {
			size_t n = strlen(p->dists[k].name);
			if (n > 4 && strcmp(p->dists[k].name + n - 4, ".whl") == 0)
				continue;
			p->kind = LOCKPKG_PIP;
			p->what = "sdist";
			p->pipreq = p->dists[k].path ? xstrdup(p->dists[k].path)
			    : xasprintf("%s @ %s#sha256=%s", p->name, p->dists[k].url, p->dists[k].sha256);
			if (!p->dists[k].path) {
				p->ndists = 0;	/* nothing local to check; pip checks the fragment's hash */
			} else if (k) {
				struct lockdist t = p->dists[0];
				p->dists[0] = p->dists[k];
				p->dists[k] = t;
			}
			break;
		}
	}
}

int
lockfindpins(struct lock *lk, const size_t *sel, size_t nsel, const struct tags *tags, struct sync *s)
{
	struct netconf nc;
	struct page *pages = NULL;
	size_t npages = 0, npins = 0;
	int ret = 0;

	for (size_t i = 0; i < nsel; i++)
		npins += lk->v[sel[i]].kind == LOCKPKG_PIN;
	if (npins == 0)
		return 0;
	netconfread(&nc, s->e, &s->x->pipconf, &s->x->rs.lines);
	pagesof(lk, sel, nsel, &nc, tags, s->cache, &pages, &npages);
	if (npages)
		ret = readpages(lk, sel, nsel, &nc, pages, npages, s);
	if (ret == 0)
		sdistpins(lk, sel, nsel, tags);
	for (size_t k = 0; k < npages; k++)
		free(pages[k].url);
	free(pages);
	netconfclear(&nc);
	return ret;
}
