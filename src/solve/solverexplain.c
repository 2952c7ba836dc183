/* solverexplain.c: why there is no solution, as a short chain of lines a person can follow. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "solve/solver.h"
#include "solve/solverimpl.h"

/* append the terms of I with POS to B, joined by "and" (the root left out); how many */
static size_t
terms(struct solver *s, const struct sinc *I, bool pos, struct buf *b)
{
	size_t k, n = 0, m = 0;

	for (k = 0; k < I->n; k++)
		if (I->t[k].pos == pos && I->t[k].pkg != 0)
			m++;
	for (k = 0; k < I->n; k++) {
		if (I->t[k].pos != pos || I->t[k].pkg == 0)
			continue;
		if (n++)
			bufputs(b, n == m ? " and " : ", ");
		ssetstr(s, I->t[k].pkg, I->t[k].set, b);
	}
	return n;
}

/* whether I names the root positively */
static bool
hasroot(const struct sinc *I)
{
	size_t k;

	for (k = 0; k < I->n; k++)
		if (I->t[k].pkg == 0 && I->t[k].pos)
			return true;
	return false;
}

/* "a 1.0 depends on b>=2" for a dependency */
static void
deptext(struct solver *s, const struct sinc *I, struct buf *b)
{
	const struct spkg *to = &s->pkg[I->c1];
	size_t k;

	if (I->t[0].pkg == 0) {
		bufputs(b, "the requirements need ");
	} else {
		ssetstr(s, I->t[0].pkg, I->t[0].set, b);
		bufputs(b, " depends on ");
	}
	if (I->text) {
		bufputs(b, I->text);
		for (k = 0; k < s->ncons; k++)	/* the constraints that narrowed it */
			if (strcmp(s->cons[k].canon, s->pkg[to->base].name) == 0 && s->cons[k].spec.n) {
				bufprintf(b, " (constrained to %s", s->pkg[to->base].name);
				specstr(&s->cons[k].spec, b);
				bufputc(b, ')');
			}
	} else {
		for (k = 1; k < I->n; k++)
			ssetstr(s, I->t[k].pkg, I->t[k].set, b);
	}
	if (I->n == 1 && I->t[0].pkg != I->c1) {	/* the target's set was empty */
		if (s->pkg[to->base].missing)
			bufprintf(b, ", and there is no package named '%s'", s->pkg[to->base].name);
		else
			bufprintf(b, ", and no version of %s matches", to->name);
		if (s->pkg[to->base].pynote)
			bufprintf(b, " (%s %s)", s->pkg[to->base].name, s->pkg[to->base].pynote);
	}
}

/* append what incompatibility IN says to B */
static void
inctext(struct solver *s, int in, struct buf *b)
{
	const struct sinc *I = &s->inc[in];
	struct buf neg = {0};
	size_t np;

	if (I->kind == INC_DEP) {
		deptext(s, I, b);
		return;
	}
	if (I->kind == INC_NOVERSIONS) {
		bufprintf(b, "no version of %s is left", s->pkg[I->t[0].pkg].name);
		return;
	}
	terms(s, I, false, &neg);
	if (neg.len) {
		if (!terms(s, I, true, b))
			bufputs(b, "the requirements");
		bufprintf(b, " %s %s", hasroot(I) && b->len == strlen("the requirements") ? "need" : "depends on", neg.s);
	} else if (!(np = terms(s, I, true, b))) {
		bufputs(b, "the requirements cannot be met");
	} else {
		bufputs(b, np == 1 ? " cannot be installed" : np == 2 ? " cannot both be installed" : " cannot all be installed");
	}
	free(neg.s);
}

/* append the lines that explain IN to B, each derived incompatibility once */
static void
explain(struct solver *s, int in, bool *done, struct buf *b)
{
	const struct sinc *I = &s->inc[in];
	int c1 = I->c1, c2 = I->c2;
	bool d1, d2;

	if (I->kind != INC_DERIVED || done[in])
		return;
	done[in] = true;
	d1 = s->inc[c1].kind == INC_DERIVED;
	d2 = s->inc[c2].kind == INC_DERIVED;
	explain(s, c1, done, b);
	explain(s, c2, done, b);
	if (d1 != d2) {	/* the derived one was just said: add the other */
		inctext(s, d1 ? c2 : c1, b);
	} else {
		inctext(s, c1, b);
		bufputs(b, "; ");
		inctext(s, c2, b);
	}
	bufputs(b, "; so ");
	inctext(s, in, b);
	bufputc(b, '\n');
}

char *
sexplain(struct solver *s, int in)
{
	bool *done = xmalloc(s->ninc * sizeof *done);
	struct buf b = {0};

	memset(done, 0, s->ninc * sizeof *done);
	if (s->inc[in].kind != INC_DERIVED) {
		inctext(s, in, &b);
		bufputc(&b, '\n');
	}
	explain(s, in, done, &b);
	free(done);
	if (b.len && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	return b.s;
}
