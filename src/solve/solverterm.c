/* solverterm.c: the solver's version sets (bitsets over a package's candidates), terms and incompatibilities. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "solve/solver.h"
#include "solve/solverimpl.h"

enum { ARENABLOCK = 1 << 16 };

void *
sarena(struct solver *s, size_t n)
{
	char *p;

	n = (n + 15) & ~(size_t)15;
	if (n > ARENABLOCK / 4) {	/* a big one gets a block of its own; the next small one a new block */
		p = xmalloc(n);
		s->blocks = xrealloc(s->blocks, (s->nblocks + 1) * sizeof *s->blocks);
		s->blocks[s->nblocks++] = p;
		s->used = ARENABLOCK;
		memset(p, 0, n);
		return p;
	}
	if (!s->nblocks || s->used + n > ARENABLOCK) {
		s->blocks = xrealloc(s->blocks, (s->nblocks + 1) * sizeof *s->blocks);
		s->blocks[s->nblocks++] = xmalloc(ARENABLOCK);
		s->used = 0;
	}
	p = s->blocks[s->nblocks - 1] + s->used;
	s->used += n;
	memset(p, 0, n);
	return p;
}

uint64_t *
ssetnew(struct solver *s, int pkg)
{
	return sarena(s, s->pkg[pkg].nwords * sizeof(uint64_t));
}

uint64_t *
ssetdup(struct solver *s, int pkg, const uint64_t *set)
{
	uint64_t *n = ssetnew(s, pkg);

	memcpy(n, set, s->pkg[pkg].nwords * sizeof *n);
	return n;
}

bool
ssetempty(const struct solver *s, int pkg, const uint64_t *set)
{
	size_t i;

	for (i = 0; i < s->pkg[pkg].nwords; i++)
		if (set[i])
			return false;
	return true;
}

bool
ssethas(const uint64_t *set, size_t i)
{
	return set[i / 64] >> (i % 64) & 1;
}

void
ssetadd(uint64_t *set, size_t i)
{
	set[i / 64] |= (uint64_t)1 << (i % 64);
}

long
ssetmax(const struct solver *s, int pkg, const uint64_t *set)
{
	long i;

	for (i = (long)s->pkg[pkg].ncand - 1; i >= 0; i--)
		if (ssethas(set, (size_t)i))
			return i;
	return -1;
}

long
ssetbest(const struct solver *s, int pkg, const uint64_t *set)
{
	const struct spkg *p = &s->pkg[pkg];
	long i;

	for (i = (long)p->ncand - 1; i >= 0; i--)
		if (ssethas(set, (size_t)i) && !p->cand[i].c.lesser)
			return i;
	return ssetmax(s, pkg, set);
}

size_t
ssetcount(const struct solver *s, int pkg, const uint64_t *set)
{
	size_t i, n = 0;

	for (i = 0; i < s->pkg[pkg].nwords; i++)
		n += (size_t)__builtin_popcountll(set[i]);
	return n;
}

/* the words of the full set of PKG: the bits past NCAND stay clear */
static uint64_t
fullword(const struct solver *s, int pkg, size_t w)
{
	size_t n = s->pkg[pkg].ncand;

	if ((w + 1) * 64 <= n)
		return ~(uint64_t)0;
	return n % 64 ? ((uint64_t)1 << (n % 64)) - 1 : 0;
}

void
stermandto(const struct solver *s, struct sterm *r, const struct sterm *a, const struct sterm *b)
{
	size_t i;

	for (i = 0; i < s->pkg[a->pkg].nwords; i++) {
		uint64_t x;

		if (a->pos && b->pos)
			x = a->set[i] & b->set[i];
		else if (a->pos)
			x = a->set[i] & ~b->set[i];
		else if (b->pos)
			x = b->set[i] & ~a->set[i];
		else
			x = a->set[i] | b->set[i];
		r->set[i] = x & fullword(s, a->pkg, i);
	}
	r->pkg = a->pkg;
	r->pos = a->pos || b->pos;
}

struct sterm
stermand(struct solver *s, const struct sterm *a, const struct sterm *b)
{
	struct sterm r = {a->pkg, false, ssetnew(s, a->pkg)};

	stermandto(s, &r, a, b);
	return r;
}

struct sterm
stermnot(const struct sterm *a)
{
	struct sterm r = *a;

	r.pos = !a->pos;
	return r;
}

bool
stermempty(const struct solver *s, const struct sterm *a)
{
	return a->pos && ssetempty(s, a->pkg, a->set);
}

bool
stermdisjoint(struct solver *s, const struct sterm *a, const struct sterm *t)
{
	size_t i;

	if (!a->pos && !t->pos)
		return false;	/* both hold when the package is not selected */
	for (i = 0; i < s->pkg[a->pkg].nwords; i++) {
		uint64_t x;

		if (a->pos && t->pos)
			x = a->set[i] & t->set[i];
		else if (a->pos)
			x = a->set[i] & ~t->set[i];
		else
			x = t->set[i] & ~a->set[i];
		if (x & fullword(s, a->pkg, i))
			return false;
	}
	return true;
}

bool
stermsubset(struct solver *s, const struct sterm *a, const struct sterm *t)
{
	struct sterm nt = stermnot(t);

	return stermdisjoint(s, a, &nt);
}

/* the index in T[0..N) of PKG's term, or N */
static size_t
findterm(const struct sterm *t, size_t n, int pkg)
{
	size_t i;

	for (i = 0; i < n && t[i].pkg != pkg; i++)
		;
	return i;
}

int
sincadd(struct solver *s, enum sinckind kind, const struct sterm *t, size_t n, int c1, int c2, const char *text)
{
	struct sinc *in;
	struct sterm *m = sarena(s, (n ? n : 1) * sizeof *m);
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		if (!t[i].pos && ssetempty(s, t[i].pkg, t[i].set))
			continue;	/* "not in nothing" always holds: it adds nothing */
		j = findterm(m, k, t[i].pkg);
		if (j == k) {
			m[k] = t[i];
			m[k].set = ssetdup(s, t[i].pkg, t[i].set);
			k++;
		} else {
			m[j] = stermand(s, &m[j], &t[i]);
		}
	}
	for (i = j = 0; i < k; i++)	/* a merge may have emptied a negative term */
		if (m[i].pos || !ssetempty(s, m[i].pkg, m[i].set))
			m[j++] = m[i];
	k = j;
	if (s->ninc == s->capinc) {
		s->capinc = s->capinc ? 2 * s->capinc : 64;
		s->inc = xrealloc(s->inc, s->capinc * sizeof *s->inc);
	}
	in = &s->inc[s->ninc];
	*in = (struct sinc){kind, m, k, c1, c2, text ? xstrdup(text) : NULL};
	for (i = 0; i < k; i++) {
		struct spkg *p = &s->pkg[m[i].pkg];

		if (p->nincs == p->capincs) {
			p->capincs = p->capincs ? 2 * p->capincs : 8;
			p->incs = xrealloc(p->incs, p->capincs * sizeof *p->incs);
		}
		p->incs[p->nincs++] = (int)s->ninc;
	}
	return (int)s->ninc++;
}
