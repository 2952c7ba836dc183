/* lockfile.c: a lock file as an input, and the set it gives one interpreter (PEP 751's
 * install algorithm: requires-python, environments, groups, extras, markers, one entry a name). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "base/hash.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"
#include "pep/tags.h"
#include "parse/lockdata.h"
#include "parse/pylock.h"
#include "parse/pipfilelock.h"
#include "parse/uvlock.h"
#include "inputs/lockfile.h"

/* the form of the lock file PATH by its name: Pipfile.lock (any *.lock or *.json) or pylock */
static enum lockform
lockformof(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (strcmp(base, "uv.lock") == 0)
		return LOCK_UV;
	if (n >= 5 && (strcmp(base + n - 5, ".lock") == 0 || strcmp(base + n - 5, ".json") == 0))
		return LOCK_PIPFILE;
	return LOCK_PYLOCK;
}

int
lockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon)
{
	memset(lk, 0, sizeof(*lk));
	lk->path = xstrdup(path);
	if (lockformof(path) == LOCK_PIPFILE) {
		lk->form = LOCK_PIPFILE;
		return pipfilelockparse(lk, text, len, path, canon);
	}
	if (lockformof(path) == LOCK_UV) {
		lk->form = LOCK_UV;
		return uvlockparse(lk, text, len, path, canon);
	}
	lk->form = LOCK_PYLOCK;
	return pylockparse(lk, text, len, path, canon);
}

/* warn when the Pipfile beside the Pipfile.lock LK no longer hashes to its _meta.hash (pipenv's --deploy check) */
static void
pipfilelockstale(const struct lock *lk, const char *label)
{
	char *dir = pathdir(lk->path), *pf = pathjoin(dir, "Pipfile"), hex[65];
	struct buf text = {0};

	free(dir);
	if (lk->metahash && readfile(pf, &text) >= 0 && pipfilehash(text.s ? text.s : "", text.len, pf, hex) == 0
	    && strcmp(hex, lk->metahash) != 0)
		warn("%s: %s is out of date: its _meta.hash does not match %s (run pipenv lock, or lock the Pipfile "
		    "with venvmk: venvmk --no-conf -r %s lock -o pylock.toml, and declare that lock)", label, lk->path, pf, pf);
	free(text.s);
	free(pf);
}

int
lockload(struct lock *lk, const struct env *e)
{
	struct buf b = {0};
	int ret;

	if (readfile(e->lock, &b) < 0) {
		warn("%s: lock %s:", envlabel(e), e->lock);
		memset(lk, 0, sizeof(*lk));
		return -1;
	}
	ret = lockparse(lk, b.s ? b.s : "", b.len, e->lock, NULL);
	free(b.s);
	/* a sync loads its lock twice (fetching ahead, then installing): warned once */
	static char *warned;
	if (ret == 0 && lk->form == LOCK_PIPFILE && (!warned || strcmp(warned, e->lock) != 0)) {
		pipfilelockstale(lk, envlabel(e));
		free(warned);
		warned = xstrdup(e->lock);
	}
	return ret;
}

int
lockreadinputs(struct reqset *rs, const struct env *e)
{
	struct buf b = {0}, canon = {0};
	struct lock lk;
	char hex[65];
	int ret;

	if (readfile(e->lock, &b) < 0) {
		warn("%s: lock %s:", envlabel(e), e->lock);
		return -1;
	}
	ret = lockparse(&lk, b.s ? b.s : "", b.len, e->lock, &canon);
	lockclear(&lk);
	free(b.s);
	if (ret < 0) {
		free(canon.s);
		return -1;
	}
	hashbytes(canon.s ? canon.s : "", canon.len, hex);
	free(canon.s);
	if (strlistfind(&rs->files, e->lock) < 0)
		strlistadd(&rs->files, e->lock);
	strlistpush(&rs->digests, xasprintf("%s\t%s", e->lock, hex));
	/* the extras and groups asked of it choose what it installs: part of the line */
	struct buf line = {0};
	bufprintf(&line, "lock %s %s", e->lock, hex);
	for (size_t i = 0; i < e->extras.n; i++)
		bufprintf(&line, " extra=%s", e->extras.v[i]);
	for (size_t i = 0; i < e->groups.n; i++)
		bufprintf(&line, " group=%s", e->groups.v[i]);
	strlistpush(&rs->lines, line.s);
	/* a Pipfile beside a Pipfile.lock is not an input: its hash only warns */
	return 0;
}

/* does the interpreter's full version satisfy the specifier set SPEC? 1, 0, or -1 when SPEC is bad */
static int
pythonok(const char *spec, const struct markerenv *me)
{
	struct specset ss;
	struct version v;
	const char *why;
	int ok;

	if (specparse(&ss, spec, &why) < 0)
		return -1;
	if (versionparse(&v, me->python_full_version, &why) < 0) {
		specclear(&ss);
		return 1;	/* an interpreter whose version cannot be read is not refused here */
	}
	ok = specmatch(&ss, &v, SPECPRE);
	versionclear(&v);
	specclear(&ss);
	return ok;
}

/* evaluate the marker TEXT; 1, 0, or -1 after warn() */
static int
markerholds(const char *text, const struct markerenv *me, const struct strlist *extras,
    const struct strlist *groups, const char *where)
{
	struct marker *m;
	const char *why;
	int r;

	if (markerparse(&m, text, &why) < 0) {
		warn("%s: marker '%s': %s", where, text, why);
		return -1;
	}
	r = markereval(m, me, NULL, extras, groups, &why);
	delmarker(m);
	if (r < 0)
		warn("%s: marker '%s': %s", where, text, why);
	return r;
}

static bool
inlist(const struct strlist *l, const char *s)
{
	return strlistfind(l, s) >= 0;
}

int
lockselect(const struct lock *lk, const struct markerenv *me, const struct strlist *extras,
    const struct strlist *groups, size_t **sel, size_t *nsel, const char *label)
{
	const struct strlist *grp = groups->n ? groups : &lk->defaultgroups;
	const struct strlist *mex = NULL, *mgrp = NULL;
	size_t *v = xmalloc((lk->n + 1) * sizeof(*v)), n = 0;
	bool *on = NULL;
	int r;

	*sel = NULL;
	*nsel = 0;
	if (lk->requirespython && (r = pythonok(lk->requirespython, me)) != 1) {
		if (r == 0)
			warn("%s: %s: requires-python '%s' is not met by Python %s", label, lk->path,
			    lk->requirespython, me->python_full_version);
		else
			warn("%s: %s: requires-python '%s' is not a specifier set", label, lk->path, lk->requirespython);
		goto fail;
	}
	if (lk->form == LOCK_PYLOCK || lk->form == LOCK_UV) {
		mex = extras;
		mgrp = grp;
		for (size_t i = 0; i < extras->n; i++)
			if (!inlist(&lk->extras, extras->v[i])) {
				warn("%s: %s: extra '%s' is not one the lock offers", label, lk->path, extras->v[i]);
				goto fail;
			}
		for (size_t i = 0; i < groups->n; i++)
			if (!inlist(&lk->groups, groups->v[i])) {
				warn("%s: %s: dependency group '%s' is not one the lock offers", label, lk->path,
				    groups->v[i]);
				goto fail;
			}
	} else {
		static const struct strlist none;
		if (lk->form == LOCK_PIPFILE) {
			mex = &none;
			mgrp = grp;	/* develop's markers ask for the group */
		}
		for (size_t i = 0; i < extras->n; i++) {
			warn("%s: %s: extra '%s': this lock has no extras", label, lk->path, extras->v[i]);
			goto fail;
		}
		for (size_t i = 0; i < groups->n; i++)
			if (lk->form != LOCK_PIPFILE || strcmp(groups->v[i], "develop") != 0) {
				warn("%s: %s: group '%s': this lock has %s", label, lk->path, groups->v[i],
				    lk->form == LOCK_PIPFILE ? "only 'develop'" : "no groups");
				goto fail;
			}
	}
	if (lk->environments.n) {
		bool any = false;
		for (size_t i = 0; i < lk->environments.n && !any; i++) {
			r = markerholds(lk->environments.v[i], me, NULL, NULL, lk->path);
			if (r < 0)
				goto fail;
			any = r == 1;
		}
		if (!any) {
			warn("%s: %s: none of its environments is this interpreter's (Python %s on %s)",
			    label, lk->path, me->python_full_version, me->sys_platform);
			goto fail;
		}
	}
	/* uv.lock: what the projects' dependencies reach here (its entries have no markers of their own) */
	if (lk->form == LOCK_UV) {
		on = xmalloc((lk->n + 1) * sizeof(*on));
		if (uvlockwalk(lk, me, extras, grp, on) < 0)
			goto fail;
	}
	for (size_t i = 0; i < lk->n; i++) {
		const struct lockpkg *p = &lk->v[i];
		if (on && (!on[i] || p->virtual))
			continue;
		char *where = xasprintf("%s:%d", lk->path, p->line);
		r = 1;
		if (p->marker)
			r = markerholds(p->marker, me, mex, mgrp, where);
		if (r == 1 && p->requirespython) {
			r = pythonok(p->requirespython, me);
			if (r < 0)
				warn("%s: requires-python '%s' is not a specifier set", where, p->requirespython);
		}
		free(where);
		if (r < 0)
			goto fail;
		if (r == 0)
			continue;
		for (size_t k = 0; k < n; k++)
			if (strcmp(lk->v[v[k]].canon, p->canon) == 0) {
				warn("%s: %s:%d: two entries for %s hold for this interpreter (the other at line %d)",
				    label, lk->path, p->line, p->name, lk->v[v[k]].line);
				goto fail;
			}
		v[n++] = i;
	}
	free(on);
	*sel = v;
	*nsel = n;
	return 0;
fail:
	free(on);
	free(v);
	return -1;
}

long
lockpickwheel(const struct lockpkg *p, const struct tags *tags)
{
	long best = -1, bestrank = -1;

	for (size_t k = 0; k < p->ndists; k++) {
		long r = tagsrank(tags, p->dists[k].name);
		if (r >= 0 && (bestrank < 0 || r < bestrank)) {
			best = k;
			bestrank = r;
		}
	}
	return best;
}

void
locktagsbrief(const struct tags *tags, struct buf *b)
{
	for (size_t i = 0; i < tags->n && i < 3; i++) {
		if (i)
			bufputs(b, ", ");
		tagsformat(tags, i, b);
	}
	if (tags->n > 3)
		bufprintf(b, " and %zu more", tags->n - 3);
}

int
lockfromreqs(struct lock *lk, const struct reqset *rs, const char *label)
{
	memset(lk, 0, sizeof(*lk));
	lk->form = LOCK_REQS;
	lk->path = xstrdup("the hash-pinned requirements");
	for (size_t i = 0; i < rs->lines.n; i++) {
		const char *l = rs->lines.v[i], *opts, *why;
		struct dep d;
		if (strncmp(l, "req ", 4) != 0 || !(opts = strstr(l, " --")))
			continue;
		char *spec = xstrndup(l + 4, opts - l - 4);
		if (depparse(&d, spec, &why) < 0 || d.spec.n != 1 || d.spec.v[0].op != SPEC_EQ) {
			warn("%s: requirement '%s': %s", label, spec, why ? why : "not pinned with ==");
			free(spec);
			return -1;
		}
		struct lockpkg *p = lockadd(lk, LOCKPKG_PIN, 0);
		p->name = xstrdup(d.name);
		p->canon = xstrdup(d.canon);
		p->version = xstrdup(d.spec.v[0].ver);
		p->marker = d.markertext ? xstrdup(d.markertext) : NULL;
		strlistcopy(&p->extras, &d.extras);
		for (const char *h = opts; (h = strstr(h, " --hash=sha256:")); h += 15)
			strlistpush(&p->hashes, xstrndup(h + 15, strcspn(h + 15, " ")));
		depclear(&d);
		free(spec);
	}
	return 0;
}
