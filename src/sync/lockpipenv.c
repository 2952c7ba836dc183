/* lockpipenv.c: venvmk lock's Pipfile.lock: the Pipfile whose hash it records, and its two
 * sections as pipenv fills them, [packages] in "default" and [dev-packages] in "develop",
 * from one resolution of both (so a package in both is locked alike). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "parse/toml.h"
#include "parse/tomltree.h"
#include "parse/pipfilelock.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "resolve/lockwrite.h"
#include "resolve/pipenvlock.h"
#include "sync/fprint.h"
#include "sync/lockpipenv.h"

#define DEVGROUP "dev-packages"

/* the Pipfile among E's requirements, or NULL */
static const char *
pipfilein(const struct env *e)
{
	for (size_t i = 0; i < e->requirements.n; i++) {
		const char *r = e->requirements.v[i], *base = strrchr(r, '/') ? strrchr(r, '/') + 1 : r;
		if (strcmp(base, "Pipfile") == 0)
			return r;
	}
	return NULL;
}

/* has the Pipfile PATH a [dev-packages] table with a package in it? (one that does not read: no; its reading tells why) */
static bool
hasdev(const char *path)
{
	struct buf b = {0};
	struct toml *doc = NULL, *dev;
	bool yes = false;

	warnmute(true);
	if (readfile(path, &b) == 0 && (doc = tomlparse(b.s ? b.s : "", b.len, path)))
		yes = (dev = tomlget(doc, DEVGROUP)) && dev->type == TOML_TABLE && dev->n > 0;
	warnmute(false);
	deltoml(doc);
	free(b.s);
	return yes;
}

bool
lockpipenvsplit(const struct env *e, struct env *full, struct env *base)
{
	const char *pf = pipfilein(e);

	if (!pf || !hasdev(pf))
		return false;
	*full = *e;
	*base = *e;
	memset(&full->groups, 0, sizeof(full->groups));
	memset(&base->groups, 0, sizeof(base->groups));
	for (size_t i = 0; i < e->groups.n; i++)
		if (strcmp(e->groups.v[i], DEVGROUP) != 0)
			strlistadd(&base->groups, e->groups.v[i]);
	strlistcopy(&full->groups, &base->groups);
	strlistadd(&full->groups, DEVGROUP);
	return true;
}

void
lockpipenvclear(struct env *full, struct env *base)
{
	strlistclear(&full->groups);
	free(full->groups.v);
	strlistclear(&base->groups);
	free(base->groups.v);
}

/* the canonical names of E's root requirements into ROOTS, read with no interpreter; 0 or -1 after warn() */
static int
lockpipenvroots(const struct env *e, struct strlist *roots)
{
	struct inputs y = {0};
	int ret = fprintpeek(&y, e);

	for (size_t i = 0; ret == 0 && i < y.rs.lines.n; i++) {
		struct dep d;
		const char *why;
		if (strncmp(y.rs.lines.v[i], "req ", 4) != 0 || depparse(&d, y.rs.lines.v[i] + 4, &why) < 0)
			continue;
		if (strlistfind(roots, d.canon) < 0)
			strlistadd(roots, d.canon);
		depclear(&d);
	}
	fprintpeekclear(&y);
	return ret;
}

void
lockpipenvsections(const struct env *full, const struct env *base, struct strlist roots[2])
{
	struct strlist all = {0};

	lockpipenvroots(base, &roots[0]);
	lockpipenvroots(full, &all);
	for (size_t i = 0; i < all.n; i++)
		if (strlistfind(&roots[0], all.v[i]) < 0)
			strlistadd(&roots[1], all.v[i]);
	strlistclear(&all);
	free(all.v);
}

/* the Pipfile whose hash a Pipfile.lock in DIR records: the one beside it (which pipenv and
 * venvmk's stale-lock check read), else the one among E's requirements, else NULL; newly allocated */
static char *
pipfileof(const struct env *e, const char *dir)
{
	char *p = pathjoin(dir, "Pipfile");

	if (access(p, F_OK) == 0)
		return p;
	free(p);
	return pipfilein(e) ? xstrdup(pipfilein(e)) : NULL;
}

char *
lockpipenvtext(const struct lwlock *lk, const struct env *e, const char *dir, const struct strlist *defroots,
    const struct strlist *devroots, const char *label)
{
	struct pipenvmeta m = {0};
	struct buf text = {0}, req = {0}, src = {0};
	char *pf = pipfileof(e, dir), *out = NULL;

	if (pf && readfile(pf, &text) < 0)
		warn("%s: lock: read %s:", label, pf);
	else if (pipfilemeta(text.s ? text.s : "", text.len, pf ? pf : "Pipfile", m.hash, &req, &src) == 0) {
		m.requires = req.s;
		m.sources = src.s;
		m.defroots = defroots;
		m.devroots = devroots;
		if (!(out = pipenvlockwrite(lk, &m)))
			warn("%s: lock: %s: its [requires] or [[source]] cannot be written as JSON", label, pf ? pf : "Pipfile");
	}
	free(pf);
	free(text.s);
	free(req.s);
	free(src.s);
	return out;
}
