/* solver.c: PubGrub's main loop: unit propagation, conflict resolution with learning, decisions, the answer. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "solve/solver.h"
#include "solve/solverimpl.h"

enum rel { SATISFIED, CONTRADICTED, INCONCLUSIVE, ALMOST };

/* add an assignment of T at the current level, caused by CAUSE (-1: a decision) */
static void
assign(struct solver *s, struct sterm t, int cause)
{
	struct spkg *p = &s->pkg[t.pkg];

	if (s->nas == s->capas) {
		s->capas = s->capas ? 2 * s->capas : 64;
		s->as = xrealloc(s->as, s->capas * sizeof *s->as);
	}
	s->as[s->nas++] = (struct sassign){t, s->level, cause};
	if (!p->assigned) {
		p->assigned = true;
		p->pos = t.pos;
		memcpy(p->acc, t.set, p->nwords * sizeof *p->acc);
	} else {
		struct sterm a = {t.pkg, p->pos, p->acc};

		stermandto(s, &a, &a, &t);
		p->pos = a.pos;
	}
	if (cause < 0)
		p->decided = ssetmax(s, t.pkg, t.set);
}

/* the relation of term T to the partial solution */
static enum rel
termrel(struct solver *s, const struct sterm *t)
{
	const struct spkg *p = &s->pkg[t->pkg];
	struct sterm a = {t->pkg, p->pos, p->acc};

	if (!p->assigned) {	/* anything: not selected, or any version */
		if (s->nzero < p->nwords) {
			s->zero = xrealloc(s->zero, p->nwords * sizeof *s->zero);
			memset(s->zero, 0, p->nwords * sizeof *s->zero);
			s->nzero = p->nwords;
		}
		a.pos = false;
		a.set = s->zero;
	}
	if (stermsubset(s, &a, t))
		return SATISFIED;
	if (stermdisjoint(s, &a, t))
		return CONTRADICTED;
	return INCONCLUSIVE;
}

/* the relation of incompatibility I to the partial solution; *UNSAT the term left when ALMOST */
static enum rel
increl(struct solver *s, int i, size_t *unsat)
{
	size_t k, n = s->inc[i].n;
	bool left = false;

	for (k = 0; k < n; k++) {
		switch (termrel(s, &s->inc[i].t[k])) {
		case SATISFIED:
			break;
		case CONTRADICTED:
			return CONTRADICTED;
		default:
			if (left)
				return INCONCLUSIVE;
			left = true;
			*unsat = k;
		}
	}
	return left ? ALMOST : SATISFIED;
}

/* undo every assignment above LEVEL */
static void
backtrack(struct solver *s, int level)
{
	size_t i;

	while (s->nas && s->as[s->nas - 1].level > level)
		s->nas--;
	for (i = 0; i < s->npkg; i++) {
		s->pkg[i].assigned = false;
		s->pkg[i].decided = -1;
	}
	i = s->nas;
	s->nas = 0;
	s->level = 0;
	for (size_t k = 0; k < i; k++) {
		struct sassign a = s->as[k];

		s->level = a.level;
		assign(s, a.t, a.cause);
	}
	s->level = level;
}

/* the earliest assignment before UPTO that, with the satisfier's term ST, satisfies T; -1 when ST alone does */
static long
prevsat(struct solver *s, const struct sterm *t, const struct sterm *st, size_t upto)
{
	struct sterm acc = *st;
	size_t i;

	if (stermsubset(s, &acc, t))
		return -1;
	acc.set = ssetdup(s, t->pkg, st->set);
	for (i = 0; i < upto; i++) {
		if (s->as[i].t.pkg != t->pkg)
			continue;
		stermandto(s, &acc, &acc, &s->as[i].t);
		if (stermsubset(s, &acc, t))
			return (long)i;
	}
	return -1;
}

/* the earliest assignment satisfying T alone, from the start of the partial solution */
static long
firstsat(struct solver *s, const struct sterm *t)
{
	struct sterm acc = {t->pkg, false, ssetnew(s, t->pkg)};
	bool any = false;
	size_t i;

	for (i = 0; i < s->nas; i++) {
		if (s->as[i].t.pkg != t->pkg)
			continue;
		if (any) {
			stermandto(s, &acc, &acc, &s->as[i].t);
		} else {
			acc.pos = s->as[i].t.pos;
			memcpy(acc.set, s->as[i].t.set, s->pkg[t->pkg].nwords * sizeof *acc.set);
		}
		any = true;
		if (stermsubset(s, &acc, t))
			return (long)i;
	}
	return -1;
}

/* find I's satisfier into *SAT (its index in I into *TK) and the level to go back to into *PREV */
static void
findsatisfier(struct solver *s, int in, long *sat, size_t *tk, int *prev)
{
	const struct sinc *I = &s->inc[in];
	long idx[I->n ? I->n : 1], p = -1, j;
	size_t k;

	*sat = -1;
	for (k = 0; k < I->n; k++) {
		idx[k] = firstsat(s, &I->t[k]);
		if (idx[k] > *sat) {
			*sat = idx[k];
			*tk = k;
		}
	}
	for (k = 0; k < I->n; k++)
		if (k != *tk && idx[k] > p)
			p = idx[k];
	/* the satisfier's own package: the earliest assignment that, with the satisfier, satisfies its term */
	if (*sat < 0)
		return;
	j = prevsat(s, &I->t[*tk], &s->as[*sat].t, (size_t)*sat);
	if (j > p)
		p = j;
	*prev = p >= 0 ? s->as[p].level : 0;
}

/* the incompatibility the conflict at IN comes from, learnt; -1 when there is no solution (*FAIL set) */
static int
resolve(struct solver *s, int in, int *fail)
{
	for (;;) {
		const struct sinc *I = &s->inc[in];
		long sat;
		size_t tk = 0, k, n = 0;
		int prev;

		if (I->n == 0 || (I->n == 1 && I->t[0].pkg == 0 && I->t[0].pos)) {
			*fail = in;
			return -1;
		}
		findsatisfier(s, in, &sat, &tk, &prev);
		if (sat < 0) {	/* it holds with nothing assigned */
			*fail = in;
			return -1;
		}
		if (s->as[sat].cause < 0 || prev != s->as[sat].level) {
			backtrack(s, prev);
			return in;
		}
		/* the prior cause: I and the satisfier's cause, less the satisfier's package, and what the satisfier left */
		const struct sinc *C = &s->inc[s->as[sat].cause];
		struct sterm t[I->n + C->n + 1], st = s->as[sat].t, it = I->t[tk];
		int pkg = it.pkg, c1 = in, c2 = s->as[sat].cause;

		for (k = 0; k < I->n; k++)
			if (I->t[k].pkg != pkg)
				t[n++] = I->t[k];
		for (k = 0; k < C->n; k++)
			if (C->t[k].pkg != pkg)
				t[n++] = C->t[k];
		if (!stermsubset(s, &st, &it)) {
			struct sterm nit = stermnot(&it), diff = stermand(s, &st, &nit);

			t[n++] = stermnot(&diff);
		}
		in = sincadd(s, INC_DERIVED, t, n, c1, c2, NULL);
	}
}

/* add Q to the queue of packages to propagate, once */
static void
enqueue(int **q, size_t *n, size_t *cap, int pkg)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*q)[i] == pkg)
			return;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*q = xrealloc(*q, *cap * sizeof **q);
	}
	(*q)[(*n)++] = pkg;
}

/* unit propagation from NEXT; 0, or 1 when there is no solution (*FAIL set) */
static int
propagate(struct solver *s, int next, int *fail)
{
	int *q = NULL, pkg, in;
	size_t n = 0, cap = 0, k;
	long j;

	enqueue(&q, &n, &cap, next);
	while (n) {
		pkg = q[--n];
		for (j = (long)s->pkg[pkg].nincs - 1; j >= 0; j--) {
			enum rel r = increl(s, in = s->pkg[pkg].incs[j], &k);

			if (r == SATISFIED) {
				if ((in = resolve(s, in, fail)) < 0) {
					free(q);
					return 1;
				}
				if (increl(s, in, &k) != ALMOST)
					abort();	/* PubGrub's invariant: the learnt one is almost satisfied */
				assign(s, stermnot(&s->inc[in].t[k]), in);
				n = 0;
				enqueue(&q, &n, &cap, s->inc[in].t[k].pkg);
				break;
			}
			if (r == ALMOST) {
				assign(s, stermnot(&s->inc[in].t[k]), in);
				enqueue(&q, &n, &cap, s->inc[in].t[k].pkg);
			}
		}
	}
	free(q);
	return 0;
}

/* the next package to decide: a pin first, else the one met first; -1 when none is left */
static int
pickpkg(struct solver *s)
{
	int best = -1;
	bool bestpin = false;
	size_t i;

	for (i = 0; i < s->npkg; i++) {
		const struct spkg *p = &s->pkg[i];
		bool pin;

		if (!p->assigned || !p->pos || p->decided >= 0)
			continue;
		pin = ssetcount(s, (int)i, p->acc) <= 1;
		if (best < 0 || (pin && !bestpin) || (pin == bestpin && p->seen < s->pkg[best].seen)) {
			best = (int)i;
			bestpin = pin;
		}
	}
	return best;
}

/* decide a version of the next package; its id (to propagate from), -1 when all are decided, -2 on an error */
static int
decide(struct solver *s)
{
	int pkg = pickpkg(s), base, nbefore;
	struct sterm t;
	long v, k;

	if (pkg < 0)
		return -1;
	t = (struct sterm){pkg, true, s->pkg[pkg].acc};
	if ((v = ssetbest(s, pkg, t.set)) < 0) {
		sincadd(s, INC_NOVERSIONS, &t, 1, -1, -1, NULL);
		return pkg;
	}
	base = s->pkg[pkg].base;
	if (base != pkg && s->pkg[base].decided >= 0 && ssethas(t.set, (size_t)s->pkg[base].decided))
		v = s->pkg[base].decided;
	if (!ssethas(s->pkg[pkg].listed, (size_t)v)) {
		/* V and the one after it: if V fails, that is next; a package whose versions keep
		 * failing (backtracking down a long list) has twice as many hinted each time */
		spkghint(s, pkg, t.set, 2 << (s->pkg[pkg].tries < 6 ? s->pkg[pkg].tries : 6));
		s->pkg[pkg].tries++;
		ssetadd(s->pkg[pkg].listed, (size_t)v);
		nbefore = (int)s->ninc;
		if (spkgdeps(s, pkg, (size_t)v) < 0)
			return -2;
		for (k = nbefore; k < (long)s->ninc; k++) {
			size_t u;
			enum rel r = increl(s, (int)k, &u);

			if (r == SATISFIED || (r == ALMOST && s->inc[k].t[u].pkg == pkg))
				return pkg;	/* deciding V would conflict: let propagation rule it out */
		}
	}
	t.set = ssetnew(s, pkg);
	ssetadd(t.set, (size_t)v);
	if (pkg != 0)	/* the root is decided at level 0, with what it implies */
		s->level++;
	assign(s, t, -1);
	return pkg;
}

/* set up S for REQ: the root, the constraints, the Python; 0 or -1 */
static int
setup(struct solver *s, const struct solverequest *req)
{
	const char *py = req->python ? req->python : req->env ? req->env->python_full_version : NULL;
	const struct strlist *c = req->constraints;
	const char *why;
	struct spkg *root;
	size_t i;

	s->pkg = xmalloc((s->cappkg = 32) * sizeof *s->pkg);
	root = &s->pkg[s->npkg++];
	memset(root, 0, sizeof *root);
	root->name = xstrdup("the requirements");
	root->cand = xmalloc(sizeof *root->cand);
	root->cand[0] = (struct scand){{xstrdup(""), NULL, false, NULL, false}, NULL, false};
	root->ncand = root->nwords = 1;
	root->decided = -1;
	root->acc = ssetnew(s, 0);
	root->listed = ssetnew(s, 0);
	ssetadd(root->listed, 0);
	if (py && *py) {
		s->python = xmalloc(sizeof *s->python);
		if (versionparse(s->python, py, &why) < 0) {
			free(s->python);
			s->python = NULL;
		}
	}
	s->cons = xmalloc(((c ? c->n : 0) + 1) * sizeof *s->cons);
	for (i = 0; c && i < c->n; i++) {
		if (depparse(&s->cons[s->ncons], c->v[i], &why) < 0) {
			s->error = xasprintf("invalid constraint '%s': %s", c->v[i], why);
			return -1;
		}
		if (s->cons[s->ncons].url) {
			s->error = xasprintf("constraint '%s' names a URL: that needs pip", c->v[i]);
			depclear(&s->cons[s->ncons]);
			return -1;
		}
		if (smarker(s, &s->cons[s->ncons], NULL))
			s->ncons++;
		else
			depclear(&s->cons[s->ncons]);
	}
	return 0;
}

/* the picks of the partial solution, in the order decided, into RES */
static void
answer(struct solver *s, struct solveresult *res)
{
	long *at = xmalloc(s->npkg * sizeof *at);
	size_t i;

	res->v = xmalloc((s->npkg + 1) * sizeof *res->v);
	for (i = 0; i < s->npkg; i++)
		at[i] = -1;
	for (i = 0; i < s->nas; i++) {
		const struct sassign *a = &s->as[i];
		const struct spkg *p = &s->pkg[a->t.pkg];
		struct scand *c;

		if (a->cause >= 0 || a->t.pkg == 0)
			continue;
		if (at[p->base] < 0) {
			c = &p->cand[p->decided];
			at[p->base] = (long)res->n;
			res->v[res->n++] = (struct solvepick){xstrdup(s->pkg[p->base].name),
			    xstrdup(c->c.version), NULL, c->c.data};
		}
		if (p->extra) {
			struct solvepick *k = &res->v[at[p->base]];

			if (!k->extras) {
				k->extras = xmalloc(sizeof *k->extras);
				memset(k->extras, 0, sizeof *k->extras);
			}
			strlistadd(k->extras, p->extra);
			qsort(k->extras->v, k->extras->n, sizeof *k->extras->v, strlistcmp);
		}
	}
	free(at);
}

/* free S */
static void
solverclear(struct solver *s)
{
	size_t i, j;

	for (i = 0; i < s->npkg; i++) {
		struct spkg *p = &s->pkg[i];

		if (p->base == (int)i) {
			for (j = 0; j < p->ncand; j++) {
				free(p->cand[j].c.version);
				free(p->cand[j].c.requirespython);
				if (p->cand[j].v) {
					versionclear(p->cand[j].v);
					free(p->cand[j].v);
				}
			}
			free(p->cand);
		}
		free(p->name);
		free(p->extra);
		free(p->pynote);
		if (p->pynewest && p->base == (int)i)
			versionclear(p->pynewest);
		if (p->base == (int)i)
			free(p->pynewest);
		free(p->incs);
	}
	for (i = 0; i < s->ninc; i++)
		free(s->inc[i].text);
	for (i = 0; i < s->ncons; i++)
		depclear(&s->cons[i]);
	for (i = 0; i < s->nblocks; i++)
		free(s->blocks[i]);
	if (s->python)
		versionclear(s->python);
	free(s->python);
	free(s->cons);
	free(s->blocks);
	free(s->pkg);
	free(s->inc);
	free(s->as);
	free(s->zero);
	free(s->error);
}

/* one run of the solver on REQ with P into RES, with the pre-release admissions PREOK; as solve, or 2 to run again (no solution, and PREOK grew) */
static int
solveonce(const struct solverequest *req, const struct solveprovider *p, struct strlist *preok, struct solveresult *res)
{
	struct solver s = {.req = req, .p = p, .preok = preok};
	struct sterm t;
	int next = 0, fail = -1, rc = 0;

	if (setup(&s, req) < 0 || spkgroot(&s) < 0) {
		rc = -1;
	} else {
		t = (struct sterm){0, false, ssetnew(&s, 0)};
		ssetadd(t.set, 0);
		sincadd(&s, INC_ROOT, &t, 1, -1, -1, NULL);
		while (rc == 0) {
			if (propagate(&s, next, &fail)) {
				res->why = sexplain(&s, fail);
				rc = 1;
			} else if ((next = decide(&s)) == -1) {
				break;
			} else if (next == -2) {
				rc = -1;
			}
		}
	}
	if (rc == 1 && s.restart) {	/* no solution, but a name now admits pre-releases: try again */
		free(res->why);
		res->why = NULL;
		rc = 2;
	} else if (rc < 0) {
		res->why = xstrdup(s.error ? s.error : "the solver failed");
	} else if (rc == 0) {
		answer(&s, res);
	}
	solverclear(&s);
	return rc;
}

int
solve(const struct solverequest *req, const struct solveprovider *p, struct solveresult *res)
{
	struct strlist preok = {0};
	int rc;

	memset(res, 0, sizeof *res);
	while ((rc = solveonce(req, p, &preok, res)) == 2)
		;	/* at most once a package: PREOK only grows */
	strlistclear(&preok);
	free(preok.v);
	return rc;
}

void
solveresultclear(struct solveresult *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->v[i].name);
		free(res->v[i].version);
		if (res->v[i].extras) {
			strlistclear(res->v[i].extras);
			free(res->v[i].extras->v);
		}
		free(res->v[i].extras);
	}
	free(res->v);
	free(res->why);
	memset(res, 0, sizeof *res);
}
