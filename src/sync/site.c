/* site.c: what an env holds, as a sync looks at it: its site-packages, its identity, its dists. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "base/spawn.h"
#include "parse/report.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "sync/site.h"

char *
sitepackages(const char *dir)
{
	char *lib = pathjoin(dir, "lib");
	DIR *d = opendir(lib);
	struct dirent *de;
	char *site = NULL;
	struct stat st;

	while (d && !site && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s/site-packages", lib, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			site = p;
		else
			free(p);
	}
	if (d)
		closedir(d);
	free(lib);
	return site;
}

/* the identity of the env as left: site-packages (with __pycache__ made first, so that
 * Python compiling a module later does not read as an edit) and bin */
int
siteidentity(const char *dir, char **site, struct buf *sitekey, struct buf *binkey)
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

/* the names of the *.dist-info directories in SITE into L, local projects' too when LOCAL */
static void
dists(const char *site, struct strlist *l, bool local)
{
	DIR *d = site ? opendir(site) : NULL;
	struct dirent *de;

	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n > 10 && strcmp(de->d_name + n - 10, ".dist-info") == 0 && (local || !islocal(site, de->d_name)))
			strlistadd(l, de->d_name);
	}
	if (d)
		closedir(d);
}

void
sitedists(const char *site, struct strlist *l)
{
	dists(site, l, false);
}

void
sitealldists(const char *site, struct strlist *l)
{
	dists(site, l, true);
}

/* "NAME-VERSION.dist-info" into its normalized NAME (B) and its VERSION (newly allocated) */
static char *
distsplit(const char *dist, struct buf *b)
{
	size_t n = strlen(dist) - 10, k = strcspn(dist, "-");
	char *name = xstrndup(dist, k < n ? k : n);

	bufreset(b);
	depnormname(name, b);
	free(name);
	return k < n ? xstrndup(dist + k + 1, n - k - 1) : xstrdup("");
}

/* <0, 0, >0 as the version A is before, the same as or after B (unparsable: by text) */
static int
vercmp(const char *a, const char *b)
{
	struct version va, vb;
	const char *why;
	int c;

	if (versionparse(&va, a, &why) < 0)
		return strcmp(a, b);
	if (versionparse(&vb, b, &why) < 0) {
		versionclear(&va);
		return strcmp(a, b);
	}
	c = versioncmp(&va, &vb);
	versionclear(&va);
	versionclear(&vb);
	return c;
}

char *
sitesummary(const struct strlist *before, const struct strlist *after)
{
	struct strlist names = {0}, vers = {0};
	struct buf b = {0};
	size_t installed = 0, upgraded = 0, downgraded = 0, removed, same = 0;

	for (size_t i = 0; i < before->n; i++) {
		strlistpush(&vers, distsplit(before->v[i], &b));
		strlistadd(&names, b.s);
	}
	removed = names.n;
	for (size_t i = 0; i < after->n; i++) {
		char *v = distsplit(after->v[i], &b);
		long j = strlistfind(&names, b.s);
		if (j < 0) {
			installed++;
		} else {
			int c = vercmp(v, vers.v[j]);
			removed--;
			if (c > 0)
				upgraded++;
			else if (c < 0)
				downgraded++;
			else
				same++;
			/* counted once, however many dist-info dirs of a name there are */
			names.v[j][0] = '\0';
		}
		free(v);
	}
	bufreset(&b);
	bufprintf(&b, "installed %zu, upgraded %zu, ", installed, upgraded);
	if (downgraded)
		bufprintf(&b, "downgraded %zu, ", downgraded);
	bufprintf(&b, "removed %zu, unchanged %zu", removed, same);
	strlistclear(&names);
	free(names.v);
	strlistclear(&vers);
	free(vers.v);
	return b.s;
}

/* is any distribution that was in SITE gone (removed, or replaced by another version)? */
bool
sitereplaced(const char *site, const struct strlist *before)
{
	struct strlist now = {0};
	bool gone = false;

	sitedists(site, &now);
	for (size_t i = 0; i < before->n && !gone; i++)
		gone = strlistfind(&now, before->v[i]) < 0;
	strlistclear(&now);
	free(now.v);
	return gone;
}

/* the "canon\tversion" of each dist-info name in DISTS (from sitedists) into OUT */
static void
distversions(const struct strlist *dists, struct strlist *out)
{
	for (size_t i = 0; i < dists->n; i++) {
		const char *d = dists->v[i], *dash = strchr(d, '-');
		struct buf b = {0};
		if (!dash)
			continue;
		char *name = xstrndup(d, dash - d);
		depnormname(name, &b);
		strlistpush(out, xasprintf("%s\t%.*s", b.s, (int)(strlen(dash + 1) - 10), dash + 1));
		free(name);
		free(b.s);
	}
}

int
sitechanges(const char *site, const struct report *r, struct strlist *changes)
{
	struct strlist dists = {0}, have = {0};

	sitedists(site, &dists);
	distversions(&dists, &have);
	for (size_t i = 0; i < r->n; i++) {
		struct buf b = {0};
		const char *was = NULL;
		depnormname(r->v[i].name, &b);
		size_t n = strlen(b.s);
		for (size_t k = 0; k < have.n && !was; k++)
			if (strncmp(have.v[k], b.s, n) == 0 && have.v[k][n] == '\t')
				was = have.v[k] + n + 1;
		if (!was)
			strlistpush(changes, xasprintf("+ %s %s", b.s, r->v[i].version));
		else if (strcmp(was, r->v[i].version) != 0)
			strlistpush(changes, xasprintf("%s %s → %s", b.s, was, r->v[i].version));
		free(b.s);
	}
	strlistclear(&dists);
	free(dists.v);
	strlistclear(&have);
	free(have.v);
	return (int)changes->n;
}

void
sitepins(const char *site, struct strlist *pins)
{
	struct strlist dists = {0}, have = {0};

	sitedists(site, &dists);
	distversions(&dists, &have);
	for (size_t i = 0; i < have.n; i++) {
		char *tab = strchr(have.v[i], '\t');
		strlistpush(pins, xasprintf("%.*s==%s", (int)(tab - have.v[i]), have.v[i], tab + 1));
	}
	strlistclear(&dists);
	free(dists.v);
	strlistclear(&have);
	free(have.v);
}
