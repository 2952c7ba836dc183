/* dep.c: PEP 508 dependency specifiers, following packaging's requirement parser. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"

static bool
isalnumascii(int c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static size_t
ws(const char *s, size_t pos)
{
	while (s[pos] == ' ' || s[pos] == '\t')
		pos++;
	return pos;
}

/* IDENTIFIER, \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b, at POS: its length, or 0 */
static size_t
identifier(const char *s, size_t pos)
{
	size_t q = pos;

	if (!isalnumascii((unsigned char)s[pos]) || !wordboundary(s, pos))
		return 0;
	while (isalnumascii((unsigned char)s[q]) || s[q] == '.' || s[q] == '_' || s[q] == '-')
		q++;
	/* the regex backs off until a word boundary follows */
	while (q > pos && !wordboundary(s, q))
		q--;
	return q - pos;
}

void
depnormname(const char *name, struct buf *b)
{
	const char *s;

	bufputs(b, "");
	for (s = name; *s; s++) {
		if (*s == '-' || *s == '_' || *s == '.') {
			while (s[1] == '-' || s[1] == '_' || s[1] == '.')
				s++;
			bufputc(b, '-');
		} else {
			bufputc(b, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		}
	}
}

/* extras = '[' WS? (IDENTIFIER (WS? ',' WS? IDENTIFIER)*)? WS? ']' */
static int
extras(struct dep *d, const char *s, size_t *pp, const char **why)
{
	size_t p = ws(s, *pp + 1), n;

	if ((n = identifier(s, p))) {
		for (;;) {
			strlistpush(&d->extras, xstrndup(s + p, n));
			p = ws(s, p + n);
			if (identifier(s, p)) {
				*why = "expected comma between extra names";
				return -1;
			}
			if (s[p] != ',')
				break;
			p = ws(s, p + 1);
			if (!(n = identifier(s, p))) {
				*why = "expected extra name after comma";
				return -1;
			}
		}
	}
	p = ws(s, p);
	if (s[p] != ']') {
		*why = "expected ']' after extras";
		return -1;
	}
	*pp = p + 1;
	return 0;
}

/* version_many = (SPECIFIER (WS? ',' WS? SPECIFIER)*)?, each specifier's text appended to B */
static size_t
specifiers(const char *s, size_t p, struct buf *b)
{
	size_t n;

	while ((n = spectoken(s + p))) {
		bufadd(b, s + p, n);
		p = ws(s, p + n);
		if (s[p] != ',')
			break;
		bufputc(b, ',');
		p = ws(s, p + 1);
	}
	return p;
}

static int
marker(struct dep *d, const char *s, size_t p, const char **why)
{
	const char *e;

	if (s[p] != ';') {
		*why = "expected end or semicolon";
		return -1;
	}
	p++;
	if (markerparse(&d->marker, s + p, why) < 0)
		return -1;
	for (p = ws(s, p), e = s + strlen(s); e > s + p && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	d->markertext = xstrndup(s + p, e - (s + p));
	return 0;
}

static int
parse(struct dep *d, const char *s, const char **why)
{
	struct buf b = {0};
	size_t p = ws(s, 0), n;
	int r;

	if (!(n = identifier(s, p))) {
		*why = "expected package name at the start of dependency specifier";
		return -1;
	}
	d->name = xstrndup(s + p, n);
	p = ws(s, p + n);
	if (s[p] == '[' && extras(d, s, &p, why) < 0)
		return -1;
	p = ws(s, p);
	if (s[p] == '@') {
		p = ws(s, p + 1);
		for (n = p; s[n] && s[n] != ' ' && s[n] != '\t'; n++)
			;
		if (n == p) {
			*why = "expected URL after @";
			return -1;
		}
		d->url = xstrndup(s + p, n - p);
		if (!s[n] || !s[n = ws(s, n)])
			return 0;
		return marker(d, s, n, why);
	}
	bufputs(&b, "");
	if (s[p] == '(') {
		p = specifiers(s, ws(s, p + 1), &b);
		p = ws(s, p);
		if (s[p] != ')') {
			free(b.s);
			*why = "expected ')' after version specifier";
			return -1;
		}
		p++;
	} else {
		p = specifiers(s, p, &b);
	}
	r = specparse(&d->spec, b.s, why);
	free(b.s);
	if (r < 0)
		return -1;
	p = ws(s, p);
	return s[p] ? marker(d, s, p, why) : 0;
}

int
depparse(struct dep *d, const char *s, const char **why)
{
	struct buf b = {0};

	memset(d, 0, sizeof(*d));
	if (parse(d, s, why) < 0) {
		depclear(d);
		return -1;
	}
	depnormname(d->name, &b);
	d->canon = b.s;
	return 0;
}

void
depclear(struct dep *d)
{
	if (!d)
		return;
	free(d->name);
	free(d->canon);
	strlistclear(&d->extras);
	free(d->extras.v);
	specclear(&d->spec);
	free(d->url);
	free(d->markertext);
	delmarker(d->marker);
	memset(d, 0, sizeof(*d));
}
