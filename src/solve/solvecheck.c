/* solvecheck.c: whether an answer of the solver is valid: every requirement of every pick met, one version a package. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"
#include "solve/solver.h"

/* the pick named NAME, or NULL */
static const struct solvepick *
findpick(const struct solveresult *res, const char *name)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		if (strcmp(res->v[i].name, name) == 0)
			return &res->v[i];
	return NULL;
}

/* whether the marker of D holds with EXTRA */
static bool
holds(const struct solverequest *req, const struct dep *d, const char *extra)
{
	const char *why;

	return !d->marker || markereval(d->marker, req->env, extra, NULL, NULL, &why) == 1;
}

/* whether the requirement D is met by RES (BY names who needs it); appends to WHY when not */
static bool
met(const struct solveresult *res, const struct dep *d, const char *by, struct buf *why)
{
	struct buf n = {0};
	const struct solvepick *k;
	struct version v;
	const char *w;
	size_t i;
	bool ok = true;

	depnormname(d->name, &n);
	if (!(k = findpick(res, n.s))) {
		bufprintf(why, "%s needs %s: not picked\n", by, n.s);
		free(n.s);
		return false;
	}
	if (versionparse(&v, k->version, &w) < 0 || !specmatch(&d->spec, &v, SPECPRE)) {
		bufprintf(why, "%s needs %s: %s %s does not match\n", by, d->name, n.s, k->version);
		ok = false;
	}
	for (i = 0; ok && i < d->extras.n; i++) {
		bufreset(&n);
		depnormname(d->extras.v[i], &n);
		if (!k->extras || strlistfind(k->extras, n.s) < 0) {
			bufprintf(why, "%s needs %s: extra %s not chosen\n", by, d->name, n.s);
			ok = false;
		}
	}
	versionclear(&v);
	free(n.s);
	return ok;
}

/* check the requirement lines L (root requirements, or Requires-Dist with EXTRA); false when one is unmet */
static bool
metall(const struct solverequest *req, const struct solveresult *res, const struct strlist *l,
    const char *extra, const char *by, struct buf *why)
{
	struct dep d;
	const char *w;
	size_t i;
	bool ok = true;

	for (i = 0; l && i < l->n; i++) {
		if (depparse(&d, l->v[i], &w) < 0)
			continue;
		if (holds(req, &d, extra) && !(extra && holds(req, &d, NULL)) && !met(res, &d, by, why))
			ok = false;
		depclear(&d);
	}
	return ok;
}

/* check pick K: it exists, keeps the constraints, and its dependencies (and its extras') are met */
static bool
checkpick(const struct solverequest *req, const struct solveprovider *p, const struct solveresult *res,
    const struct solvepick *k, struct buf *why)
{
	struct strlist reqs = {0}, extras = {0};
	struct solvecand *c = NULL;
	size_t n = 0, i;
	bool ok = false;
	char *by;

	if (p->versions(p->ctx, k->name, &c, &n) == 0)
		for (i = 0; i < n; i++)
			ok = ok || strcmp(c[i].version, k->version) == 0;
	for (i = 0; i < n; i++) {
		free(c[i].version);
		free(c[i].requirespython);
	}
	free(c);
	if (!ok) {
		bufprintf(why, "%s %s: no such candidate\n", k->name, k->version);
		return false;
	}
	if (p->deps(p->ctx, k->name, k->version, k->data, &reqs, &extras) < 0)
		return false;
	by = xasprintf("%s %s", k->name, k->version);
	ok = metall(req, res, &reqs, NULL, by, why);
	for (i = 0; k->extras && i < k->extras->n; i++) {
		struct buf e = {0};
		size_t j;

		for (j = 0; j < extras.n; j++) {
			bufreset(&e);
			depnormname(extras.v[j], &e);
			if (strcmp(e.s, k->extras->v[i]) == 0)
				break;
		}
		free(e.s);
		if (j == extras.n)
			continue;	/* not provided: it adds nothing */
		free(by);
		by = xasprintf("%s[%s] %s", k->name, k->extras->v[i], k->version);
		ok = metall(req, res, &reqs, k->extras->v[i], by, why) && ok;
	}
	free(by);
	strlistclear(&reqs);
	free(reqs.v);
	strlistclear(&extras);
	free(extras.v);
	return ok;
}

/* check the constraints: a picked package keeps them */
static bool
checkcons(const struct solverequest *req, const struct solveresult *res, struct buf *why)
{
	struct dep d;
	const char *w;
	size_t i;
	bool ok = true;

	for (i = 0; req->constraints && i < req->constraints->n; i++) {
		struct buf n = {0};

		if (depparse(&d, req->constraints->v[i], &w) < 0)
			continue;
		depnormname(d.name, &n);
		if (holds(req, &d, NULL) && findpick(res, n.s)) {
			size_t ne = d.extras.n;

			d.extras.n = 0;	/* a constraint's extras restrict nothing */
			ok = met(res, &d, "constraint", why) && ok;
			d.extras.n = ne;
		}
		free(n.s);
		depclear(&d);
	}
	return ok;
}

int
solvecheck(const struct solverequest *req, const struct solveprovider *p,
    const struct solveresult *res, struct buf *why)
{
	bool ok = metall(req, res, req->reqs, NULL, "the requirements", why) && checkcons(req, res, why);
	size_t i, j;

	for (i = 0; i < res->n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(res->v[i].name, res->v[j].name) == 0) {
				bufprintf(why, "%s picked twice\n", res->v[i].name);
				ok = false;
			}
		ok = checkpick(req, p, res, &res->v[i], why) && ok;
	}
	return ok ? 0 : -1;
}
