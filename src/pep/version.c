/* version.c: PEP 440 versions: parse, normalize, order, following packaging 24.1 step by step. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"

/* Python's \s over ASCII (str.isspace also holds for \x1c..\x1f) */
static bool
pyspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static bool
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static bool
issep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
isalnumlow(int c)
{
	c = lower(c);
	return isdig(c) || (c >= 'a' && c <= 'z');
}

/* the length of W if P starts with it, ignoring ASCII case; else 0 */
static size_t
word(const char *p, const char *w)
{
	size_t i;

	for (i = 0; w[i]; i++)
		if (lower((unsigned char)p[i]) != w[i])
			return 0;
	return i;
}

static size_t
digits(const char *p)
{
	size_t n = 0;

	while (isdig(p[n]))
		n++;
	return n;
}

struct span {
	const char *s;
	size_t n;
};

/* the pieces of a version found by scan(), before they are copied */
struct scan {
	struct span epoch, pren, post, dev;
	struct span *rel, *loc;
	size_t nrel, nloc;
	char pre;
	bool haspost, hasdev;
};

/* after an optional separator, the first of WORDS (in the regex's order) at P; its index or -1 */
static int
choose(const char **pp, const char *const *words, size_t *len)
{
	const char *p = *pp;
	size_t i, n;

	if (issep(*p))
		p++;
	for (i = 0; words[i]; i++)
		if ((n = word(p, words[i]))) {
			*pp = p;
			*len = n;
			return i;
		}
	return -1;
}

/* an optional separator and an optional number after a pre, post or dev label */
static void
number(const char **pp, struct span *num)
{
	const char *p = *pp;

	if (issep(*p))
		p++;
	num->s = p;
	num->n = digits(p);
	*pp = p + num->n;
}

/*
 * Match packaging's VERSION_PATTERN (without the local part unless LOCAL) at P;
 * returns where the match ends, or NULL. Each optional group is taken greedily:
 * where the regex could backtrack, no other choice leads to a longer match, so
 * one pass gives the regex's answer.
 */
static const char *
scan(const char *p, struct scan *sc, bool local)
{
	static const char *const prew[] = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc", NULL};
	static const char prel[] = "aabbcccc";
	static const char *const postw[] = {"post", "rev", "r", NULL};
	static const char *const devw[] = {"dev", NULL};
	const char *q;
	size_t n, len;
	int i;

	size_t rest = strlen(p) + 1;

	memset(sc, 0, sizeof(*sc));
	if (*p == 'v' || *p == 'V')
		p++;
	n = digits(p);
	if (n && p[n] == '!') {
		sc->epoch = (struct span){p, n};
		p += n + 1;
		n = digits(p);
	}
	if (!n)
		return NULL;
	sc->rel = xmalloc(sizeof(*sc->rel) * rest);
	sc->rel[sc->nrel++] = (struct span){p, n};
	p += n;
	while (*p == '.' && isdig(p[1])) {
		n = digits(p + 1);
		sc->rel[sc->nrel++] = (struct span){p + 1, n};
		p += n + 1;
	}
	q = p;
	if ((i = choose(&q, prew, &len)) >= 0) {
		sc->pre = prel[i];
		p = q + len;
		number(&p, &sc->pren);
	}
	if (*p == '-' && isdig(p[1])) {
		sc->haspost = true;
		sc->post = (struct span){p + 1, digits(p + 1)};
		p += 1 + sc->post.n;
	} else if (q = p, choose(&q, postw, &len) >= 0) {
		sc->haspost = true;
		p = q + len;
		number(&p, &sc->post);
	}
	q = p;
	if (choose(&q, devw, &len) >= 0) {
		sc->hasdev = true;
		p = q + len;
		number(&p, &sc->dev);
	}
	if (local && *p == '+' && isalnumlow((unsigned char)p[1])) {
		sc->loc = xmalloc(sizeof(*sc->loc) * rest);
		do {
			p++;
			for (q = p; isalnumlow((unsigned char)*q); q++)
				;
			sc->loc[sc->nloc++] = (struct span){p, q - p};
			p = q;
		} while (issep(*p) && isalnumlow((unsigned char)p[1]));
	}
	return p;
}

/* copy the number SP to *M without leading zeros; an empty number is 0 */
static const char *
putnum(char **m, struct span sp)
{
	char *r = *m;

	while (sp.n > 1 && *sp.s == '0')
		sp.s++, sp.n--;
	if (!sp.n)
		sp = (struct span){"0", 1};
	memcpy(r, sp.s, sp.n);
	r[sp.n] = '\0';
	*m += sp.n + 1;
	return r;
}

int
versionparse(struct version *v, const char *s, const char **why)
{
	const char *e;
	struct scan sc;
	char *m;
	size_t i;

	while (pyspace((unsigned char)*s))
		s++;
	for (e = s + strlen(s); e > s && pyspace((unsigned char)e[-1]); e--)
		;
	if (scan(s, &sc, true) != e) {
		free(sc.rel);
		free(sc.loc);
		*why = "invalid version";
		return -1;
	}
	memset(v, 0, sizeof(*v));
	/* every piece is at most its source length plus a NUL, or "0" */
	m = v->mem = xmalloc(2 * (e - s) + 16);
	v->parts = xmalloc(sizeof(*v->parts) * (sc.nrel + sc.nloc));
	v->epoch = putnum(&m, sc.epoch);
	for (i = 0; i < sc.nrel; i++)
		v->parts[i] = putnum(&m, sc.rel[i]);
	v->nrelease = sc.nrel;
	v->pre = sc.pre;
	if (sc.pre)
		v->pren = putnum(&m, sc.pren);
	if (sc.haspost)
		v->post = putnum(&m, sc.post);
	if (sc.hasdev)
		v->dev = putnum(&m, sc.dev);
	for (i = 0; i < sc.nloc; i++) {
		struct span p = sc.loc[i];
		size_t k;

		if (digits(p.s) >= p.n) {
			v->parts[sc.nrel + i] = putnum(&m, p);
			continue;
		}
		for (k = 0; k < p.n; k++)
			m[k] = lower((unsigned char)p.s[k]);
		m[p.n] = '\0';
		v->parts[sc.nrel + i] = m;
		m += p.n + 1;
	}
	v->nlocal = sc.nloc;
	free(sc.rel);
	free(sc.loc);
	return 0;
}

void
versionclear(struct version *v)
{
	if (!v)
		return;
	free(v->mem);
	free(v->parts);
	memset(v, 0, sizeof(*v));
}

static int
numcmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int c;

	if (la != lb)
		return la < lb ? -1 : 1;
	c = strcmp(a, b);
	return (c > 0) - (c < 0);
}

static bool
isnum(const char *s)
{
	return isdig((unsigned char)*s) && !s[digits(s)];
}

/* the release length once trailing zeros are dropped */
static size_t
rellen(const struct version *v)
{
	size_t n = v->nrelease;

	while (n > 0 && strcmp(v->parts[n - 1], "0") == 0)
		n--;
	return n;
}

/* compare epoch and release only (base_version) */
static int
basecmp(const struct version *a, const struct version *b)
{
	size_t na = rellen(a), nb = rellen(b), i;
	int c;

	if ((c = numcmp(a->epoch, b->epoch)))
		return c;
	for (i = 0; i < na && i < nb; i++)
		if ((c = numcmp(a->parts[i], b->parts[i])))
			return c;
	return (na > nb) - (na < nb);
}

/* packaging's _cmpkey order; NOLOCAL compares the public versions */
static int
keycmp(const struct version *a, const struct version *b, bool nolocal)
{
	/* -inf, a value, +inf: the pre, post and dev keys */
	int ca, cb, c;
	size_t i, na, nb;

	if ((c = basecmp(a, b)))
		return c;
	ca = a->pre ? 1 : !a->post && a->dev ? 0 : 2;
	cb = b->pre ? 1 : !b->post && b->dev ? 0 : 2;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca == 1 && a->pre != b->pre)
		return a->pre < b->pre ? -1 : 1;
	if (ca == 1 && (c = numcmp(a->pren, b->pren)))
		return c;
	if (!a->post != !b->post)
		return a->post ? 1 : -1;
	if (a->post && (c = numcmp(a->post, b->post)))
		return c;
	if (!a->dev != !b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (c = numcmp(a->dev, b->dev)))
		return c;
	if (nolocal)
		return 0;
	na = a->nlocal, nb = b->nlocal;
	for (i = 0; i < na && i < nb; i++) {
		const char *x = a->parts[a->nrelease + i], *y = b->parts[b->nrelease + i];
		bool nx = isnum(x), ny = isnum(y);

		if (nx != ny)
			return nx ? 1 : -1;
		c = nx ? numcmp(x, y) : strcmp(x, y);
		if (c)
			return (c > 0) - (c < 0);
	}
	return (na > nb) - (na < nb);
}

int
versioncmp(const struct version *a, const struct version *b)
{
	return keycmp(a, b, false);
}

static void
strparts(const struct version *v, struct buf *b, bool local)
{
	size_t i;

	if (strcmp(v->epoch, "0") != 0)
		bufprintf(b, "%s!", v->epoch);
	for (i = 0; i < v->nrelease; i++)
		bufprintf(b, "%s%s", i ? "." : "", v->parts[i]);
	if (v->pre)
		bufprintf(b, "%s%s", v->pre == 'c' ? "rc" : v->pre == 'a' ? "a" : "b", v->pren);
	if (v->post)
		bufprintf(b, ".post%s", v->post);
	if (v->dev)
		bufprintf(b, ".dev%s", v->dev);
	for (i = 0; local && i < v->nlocal; i++)
		bufprintf(b, "%c%s", i ? '.' : '+', v->parts[v->nrelease + i]);
}

void
versionstr(const struct version *v, struct buf *b)
{
	strparts(v, b, true);
}

bool
versionisprerelease(const struct version *v)
{
	return v->pre || v->dev;
}

size_t
versionspan(const char *s, bool local, bool wild, size_t minrel)
{
	const char *q, *p;
	struct scan sc;

	q = scan(s, &sc, local);
	if (q && wild) {
		/* \.\* right after the release comes first in the regex */
		p = sc.rel[sc.nrel - 1].s + sc.rel[sc.nrel - 1].n;
		if (p[0] == '.' && p[1] == '*')
			q = p + 2;
	}
	if (q && sc.nrel < minrel)
		q = NULL;
	free(sc.rel);
	free(sc.loc);
	return q ? (size_t)(q - s) : 0;
}

int
versioncmppublic(const struct version *a, const struct version *b)
{
	return keycmp(a, b, true);
}

int
versioncmpbase(const struct version *a, const struct version *b)
{
	return basecmp(a, b);
}

void
versionpublic(const struct version *v, struct buf *b)
{
	strparts(v, b, false);
}
