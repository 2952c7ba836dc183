/* solverpkg.c: the solver's packages: candidates from the provider, the sets requirements allow, dependencies as incompatibilities. */
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
#include "solve/solverimpl.h"

enum { PREFETCH = 2 };	/* candidates hinted ahead, newest first */

bool
smarker(const struct solver *s, const struct dep *d, const char *extra)
{
	const char *why;

	return !d->marker || markereval(d->marker, s->req->env, extra, NULL, NULL, &why) == 1;
}

static int
candcmp(const void *a, const void *b)
{
	return versioncmp(((const struct scand *)a)->v, ((const struct scand *)b)->v);
}

/* whether candidate C of P stays: a valid version whose Requires-Python holds (else P's pynote says why) */
static bool
usable(const struct solver *s, struct spkg *p, struct scand *c)
{
	struct specset rp;
	const char *why;
	bool ok;

	c->v = xmalloc(sizeof *c->v);
	if (versionparse(c->v, c->c.version, &why) < 0) {
		free(c->v);
		c->v = NULL;
		return false;
	}
	c->pre = versionisprerelease(c->v);
	if (!s->python || !c->c.requirespython || specparse(&rp, c->c.requirespython, &why) < 0)
		return true;	/* pip keeps a file whose Requires-Python it cannot read */
	ok = specmatch(&rp, s->python, 0);
	specclear(&rp);
	if (!ok && (!p->pynewest || versioncmp(c->v, p->pynewest) > 0)) {
		free(p->pynote);
		p->pynote = xasprintf("%s needs Python %s", c->c.version, c->c.requirespython);
		if (p->pynewest) {
			versionclear(p->pynewest);
			free(p->pynewest);
		}
		p->pynewest = c->v;
		c->v = NULL;
	}
	return ok;
}

static void
freecand(struct scand *c)
{
	free(c->c.version);
	free(c->c.requirespython);
	if (c->v) {
		versionclear(c->v);
		free(c->v);
	}
}

/* list NAME's candidates into P: sorted oldest first, one a version; 0 or -1 */
static int
listcands(struct solver *s, struct spkg *p, const char *name)
{
	struct solvecand *c = NULL;
	size_t n = 0, i, k = 0;
	int r = s->p->versions(s->p->ctx, name, &c, &n);

	if (r < 0) {
		s->error = xasprintf("cannot list the versions of %s", name);
		return -1;
	}
	p->missing = r == 1;
	p->cand = xmalloc((n ? n : 1) * sizeof *p->cand);
	for (i = 0; i < n && r == 0; i++) {
		p->cand[k] = (struct scand){c[i], NULL, false};
		if (usable(s, p, &p->cand[k]))
			k++;
		else
			freecand(&p->cand[k]);
	}
	free(c);
	if (k > 1)
		qsort(p->cand, k, sizeof *p->cand, candcmp);
	for (i = n = 0; i < k; i++) {
		if (n && versioncmp(p->cand[n - 1].v, p->cand[i].v) == 0)
			freecand(&p->cand[i]);	/* the same version twice: the first listed stays */
		else
			p->cand[n++] = p->cand[i];
	}
	p->ncand = n;
	p->nwords = (n + 63) / 64 ? (n + 63) / 64 : 1;
	return 0;
}

/* the package named NAME (with EXTRA), or -1 */
static int
find(const struct solver *s, const char *name, const char *extra)
{
	size_t i;

	for (i = 1; i < s->npkg; i++) {
		const struct spkg *p = &s->pkg[i];

		if (strcmp(s->pkg[p->base].name, name) == 0
		    && (p->extra ? extra && strcmp(p->extra, extra) == 0 : !extra))
			return (int)i;
	}
	return -1;
}

int
spkgget(struct solver *s, const char *name, const char *extra)
{
	int id = find(s, name, extra), base = 0;
	struct spkg *p;

	if (id >= 0)
		return id;
	if (extra && (base = spkgget(s, name, NULL)) < 0)
		return -1;
	if (s->npkg == s->cappkg) {
		s->cappkg = s->cappkg ? 2 * s->cappkg : 32;
		s->pkg = xrealloc(s->pkg, s->cappkg * sizeof *s->pkg);
	}
	id = (int)s->npkg;
	p = &s->pkg[s->npkg++];
	memset(p, 0, sizeof *p);
	p->decided = -1;
	p->seen = s->nseen++;
	if (extra) {
		p->name = xasprintf("%s[%s]", name, extra);
		p->extra = xstrdup(extra);
		p->base = base;
		p->cand = s->pkg[base].cand;
		p->ncand = s->pkg[base].ncand;
		p->nwords = s->pkg[base].nwords;
		p->missing = s->pkg[base].missing;
	} else {
		p->name = xstrdup(name);
		p->base = id;
		if (listcands(s, p, name) < 0)
			return -1;
	}
	s->pkg[id].acc = ssetnew(s, id);
	s->pkg[id].listed = ssetnew(s, id);
	return id;
}

/* whether SS pins V with == or === (not a wildcard) */
static bool
pinned(const struct specset *ss, const struct version *v)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (((ss->v[i].op == SPEC_EQ && !ss->v[i].wildcard) || ss->v[i].op == SPEC_ARBITRARY)
		    && specitemmatch(&ss->v[i], v))
			return true;
	return false;
}

uint64_t *
spkgallow(struct solver *s, int pkg, const struct dep *d)
{
	uint64_t *all = ssetnew(s, pkg), *final = ssetnew(s, pkg);
	const struct spkg *p = &s->pkg[pkg];
	const char *base = s->pkg[p->base].name;
	bool pre = s->req->allowpre || specprerelease(&d->spec), anyfinal = false, pin;
	bool bare = d->spec.n == 0;	/* packaging falls back to pre-releases for an empty set only */
	size_t i, j;

	/* pip filters with all the specifiers of a name at once: one naming a pre-release admits them for all */
	if (specprerelease(&d->spec) && strlistfind(s->preok, base) < 0) {
		strlistadd(s->preok, base);
		s->restart = s->restart || s->pkg[p->base].allowed;
	}
	pre = pre || strlistfind(s->preok, base) >= 0;
	s->pkg[p->base].allowed = true;

	for (j = 0; j < s->ncons; j++) {
		if (strcmp(s->cons[j].canon, base) != 0)
			continue;
		pre = pre || specprerelease(&s->cons[j].spec);
		bare = bare && s->cons[j].spec.n == 0;
	}
	for (i = 0; i < p->ncand; i++) {
		const struct version *v = p->cand[i].v;

		if (!specmatch(&d->spec, v, SPECPRE))
			continue;
		pin = pinned(&d->spec, v);
		for (j = 0; j < s->ncons; j++) {
			if (strcmp(s->cons[j].canon, base) != 0)
				continue;
			if (!specmatch(&s->cons[j].spec, v, SPECPRE))
				break;
			pin = pin || pinned(&s->cons[j].spec, v);
		}
		if (j < s->ncons || (p->cand[i].c.yanked && !pin))
			continue;
		ssetadd(all, i);
		if (!p->cand[i].pre) {
			ssetadd(final, i);
			anyfinal = true;
		}
	}
	return pre || (bare && !anyfinal) ? all : final;
}

void
spkghint(struct solver *s, int pkg, const uint64_t *set, int n)
{
	const struct spkg *p = &s->pkg[pkg];
	long i;
	int k = 0;

	if (!s->p->prefetch)
		return;
	for (i = (long)p->ncand - 1; i >= 0 && k < n; i--) {
		if (!ssethas(set, (size_t)i) || ssethas(p->listed, (size_t)i))
			continue;
		s->p->prefetch(s->p->ctx, s->pkg[p->base].name, p->cand[i].c.version, p->cand[i].c.data);
		k++;
	}
}

/* drop incompatibility IN from the list of PKG's */
static void
unlist(struct solver *s, int pkg, int in)
{
	struct spkg *p = &s->pkg[pkg];
	size_t i;

	for (i = 0; i < p->nincs; i++)
		if (p->incs[i] == in) {
			memmove(&p->incs[i], &p->incs[i + 1], (p->nincs - i - 1) * sizeof *p->incs);
			p->nincs--;
			return;
		}
}

/*
 * add the dependency T ({FROM in one version, not TO in SET}), merged with an earlier one of
 * FROM on TO with the same SET and TEXT: one "a >=1.0,<=1.9 depends on b<2" stands for the
 * versions that say the same, as pubgrub-rs merges them. The earlier one is left in the store
 * (causes name it) but no longer propagates.
 */
static void
mergedep(struct solver *s, struct sterm *t, const char *text)
{
	const struct spkg *p = &s->pkg[t[0].pkg];
	long j;

	for (j = (long)p->nincs - 1; j >= 0; j--) {
		const struct sinc *I = &s->inc[p->incs[j]];
		int old = p->incs[j];

		if (I->kind != INC_DEP || I->n != 2 || I->t[0].pkg != t[0].pkg || I->t[1].pkg != t[1].pkg
		    || !I->t[0].pos || I->t[1].pos || (I->text ? !text || strcmp(I->text, text) != 0 : text != NULL)
		    || memcmp(I->t[1].set, t[1].set, s->pkg[t[1].pkg].nwords * sizeof *t[1].set) != 0)
			continue;
		uint64_t *u = ssetdup(s, t[0].pkg, I->t[0].set);
		size_t w;

		for (w = 0; w < p->nwords; w++)
			u[w] |= t[0].set[w];
		t[0].set = u;
		unlist(s, t[0].pkg, old);
		unlist(s, t[1].pkg, old);
		break;
	}
	sincadd(s, INC_DEP, t, 2, t[1].pkg, -1, text);
}

/* the incompatibilities of "FROM (candidate I) requires D": one for D's name and one for each of its extras */
static int
adddep(struct solver *s, int from, size_t i, const struct dep *d, const char *text)
{
	struct buf nb = {0}, eb = {0};
	struct sterm t[2];
	size_t k;
	int to, rc = 0;

	depnormname(d->name, &nb);
	for (k = 0; k <= d->extras.n && rc == 0; k++) {
		bufreset(&eb);
		if (k)
			depnormname(d->extras.v[k - 1], &eb);
		if ((to = spkgget(s, nb.s, k ? eb.s : NULL)) < 0) {
			rc = -1;
			break;
		}
		t[0] = (struct sterm){from, true, ssetnew(s, from)};
		ssetadd(t[0].set, i);
		t[1] = (struct sterm){to, false, spkgallow(s, to, d)};
		if (to == from && ssethas(t[1].set, i))
			continue;	/* it requires itself, and has itself */
		if (to == from)
			sincadd(s, INC_DEP, t, 1, to, -1, text);
		else
			mergedep(s, t, text);
		spkghint(s, to, t[1].set, PREFETCH);
	}
	free(nb.s);
	free(eb.s);
	return rc;
}

int
spkgroot(struct solver *s)
{
	const struct strlist *r = s->req->reqs;
	const char *why;
	struct dep d;
	size_t i;
	int rc = 0;

	for (i = 0; r && i < r->n && rc == 0; i++) {
		if (depparse(&d, r->v[i], &why) < 0) {
			s->error = xasprintf("invalid requirement '%s': %s", r->v[i], why);
			return -1;
		}
		if (d.url) {
			s->error = xasprintf("'%s' names a URL: that needs pip", r->v[i]);
			rc = -1;
		} else if (smarker(s, &d, NULL)) {
			rc = adddep(s, 0, 0, &d, r->v[i]);
		}
		depclear(&d);
	}
	return rc;
}

/* whether the extra E (normalized) is one of EXTRAS (Provides-Extra, as written) */
static bool
provides(const struct strlist *extras, const char *e)
{
	struct buf b = {0};
	size_t i;
	bool yes = false;

	for (i = 0; i < extras->n && !yes; i++) {
		bufreset(&b);
		depnormname(extras->v[i], &b);
		yes = strcmp(b.s, e) == 0;
	}
	free(b.s);
	return yes;
}

/* the incompatibilities of PKG's candidate I's requirements REQS */
static int
addreqs(struct solver *s, int pkg, size_t i, const struct strlist *reqs)
{
	const char *why, *extra = s->pkg[pkg].extra;
	struct dep d;
	size_t k;
	int rc = 0;
	bool on;

	for (k = 0; k < reqs->n && rc == 0; k++) {
		if (depparse(&d, reqs->v[k], &why) < 0)
			continue;	/* pip reads no requirement from a line it cannot parse */
		on = extra ? smarker(s, &d, extra) && !smarker(s, &d, NULL) : smarker(s, &d, NULL);
		if (on && d.url) {
			s->error = xasprintf("%s %s depends on '%s', a URL: that needs pip",
			    s->pkg[pkg].name, s->pkg[pkg].cand[i].c.version, reqs->v[k]);
			rc = -1;
		} else if (on) {
			rc = adddep(s, pkg, i, &d, reqs->v[k]);
		}
		depclear(&d);
	}
	return rc;
}

int
spkgdeps(struct solver *s, int pkg, size_t i)
{
	struct strlist reqs = {0}, extras = {0};
	struct spkg *p = &s->pkg[pkg];
	struct scand *c = &p->cand[i];
	int base = p->base, rc;
	struct sterm t[2];

	if (s->p->deps(s->p->ctx, s->pkg[base].name, c->c.version, c->c.data, &reqs, &extras) < 0) {
		s->error = xasprintf("cannot read the dependencies of %s %s", s->pkg[base].name, c->c.version);
		strlistclear(&reqs);
		free(reqs.v);
		strlistclear(&extras);
		free(extras.v);
		return -1;
	}
	if (base != pkg) {	/* an extra: pinned to its base's version */
		t[0] = (struct sterm){pkg, true, ssetnew(s, pkg)};
		t[1] = (struct sterm){base, false, ssetnew(s, base)};
		ssetadd(t[0].set, i);
		ssetadd(t[1].set, i);
		sincadd(s, INC_DEP, t, 2, base, -1, NULL);
	}
	rc = base == pkg || provides(&extras, s->pkg[pkg].extra) ? addreqs(s, pkg, i, &reqs) : 0;
	strlistclear(&reqs);
	free(reqs.v);
	strlistclear(&extras);
	free(extras.v);
	return rc;
}

/* append the versions of PKG from candidate LO to HI as a specifier */
static void
runstr(const struct solver *s, const struct spkg *p, size_t lo, size_t hi, struct buf *b)
{
	const char *l = p->cand[lo].c.version, *h = p->cand[hi].c.version;

	if (lo == hi)
		bufprintf(b, "==%s", l);
	else if (lo == 0)
		bufprintf(b, "<=%s", h);
	else if (hi == p->ncand - 1)
		bufprintf(b, ">=%s", l);
	else
		bufprintf(b, ">=%s,<=%s", l, h);
}

void
ssetstr(const struct solver *s, int pkg, const uint64_t *set, struct buf *b)
{
	const struct spkg *p = &s->pkg[pkg];
	size_t i, lo, n = ssetcount(s, pkg, set), runs = 0;

	bufputs(b, p->name);
	if (pkg == 0)
		return;
	if (n == 1) {
		bufprintf(b, " %s", p->cand[ssetmax(s, pkg, set)].c.version);
		return;
	}
	if (n == p->ncand)
		return;
	bufputc(b, ' ');
	for (i = 0; i < p->ncand; i++) {
		if (!ssethas(set, i))
			continue;
		for (lo = i; i + 1 < p->ncand && ssethas(set, i + 1); i++)
			;
		if (runs++)
			bufputs(b, " or ");
		runstr(s, p, lo, i, b);
	}
}
