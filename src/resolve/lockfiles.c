/* lockfiles.c: every file of each locked version, for a lock that other platforms can use:
 * from find-links dirs and pages, and the project pages of the indexes (through the page
 * cache: those the resolution fetched in this run with no request, the others revalidated;
 * read by simpleindex.c). Only files with a sha256 are locked: a version whose index gives
 * none for any of its files has them downloaded and hashed here, as pip-compile does. */
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include "base/util.h"
#include "base/url.h"
#include "base/hash.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "inputs/netconf.h"
#include "cache/cache.h"
#include "cache/wheel.h"
#include "cache/fetchclient.h"
#include "cache/pagecache.h"
#include "parse/datetime.h"
#include "parse/simpleindex.h"
#include "pep/distfile.h"
#include "resolve/lockwrite.h"
#include "resolve/lockfiles.h"

/* P's file with SHA, or NULL */
static struct lwfile *
hasfile(const struct lwpkg *p, const char *sha)
{
	for (size_t k = 0; k < p->nfiles; k++)
		if (strcmp(p->files[k].sha256, sha) == 0)
			return &p->files[k];
	return NULL;
}

void
lockfilesadd(struct lwpkg *p, const char *name, const char *url, const char *path, const char *sha, long long size,
    const char *uploadtime)
{
	if (!sha || strlen(sha) != 64 || hasfile(p, sha))
		return;
	struct lwfile *f = lwaddfile(p, name);
	f->url = url ? urlstripauth(url) : NULL;
	f->path = path ? xstrdup(path) : NULL;
	f->size = size;
	f->uploadtime = uploadtime ? xstrdup(uploadtime) : NULL;
	snprintf(f->sha256, sizeof(f->sha256), "%s", sha);
}

/* the files of the find-links dir DIR that hold a version of LK, named relative to LOCKDIR */
static void
scandir_(struct lwlock *lk, const char *dir, const char *lockdir, const char *cache)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *absdir = pathabs(dir);

	while (d && absdir && (de = readdir(d))) {
		for (size_t i = 0; i < lk->n; i++) {
			struct lwpkg *p = &lk->v[i];
			char hex[65];
			struct stat st;
			if (!distfilematch(de->d_name, p->canon, p->version))
				continue;
			char *path = pathjoin(absdir, de->d_name), *rel = relpath(path, lockdir);
			if (stat(path, &st) == 0 && wheelsha(cache, path, hex) == 0)
				lockfilesadd(p, de->d_name, NULL, rel, hex, st.st_size, NULL);
			free(rel);
			free(path);
		}
	}
	if (d)
		closedir(d);
	free(absdir);
}

struct page {
	char *url;
	long pkg;		/* the package it is the project page of, or -1: a find-links page */
	char *index;		/* the index it is a page of (no credentials), or NULL */
};

static void
addpage(struct page **pages, size_t *n, char *url, long pkg, const char *index)
{
	*pages = xrealloc(*pages, (*n + 1) * sizeof(**pages));
	(*pages)[(*n)++] = (struct page){ url, pkg, index ? urlstripauth(index) : NULL };
}

/* the pages to read for LK: find-links URLs (dirs are scanned now), then each package's project page on every index */
static void
pagesof(struct lwlock *lk, const struct netconf *nc, const char *lockdir, const char *cache,
    struct page **pages, size_t *npages)
{
	struct strlist idx = {0};

	for (size_t f = 0; f < nc->findlinks.n; f++) {
		const char *fl = nc->findlinks.v[f];
		struct stat st;
		if (strncmp(fl, "file://", 7) == 0)
			fl += 7;
		if (stat(fl, &st) == 0 && S_ISDIR(st.st_mode))
			scandir_(lk, fl, lockdir, cache);
		else if (strstr(fl, "://"))
			addpage(pages, npages, urlstripauth(fl), -1, NULL);
	}
	/* without their credentials: the fetch puts back those netconf knows (in the URL twice, they fail) */
	pageindexes(nc, &idx);
	for (size_t i = 0; i < lk->n; i++)
		for (size_t k = 0; k < idx.n; k++)
			addpage(pages, npages, pageurl(idx.v[k], lk->v[i].canon), (long)i, idx.v[k]);
	strlistclear(&idx);
	free(idx.v);
}

/* a file a page lists with no sha256: hashed only when its version has no other */
struct unhashed {
	size_t pkg;
	char *name, *url, *uploadtime;
	const char *index;
};

/* the files PG lists that hold a version of LK (but those uploaded at or after *CUTOFF, when
 * there is one); those with no sha256 onto *UH (*NUH) */
static void
pagefiles(struct lwlock *lk, const struct page *pg, const struct simplefile *fs, size_t nf, const long long *cutoff,
    struct unhashed **uh, size_t *nuh)
{
	for (size_t j = 0; j < nf; j++)
		for (size_t i = 0; i < lk->n; i++) {
			struct lwpkg *p = &lk->v[i];
			if ((pg->pkg >= 0 && (size_t)pg->pkg != i)
			    || !distfilematch(fs[j].filename, p->canon, p->version) || (cutoff && simpleexcluded(&fs[j], *cutoff)))
				continue;
			if (!fs[j].sha256[0]) {
				*uh = xrealloc(*uh, (*nuh + 1) * sizeof(**uh));
				(*uh)[(*nuh)++] = (struct unhashed){ i, xstrdup(fs[j].filename), xstrdup(fs[j].url),
				    fs[j].uploadtime ? xstrdup(fs[j].uploadtime) : NULL, pg->index };
				continue;
			}
			if (pg->index && !p->index)
				p->index = xstrdup(pg->index);
			lockfilesadd(p, fs[j].filename, fs[j].url, NULL, fs[j].sha256, fs[j].size, fs[j].uploadtime);
		}
}

/* the N files of UH whose version LK found no hashed file of, downloaded into S->tmp and hashed */
static void
hashfiles(struct lwlock *lk, const struct netconf *nc, struct unhashed *uh, size_t n, struct sync *s)
{
	struct buf in = {0};
	size_t want = 0;

	for (size_t k = 0; k < n; k++)
		if (lk->v[uh[k].pkg].nfiles == 0 && !strpbrk(uh[k].url, "\t\n") && (s->tmp || (s->tmp = cachetmpdir(s->cache)))) {
			char *url = fetchauthurl(nc, uh[k].url);
			if (want++ == 0)
				fetchoptions(&in, nc);
			bufprintf(&in, "page\t%s\t%s/unhashed-%zu\t\n", url, s->tmp, k);
			memset(url, 0, strlen(url));
			free(url);
		}
	if (want == 0)
		return;
	if (!s->quiet)
		note("%s: lock: hashing %zu file%s the index gives no sha256 of", envlabel(s->e), want, want == 1 ? "" : "s");
	fetchhelperrun(&in, envlabel(s->e), s->quiet ? 2 : 0, s->verbose, NULL);
	for (size_t k = 0; k < n; k++) {
		char *path = xasprintf("%s/unhashed-%zu", s->tmp ? s->tmp : "", k), hex[65];
		struct lwpkg *p = &lk->v[uh[k].pkg];
		struct stat st;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		/* a page's 404 is an empty file: no file at all */
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0 && hashfd(fd, hex) == 0) {
			if (uh[k].index && !p->index)
				p->index = xstrdup(uh[k].index);
			lockfilesadd(p, uh[k].name, uh[k].url, NULL, hex, st.st_size, uh[k].uploadtime);
		}
		if (fd >= 0)
			close(fd);
		unlink(path);
		free(path);
	}
}

/* have the N PAGES (those this run fetched from the page cache) and give the packages of LK the files they list */
static void
readpages(struct lwlock *lk, const struct netconf *nc, const struct page *pages, size_t npages, struct sync *s)
{
	struct pagereq *reqs = xmalloc(npages * sizeof(*reqs));
	long long cutoff;
	const char *cwhy;
	bool hascutoff = s->e->excludenewer && datetimeparse(s->e->excludenewer, true, &cutoff, &cwhy) == 0;

	for (size_t k = 0; k < npages; k++)
		reqs[k] = (struct pagereq){ pages[k].url, NULL, 0, -1 };
	/* a page an extra index lacks (404) is no error: another index has the project */
	struct unhashed *uh = NULL;
	size_t nuh = 0;

	pagesfetch(s, nc, reqs, npages, s->quiet ? 2 : 0);
	for (size_t k = 0; k < npages; k++) {
		struct simplefile *fs;
		size_t nf;
		const char *why;
		if (reqs[k].body && simpleparse(reqs[k].body, reqs[k].len, pages[k].url, &fs, &nf, &why) == 0) {
			pagefiles(lk, &pages[k], fs, nf, hascutoff ? &cutoff : NULL, &uh, &nuh);
			delsimplefiles(fs, nf);
		}
	}
	hashfiles(lk, nc, uh, nuh, s);
	for (size_t k = 0; k < nuh; k++) {
		free(uh[k].name);
		free(uh[k].url);
		free(uh[k].uploadtime);
	}
	free(uh);
	pagesclear(reqs, npages);
	free(reqs);
}

int
lockfilesfind(struct lwlock *lk, struct sync *s, const char *lockdir)
{
	struct netconf nc;
	struct page *pages = NULL;
	size_t npages = 0;

	netconfread(&nc, s->e, &s->x->pipconf, &s->x->rs.lines);
	pagesof(lk, &nc, lockdir, s->cache, &pages, &npages);
	if (npages)
		readpages(lk, &nc, pages, npages, s);
	for (size_t k = 0; k < npages; k++) {
		free(pages[k].url);
		free(pages[k].index);
	}
	free(pages);
	netconfclear(&nc);
	return 0;
}
