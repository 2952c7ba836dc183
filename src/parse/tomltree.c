/* tomltree.c: the TOML reader's tree: freeing, lookup, type names, and the canonical form. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/tomlval.h"

void
deltoml(struct toml *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (t->keys)
			free(t->keys[i]);
		deltoml(t->vals[i]);
	}
	free(t->keys);
	free(t->klen);
	free(t->vals);
	free(t->s);
	free(t);
}

struct toml *
tomlget(const struct toml *t, const char *key)
{
	size_t len = key ? strlen(key) : 0;

	if (!t || t->type != TOML_TABLE)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->klen[i] == len && !memcmp(t->keys[i], key, len))
			return t->vals[i];
	return NULL;
}

int
tomlwarn(const char *file, const struct toml *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(file, at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
tomltypename(enum tomltype type)
{
	switch (type) {
	case TOML_TABLE: return "table";
	case TOML_ARRAY: return "array";
	case TOML_STRING: return "string";
	case TOML_INTEGER: return "integer";
	case TOML_FLOAT: return "float";
	case TOML_BOOL: return "bool";
	case TOML_DATETIME: return "datetime";
	case TOML_DATETIME_LOCAL: return "datetime-local";
	case TOML_DATE_LOCAL: return "date-local";
	case TOML_TIME_LOCAL: return "time-local";
	}
	return "?";
}

/* S (N bytes) as a basic string, escaped one way */
static void
canonstr(struct buf *b, const char *s, size_t n)
{
	size_t i, j;

	bufputc(b, '"');
	for (i = j = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c != '"' && c != '\\' && c >= 0x20 && c != 0x7f)
			continue;
		bufadd(b, s + j, i - j);
		j = i + 1;
		if (c == '"' || c == '\\')
			bufprintf(b, "\\%c", c);
		else
			bufprintf(b, "\\u%04X", c);
	}
	bufadd(b, s + j, n - j);
	bufputc(b, '"');
}

/* a date or time with the fraction's trailing zeros dropped, and +00:00 spelled Z */
static void
canondate(struct buf *b, const struct toml *t)
{
	const char *s = t->s, *dot = memchr(s, '.', t->len), *end = s + t->len, *q;

	if (t->type == TOML_DATETIME && t->len >= 6 && (end[-6] == '+' || end[-6] == '-')
	    && !memcmp(end - 5, "00:00", 5))
		end -= 6;
	if (dot) {
		for (q = dot + 1; q < end && *q >= '0' && *q <= '9'; q++)
			;
		const char *z = q;
		while (z > dot + 1 && z[-1] == '0')
			z--;
		bufadd(b, s, (z == dot + 1 ? dot : z) - s);
		bufadd(b, q, end - q);
	} else {
		bufadd(b, s, end - s);
	}
	if (end != s + t->len)
		bufputc(b, 'Z');
}

struct ent {
	const char *k;
	size_t len;
	const struct toml *v;
};

static int
entcmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = memcmp(x->k, y->k, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

void
tomlcanon(const struct toml *t, struct buf *b)
{
	struct ent *e;

	/* the spelling is TOML's own, so each type reads differently: 1, 1.0, "1" */
	switch (t->type) {
	case TOML_TABLE:
		e = xmalloc((t->n ? t->n : 1) * sizeof(*e));
		for (size_t i = 0; i < t->n; i++)
			e[i] = (struct ent){ t->keys[i], t->klen[i], t->vals[i] };
		qsort(e, t->n, sizeof(*e), entcmp);
		bufputc(b, '{');
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				bufputc(b, ',');
			canonstr(b, e[i].k, e[i].len);
			bufputc(b, '=');
			tomlcanon(e[i].v, b);
		}
		bufputc(b, '}');
		free(e);
		break;
	case TOML_ARRAY:
		bufputc(b, '[');
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				bufputc(b, ',');
			tomlcanon(t->vals[i], b);
		}
		bufputc(b, ']');
		break;
	case TOML_STRING:
		canonstr(b, t->s, t->len);
		break;
	case TOML_INTEGER:
		bufprintf(b, "%lld", t->i);
		break;
	case TOML_FLOAT:
		tomlfmtfloat(t->f, b);
		break;
	case TOML_BOOL:
		bufputs(b, t->b ? "true" : "false");
		break;
	default:
		canondate(b, t);
		break;
	}
}

void
tomlcanonadd(struct buf *canon, const char *label, const struct toml *t)
{
	if (!canon)
		return;
	bufprintf(canon, "%zu:%s=", strlen(label), label);
	if (t)
		tomlcanon(t, canon);
	else
		bufputc(canon, '-');
	bufputc(canon, '\n');
}
