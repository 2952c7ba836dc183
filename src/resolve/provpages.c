/* provpages.c: the provider's project pages: those of every queued name on every index,
 * and the find-links pages, fetched together by venvmk-fetch; a find-links dir read. */
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
#include "cache/pagecache.h"
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

/* the project and version the file name FNAME holds (CANON normalized), and whether it is a wheel; false for any other name */
bool
provfilenv(const char *fname, char **canon, char **version, bool *wheel)
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

struct pproj *
provproj(struct provider *p, const char *canon)
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
		if (de->d_name[0] == '.' || !provfilenv(de->d_name, &canon, &version, &wheel))
			continue;
		struct simplefile f = { .size = -1 };
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

/* fetch the pages of every queued project (and, the first time, the find-links pages) together, through the page cache; 0 or -1 */
int
provfetchpages(struct provider *p)
{
	struct pagereq *reqs = NULL;
	long *owner = NULL;
	size_t n = 0;
	struct strlist idx = {0};

	pageindexes(&p->nc, &idx);
	for (size_t f = 0; !p->flread && f < p->nc.findlinks.n; f++) {
		const char *fl = p->nc.findlinks.v[f];
		struct stat st;
		if (strncmp(fl, "file://", 7) == 0)
			fl += 7;
		if (stat(fl, &st) == 0 && S_ISDIR(st.st_mode)) {
			scanlinks(p, fl);
		} else if (strstr(fl, "://")) {
			reqs = xrealloc(reqs, (n + 1) * sizeof(*reqs));
			owner = xrealloc(owner, (n + 1) * sizeof(*owner));
			reqs[n] = (struct pagereq){ urlstripauth(fl), NULL, 0, -1 };
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
			reqs = xrealloc(reqs, (n + 1) * sizeof(*reqs));
			owner = xrealloc(owner, (n + 1) * sizeof(*owner));
			reqs[n] = (struct pagereq){ pageurl(idx.v[k], pj->canon), NULL, 0, -1 };
			owner[n++] = (long)j;
		}
	}
	if (n)
		p->requests += pagesfetch(p->s, &p->nc, reqs, n, 2);
	size_t got = 0;
	for (size_t k = 0; k < n; k++) {
		struct simplefile *fs;
		size_t nf;
		const char *why;
		if (reqs[k].body && simpleparse(reqs[k].body, reqs[k].len, reqs[k].url, &fs, &nf, &why) == 0) {
			got++;
			if (owner[k] < 0)
				addfiles(&p->fl, &p->nfl, fs, nf);
			else
				addfiles(&p->proj[owner[k]]->files, &p->proj[owner[k]]->nfiles, fs, nf);
		} else if (owner[k] >= 0) {
			p->proj[owner[k]]->pagefailed = true;
		}
		free((char *)reqs[k].url);
	}
	pagesclear(reqs, n);
	free(reqs);
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
