/* resolve.c: pip resolves (a dry run whose report is cached by fingerprint); venvmk links the wheels. */
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"
#include "conf.h"
#include "interp.h"
#include "backend.h"
#include "cache.h"
#include "native.h"
#include "report.h"
#include "reqfile.h"
#include "fprint.h"
#include "state.h"
#include "wheel.h"
#include "resolve.h"

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

/* can every wheel of R be linked without pip: its file is unchanged, or gone but cached? */
static bool
usable(const struct report *r, const char *cache)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct reportitem *it = &r->v[i];
		char hex[65];
		if (!it->wheel)
			continue;
		if (access(it->path, F_OK) == 0) {
			/* the file is here: it must still be what pip resolved (a wheel rebuilt
			 * under the same name is a new resolution) */
			if (!it->hash || wheelsha(cache, it->path, hex) < 0 || strcmp(hex, it->hash + 7) != 0)
				return false;
			continue;
		}
		if (!it->hash)
			return false;
		char *entry = xasprintf("%s/wheels/%s", cache, it->hash + 7);
		bool there = access(entry, F_OK) == 0;
		free(entry);
		if (!there)
			return false;
	}
	return true;
}

/* pip's report for FP: the cached one, or a dry run's (then cached); 0 or -1 */
static int
getreport(struct report *r, const struct env *e, const char *cache, const char *fp, bool quiet)
{
	const char *label = envlabel(e);
	char *cached = xasprintf("%s/reports/%s.json", cache, fp);
	char *statedir = statedirof(e->dir), *fresh = pathjoin(statedir, "report.json");
	struct buf text = {0};
	struct strlist argv = {0};
	int ret = -1;

	if (readfile(cached, &text) == 0) {
		if (reportparse(r, text.s, cached) == 0 && usable(r, cache)) {
			ret = 0;
			goto out;
		}
		reportclear(r);
		bufreset(&text);
	}
	backendpipcmd(e, &argv, true);
	strlistadd(&argv, "--dry-run");
	strlistadd(&argv, "--ignore-installed");
	strlistadd(&argv, "--report");
	strlistadd(&argv, fresh);
	backendpipargs(e, &argv);
	unlink(fresh);
	if (backendrun(&argv, label, "pip install --dry-run") < 0)
		goto out;
	if (readfile(fresh, &text) < 0) {
		warn("%s: read %s:", label, fresh);
		goto out;
	}
	if (reportparse(r, text.s, fresh) < 0)
		goto out;
	char *dir = pathdir(cached);
	if (mkdirs(dir, 0777) < 0 || writefileatomic(cached, text.s, text.len) < 0)
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

int
resolveinstall(const struct env *e, const struct interp *in, const char *fp, bool quiet)
{
	const char *label = envlabel(e);
	struct strlist argv = {0}, dists = {0};
	struct report r = {0};
	struct layout l = {0};
	char *cache = NULL;
	bool needpip = false;
	int ret = -1;

	backendpipcmd(e, &argv, quiet);
	if (!backendpipargs(e, &argv)) {
		strlistclear(&argv);
		free(argv.v);
		return 0;
	}
	if (nativelayout(&l, e, in) < 0)
		goto out;
	cache = cachedir(e->cachedir);
	if (getreport(&r, e, cache, fp, quiet) < 0)
		goto out;
	installed(l.purelib, &dists);
	if (strcmp(l.platlib, l.purelib) != 0)
		installed(l.platlib, &dists);
	/* every wheel to link unpacked and compiled first: one Python for all of them */
	char **wheels = xmalloc((r.n + 1) * sizeof(*wheels)), **hashes = xmalloc((r.n + 1) * sizeof(*hashes));
	size_t nw = 0;
	for (size_t i = 0; i < r.n; i++)
		if (r.v[i].wheel && !installedversion(&dists, r.v[i].name)) {
			wheels[nw] = r.v[i].path;
			hashes[nw++] = r.v[i].hash;
		}
	int prepared = nativeprepare(cache, in, wheels, hashes, nw);
	free(wheels);
	free(hashes);
	if (prepared < 0)
		goto out;
	for (size_t i = 0; i < r.n; i++) {
		const struct reportitem *it = &r.v[i];
		const char *have = installedversion(&dists, it->name);
		if (have && strcmp(have, it->version) == 0)
			continue;
		if (have || !it->wheel) {
			needpip = true;	/* pip replaces a seeded dist, builds, or fetches */
			continue;
		}
		if (nativelink(cache, it->path, it->hash, &l, it->requested, it->directurl) < 0)
			goto out;
	}
	ret = needpip ? backendrun(&argv, label, "pip install") : 0;
out:
	reportclear(&r);
	if (l.prefix)
		nativelayoutfree(&l);
	strlistclear(&argv);
	free(argv.v);
	strlistclear(&dists);
	free(dists.v);
	free(cache);
	return ret;
}
