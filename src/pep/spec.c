/* spec.c: PEP 440 specifiers and specifier sets, following packaging 24.1 step by step. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"

/* Python's \s over ASCII (str.isspace also holds for \x1c..\x1f) */
static bool
pyspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static size_t
digits(const char *p)
{
	size_t n = 0;

	while (*p >= '0' && *p <= '9')
		n++, p++;
	return n;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* canonicalize_version(S, strip_trailing_zero=STRIP): the normalized form, or S when it does not parse */
static void
canonver(const char *s, bool strip, struct buf *b)
{
	struct version v;
	const char *why;
	size_t n;

	if (versionparse(&v, s, &why) < 0) {
		bufputs(b, s);
		return;
	}
	n = v.nrelease;
	if (strip)
		while (n > 1 && strcmp(v.parts[n - 1], "0") == 0)
			n--;
	v.nrelease = n;
	versionstr(&v, b);
	versionclear(&v);
}

/* _version_split: the epoch ("0" when none), then each dot-part, "1rc2" split in two */
static void
vsplit(const char *s, struct strlist *l)
{
	const char *bang = strrchr(s, '!'), *p, *q;

	strlistclear(l);
	if (bang && bang > s)
		strlistpush(l, xstrndup(s, bang - s));
	else
		strlistadd(l, "0");
	for (p = bang ? bang + 1 : s;; p = q + 1) {
		size_t n, k;

		q = strchr(p, '.');
		if (!q)
			q = p + strlen(p);
		n = digits(p);
		k = p[n] == 'r' && p[n + 1] == 'c' ? 2 : strchr("abc", p[n]) && p[n] ? 1 : 0;
		if (n && k && p + n + k < q && p + n + k + digits(p + n + k) == q) {
			strlistpush(l, xstrndup(p, n));
			strlistpush(l, xstrndup(p + n, q - p - n));
		} else {
			strlistpush(l, xstrndup(p, q - p));
		}
		if (!*q)
			break;
	}
}

static void
listfree(struct strlist *l)
{
	strlistclear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

static bool
alldigits(const char *s)
{
	return *s && !s[digits(s)];
}

static size_t
numprefix(const struct strlist *l)
{
	size_t i = 0;

	while (i < l->n && alldigits(l->v[i]))
		i++;
	return i;
}

/* ==SPEC.* on V: V's release, padded with zeros, begins with SPEC's (after _pad_version) */
static bool
prefixmatch(const struct version *v, const char *spec)
{
	struct buf b = {0};
	struct strlist sl = {0}, vl = {0};
	size_t n = strlen(spec) - 2, sn, vn, i, j;
	char *s = xstrndup(spec, n);
	bool ok = true;

	canonver(s, false, &b);
	vsplit(b.s, &sl);
	bufreset(&b);
	versionpublic(v, &b);
	vsplit(b.s, &vl);
	sn = numprefix(&sl), vn = numprefix(&vl);
	/* the padded prospective: its numbers, zeros up to SN, then the rest of it */
	for (i = 0; i < sl.n && ok; i++) {
		const char *x;

		if (i < vn)
			x = vl.v[i];
		else if (i < sn)
			x = "0";
		else if ((j = i - (sn > vn ? sn : vn) + vn) < vl.n)
			x = vl.v[j];
		else
			ok = false;
		if (ok && strcmp(x, sl.v[i]) != 0)
			ok = false;
	}
	free(s);
	free(b.s);
	listfree(&sl);
	listfree(&vl);
	return ok;
}

static bool
issuffix(const char *s)
{
	return strncmp(s, "dev", 3) == 0 || *s == 'a' || *s == 'b' || strncmp(s, "rc", 2) == 0
	    || strncmp(s, "post", 4) == 0;
}

/* ~=: >= the spec, and == the spec with its last release number (as written) dropped, .* */
static bool
compatible(const struct spec *sp, const struct version *v)
{
	struct strlist l = {0};
	struct buf b = {0};
	size_t n = 0, i;
	bool ok;

	if (versioncmppublic(v, &sp->v) < 0)
		return false;
	vsplit(sp->ver, &l);
	while (n < l.n && !issuffix(l.v[n]))
		n++;
	if (n < 2) {		/* packaging fails here; no valid ~= gets this far */
		listfree(&l);
		return false;
	}
	bufprintf(&b, "%s!", l.v[0]);
	for (i = 1; i + 1 < n; i++)
		bufprintf(&b, "%s%s", i > 1 ? "." : "", l.v[i]);
	bufputs(&b, ".*");
	ok = prefixmatch(v, b.s);
	free(b.s);
	listfree(&l);
	return ok;
}

bool
specitemmatch(const struct spec *sp, const struct version *v)
{
	struct buf b = {0};
	size_t i;
	bool ok;

	switch (sp->op) {
	case SPEC_COMPATIBLE:
		return compatible(sp, v);
	case SPEC_EQ:
	case SPEC_NE:
		if (sp->wildcard)
			ok = prefixmatch(v, sp->ver);
		else
			ok = (sp->v.nlocal ? versioncmp(v, &sp->v) : versioncmppublic(v, &sp->v)) == 0;
		return sp->op == SPEC_EQ ? ok : !ok;
	case SPEC_LE:
		return versioncmppublic(v, &sp->v) <= 0;
	case SPEC_GE:
		return versioncmppublic(v, &sp->v) >= 0;
	case SPEC_LT:
		if (versioncmp(v, &sp->v) >= 0)
			return false;
		return versionisprerelease(&sp->v) || !versionisprerelease(v) || versioncmpbase(v, &sp->v) != 0;
	case SPEC_GT:
		if (versioncmp(v, &sp->v) <= 0)
			return false;
		if (!sp->v.post && v->post && versioncmpbase(v, &sp->v) == 0)
			return false;
		return !v->nlocal || versioncmpbase(v, &sp->v) != 0;
	case SPEC_ARBITRARY:
		versionstr(v, &b);
		ok = strlen(sp->ver) == b.len;
		for (i = 0; ok && i < b.len; i++)
			ok = lower((unsigned char)sp->ver[i]) == b.s[i];
		free(b.s);
		return ok;
	}
	return false;
}

bool
specitemprerelease(const struct spec *sp)
{
	switch (sp->op) {
	case SPEC_EQ:
	case SPEC_GE:
	case SPEC_LE:
	case SPEC_COMPATIBLE:
	case SPEC_ARBITRARY:
		/* packaging 24.1 raises for === on a non-version; call it no pre-release */
		return sp->parsed && !sp->wildcard && versionisprerelease(&sp->v);
	default:
		return false;
	}
}

/* V is v?(N!)?N(.N)* exactly: what may precede the .* of a wildcard */
static bool
plainrelease(const char *p, const char *e)
{
	size_t n;

	if (*p == 'v' || *p == 'V')
		p++;
	n = digits(p);
	if (n && p[n] == '!')
		p += n + 1;
	do {
		if (!(n = digits(p)))
			return false;
		p += n;
	} while (p < e && *p++ == '.');
	return p == e;
}

size_t
spectoken(const char *s)
{
	static const char *const ops[] = {"~=", "==", "!=", "<=", ">=", "<", ">", "==="};
	const char *p;
	size_t i, n;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strncmp(s, ops[i], n = strlen(ops[i])) != 0)
			continue;
		for (p = s + n; pyspace((unsigned char)*p); p++)
			;
		if (i == 7) {
			while (*p && !pyspace((unsigned char)*p) && *p != ';' && *p != ')')
				p++;
			return p - s;
		}
		if ((n = versionspan(p, i == 1 || i == 2, i == 1 || i == 2, i == 0 ? 2 : 1)))
			return p + n - s;
	}
	return 0;
}

int
specitemparse(struct spec *sp, const char *s, const char **why)
{
	static const struct { const char *s; enum specop op; } ops[] = {
		{"===", SPEC_ARBITRARY}, {"~=", SPEC_COMPATIBLE}, {"==", SPEC_EQ}, {"!=", SPEC_NE},
		{"<=", SPEC_LE}, {">=", SPEC_GE}, {"<", SPEC_LT}, {">", SPEC_GT},
	};
	const char *p = s, *e;
	size_t i, n = 0;

	memset(sp, 0, sizeof(*sp));
	*why = "invalid specifier";
	while (pyspace((unsigned char)*p))
		p++;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strncmp(p, ops[i].s, n = strlen(ops[i].s)) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return -1;
	sp->op = ops[i].op;
	for (p += n; pyspace((unsigned char)*p); p++)
		;
	if (sp->op == SPEC_ARBITRARY) {
		for (e = p; *e && !pyspace((unsigned char)*e) && *e != ';' && *e != ')'; e++)
			;
		sp->ver = xstrndup(p, e - p);
		while (pyspace((unsigned char)*e))
			e++;
		if (*e)
			goto bad;
		sp->parsed = versionparse(&sp->v, sp->ver, why) == 0;
		return 0;
	}
	for (e = p + strlen(p); e > p && pyspace((unsigned char)e[-1]); e--)
		;
	sp->ver = xstrndup(p, e - p);
	if ((sp->op == SPEC_EQ || sp->op == SPEC_NE) && e - p > 2 && e[-2] == '.' && e[-1] == '*') {
		if (!plainrelease(p, e - 2))
			goto bad;
		sp->wildcard = true;
		sp->ver[e - p - 2] = '\0';
		versionparse(&sp->v, sp->ver, why);
		sp->ver[e - p - 2] = '.';
		sp->parsed = true;
		return 0;
	}
	for (i = 0; p + i < e; i++)
		if (pyspace((unsigned char)p[i]))
			goto bad;
	if (versionparse(&sp->v, sp->ver, why) < 0)
		goto bad;
	sp->parsed = true;
	if (sp->v.nlocal && sp->op != SPEC_EQ && sp->op != SPEC_NE)
		goto bad;
	if (sp->op == SPEC_COMPATIBLE && sp->v.nrelease < 2)
		goto bad;
	return 0;
bad:
	specitemclear(sp);
	*why = "invalid specifier";
	return -1;
}

void
specitemclear(struct spec *sp)
{
	if (!sp)
		return;
	free(sp->ver);
	if (sp->parsed)
		versionclear(&sp->v);
	memset(sp, 0, sizeof(*sp));
}

static const char *const opname[] = {"~=", "==", "!=", "<=", ">=", "<", ">", "==="};

/*
 * Whether SS already holds a specifier equal to SP as packaging's Specifier.__eq__
 * sees it: the same operator, and the same version once canonicalized (trailing
 * zeros dropped but for ~=). A SpecifierSet is a frozenset of them, so the first
 * one stays, even where the two would match differently (===V1.0 and ===1.0.0).
 */
static bool
specdup(const struct specset *ss, const struct spec *sp)
{
	struct buf a = {0}, b = {0};
	size_t i;
	bool dup = false;

	canonver(sp->ver, sp->op != SPEC_COMPATIBLE, &a);
	for (i = 0; i < ss->n && !dup; i++) {
		if (ss->v[i].op != sp->op)
			continue;
		bufreset(&b);
		canonver(ss->v[i].ver, sp->op != SPEC_COMPATIBLE, &b);
		dup = strcmp(a.s, b.s) == 0;
	}
	free(a.s);
	free(b.s);
	return dup;
}

int
specparse(struct specset *ss, const char *s, const char **why)
{
	const char *p, *q;
	char *item;
	size_t cap = 0;

	memset(ss, 0, sizeof(*ss));
	for (p = s;; p = q + 1) {
		const char *a, *z;
		int r;

		q = strchr(p, ',');
		if (!q)
			q = p + strlen(p);
		for (a = p; a < q && pyspace((unsigned char)*a); a++)
			;
		for (z = q; z > a && pyspace((unsigned char)z[-1]); z--)
			;
		if (z > a) {
			if (ss->n == cap) {
				cap = cap ? 2 * cap : 4;
				ss->v = xrealloc(ss->v, sizeof(*ss->v) * cap);
			}
			item = xstrndup(a, z - a);
			r = specitemparse(&ss->v[ss->n], item, why);
			free(item);
			if (r < 0) {
				specclear(ss);
				return -1;
			}
			if (specdup(ss, &ss->v[ss->n]))
				specitemclear(&ss->v[ss->n]);
			else
				ss->n++;
		}
		if (!*q)
			break;
	}
	return 0;
}

void
specclear(struct specset *ss)
{
	size_t i;

	if (!ss)
		return;
	for (i = 0; i < ss->n; i++)
		specitemclear(&ss->v[i]);
	free(ss->v);
	ss->v = NULL;
	ss->n = 0;
}

bool
specprerelease(const struct specset *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (specitemprerelease(&ss->v[i]))
			return true;
	return false;
}

bool
specmatch(const struct specset *ss, const struct version *v, int flags)
{
	bool pre = flags & SPECPRE ? true : flags & SPECNOPRE ? false : specprerelease(ss);
	size_t i;

	if (!pre && versionisprerelease(v))
		return false;
	for (i = 0; i < ss->n; i++)
		if (!specitemmatch(&ss->v[i], v))
			return false;
	return true;
}

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
specstr(const struct specset *ss, struct buf *b)
{
	char **v = xmalloc(sizeof(*v) * (ss->n + 1));
	size_t i;

	for (i = 0; i < ss->n; i++)
		v[i] = xasprintf("%s%s", opname[ss->v[i].op], ss->v[i].ver);
	qsort(v, ss->n, sizeof(*v), strpcmp);
	for (i = 0; i < ss->n; i++) {
		bufprintf(b, "%s%s", i ? "," : "", v[i]);
		free(v[i]);
	}
	free(v);
}
