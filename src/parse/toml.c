/*
 * toml.c: the TOML reader's document structure: keys, key/value pairs, [tables],
 * [[arrays of tables]], arrays and inline tables, and the rules about what may be
 * defined where. The scalars are in tomlval.c, the tree's accessors and its
 * canonical form in tomltree.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "parse/tomlval.h"

/* how a table or array came to be, in struct toml's FLAGS */
enum {
	EXPLICIT = 1,	/* a table a [header] defined, or dotted keys of a finished section */
	FROZEN = 2,	/* an inline table or array value, or anything inside one: immutable */
	PENDING = 4,	/* a table dotted keys created or extended in the current section */
	AOT = 8,	/* an array that [[headers]] append tables to */
};

/* one part of a dotted key, and where it was written */
struct keypart {
	char *s;
	size_t len;
	const char *at;
};

struct key {
	struct keypart *v;
	size_t n, cap;
};

static void
keyclear(struct key *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].s);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

static bool
barekeychar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* the first N parts of K as text for a message, quoted where they are not bare */
static const char *
keyname(char *out, size_t size, const struct key *k, size_t n)
{
	struct buf b = {0};

	bufadd(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		const char *s = k->v[i].s;
		size_t len = k->v[i].len, j;

		for (j = 0; j < len && barekeychar(s[j]); j++)
			;
		if (i)
			bufputc(&b, '.');
		if (j == len && len) {
			bufadd(&b, s, len);
			continue;
		}
		bufputc(&b, '"');
		for (j = 0; j < len; j++)
			bufputc(&b, (unsigned char)s[j] < 0x20 || s[j] == 0x7f ? '?' : s[j]);
		bufputc(&b, '"');
	}
	snprintf(out, size, "%s", b.s);
	free(b.s);
	return out;
}

/* the character at P, described for a message */
static const char *
describe(char *out, size_t size, const char *p, const char *end)
{
	unsigned char c;

	if (p >= end)
		return "the end of the file";
	c = *p;
	if (c == '\n' || (c == '\r' && p + 1 < end && p[1] == '\n'))
		return "the end of the line";
	if (c == '\r')
		return "a carriage return without a newline";
	if (c < 0x20 || c == 0x7f)
		snprintf(out, size, "control character U+%04X", c);
	else if (c >= 0x80)
		snprintf(out, size, "a non-ASCII character");
	else
		snprintf(out, size, "'%c'", c);
	return out;
}

/* what V is, for a message: "an inline table", "an integer", ... */
static const char *
what(const struct toml *v)
{
	switch (v->type) {
	case TOML_TABLE: return v->flags & FROZEN ? "an inline table" : "a table";
	case TOML_ARRAY: return v->flags & AOT ? "an array of tables" : "an array value";
	case TOML_STRING: return "a string";
	case TOML_INTEGER: return "an integer";
	case TOML_FLOAT: return "a float";
	case TOML_BOOL: return "a boolean";
	default: return "a date or time";
	}
}

static void
skipws(struct tomlparse *tp)
{
	while (tp->p < tp->end && (*tp->p == ' ' || *tp->p == '\t'))
		tp->p++;
}

/* a newline (LF or CRLF) at tp->p: its length, or 0 */
static int
newline(struct tomlparse *tp)
{
	if (tp->p < tp->end && *tp->p == '\n')
		return 1;
	if (tp->p + 1 < tp->end && tp->p[0] == '\r' && tp->p[1] == '\n')
		return 2;
	return 0;
}

/* the comment at tp->p, up to its newline */
static int
comment(struct tomlparse *tp)
{
	const char *q;
	unsigned char c;

	for (q = tp->p + 1; q < tp->end; q++) {
		c = *q;
		if (c == '\n' || (c == '\r' && q + 1 < tp->end && q[1] == '\n'))
			break;
		if (c == '\r') {
			tomlerr(tp, q, "a carriage return not followed by a newline in a comment");
			return -1;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			tomlerr(tp, q, "control character U+%04X in a comment", c);
			return -1;
		}
	}
	tp->p = q;
	return 0;
}

/* whitespace, newlines and comments, as arrays allow between their values */
static int
skipblank(struct tomlparse *tp)
{
	int n;

	for (;;) {
		skipws(tp);
		if ((n = newline(tp)))
			tp->p += n;
		else if (tp->p < tp->end && *tp->p == '#') {
			if (comment(tp) < 0)
				return -1;
		} else
			return 0;
	}
}

/* the rest of a line after an expression (WHAT): whitespace, a comment, a newline or the end */
static int
endline(struct tomlparse *tp, const char *what)
{
	char d[40];
	int n;

	skipws(tp);
	if (tp->p < tp->end && *tp->p == '#' && comment(tp) < 0)
		return -1;
	if (tp->p == tp->end)
		return 0;
	if ((n = newline(tp))) {
		tp->p += n;
		return 0;
	}
	tomlerr(tp, tp->p, "expected the end of the line after %s, found %s", what,
	    describe(d, sizeof(d), tp->p, tp->end));
	return -1;
}

/* a key, simple or dotted, at tp->p into K */
static int
parsekey(struct tomlparse *tp, struct key *k)
{
	struct keypart part;
	const char *q;
	struct buf b;
	char d[40];

	for (;;) {
		part.at = tp->p;
		if (tp->p < tp->end && (*tp->p == '"' || *tp->p == '\'')) {
			memset(&b, 0, sizeof(b));
			if (tomlstring(tp, &b, true) < 0) {
				free(b.s);
				return -1;
			}
			part.s = b.s;
			part.len = b.len;
		} else {
			for (q = tp->p; q < tp->end && barekeychar(*q); q++)
				;
			if (q == tp->p) {
				tomlerr(tp, tp->p, "expected a key, found %s", describe(d, sizeof(d), tp->p, tp->end));
				return -1;
			}
			part.len = q - tp->p;
			part.s = xstrndup(tp->p, part.len);
			tp->p = q;
		}
		if (k->n == k->cap) {
			k->cap = k->cap ? 2 * k->cap : 4;
			k->v = xrealloc(k->v, k->cap * sizeof(*k->v));
		}
		k->v[k->n++] = part;
		skipws(tp);
		if (tp->p == tp->end || *tp->p != '.')
			return 0;
		tp->p++;
		skipws(tp);
	}
}

/* the value of the key S (LEN bytes) in table T, or NULL */
static struct toml *
lookup(const struct toml *t, const char *s, size_t len)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->klen[i] == len && !memcmp(t->keys[i], s, len))
			return t->vals[i];
	return NULL;
}

/* append V to the table or array T, under key S (LEN bytes, now T's) for a table */
static void
add(struct toml *t, char *s, size_t len, struct toml *v)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4;
		t->vals = xrealloc(t->vals, t->cap * sizeof(*t->vals));
		if (t->type == TOML_TABLE) {
			t->keys = xrealloc(t->keys, t->cap * sizeof(*t->keys));
			t->klen = xrealloc(t->klen, t->cap * sizeof(*t->klen));
		}
	}
	if (t->type == TOML_TABLE) {
		t->keys[t->n] = s;
		t->klen[t->n] = len;
	}
	t->vals[t->n++] = v;
}

/* a new table under part I of K in T */
static struct toml *
addtable(struct tomlparse *tp, struct toml *t, struct key *k, size_t i, unsigned flags)
{
	struct toml *v = mktomlnode(tp, TOML_TABLE, k->v[i].at);

	v->flags = flags;
	add(t, xstrndup(k->v[i].s, k->v[i].len), k->v[i].len, v);
	return v;
}

static int
deeper(struct tomlparse *tp, const char *at, int depth)
{
	if (depth <= TOML_MAXDEPTH)
		return 0;
	tomlerr(tp, at, "tables and arrays nested deeper than %d levels", TOML_MAXDEPTH);
	return -1;
}

static void
pend(struct tomlparse *tp, struct toml *t)
{
	t->flags |= PENDING;
	if (tp->npending == tp->cappending) {
		tp->cappending = tp->cappending ? 2 * tp->cappending : 16;
		tp->pending = xrealloc(tp->pending, tp->cappending * sizeof(*tp->pending));
	}
	tp->pending[tp->npending++] = t;
}

/*
 * Walk the first parts of the dotted key K from table T (at *DEPTH), creating
 * tables, to the table that gets its last part. Dotted keys may extend a table
 * that a header only implied, or that dotted keys made in this same section (or
 * this same inline table, INL), and nothing else.
 */
static struct toml *
walkdotted(struct tomlparse *tp, struct toml *t, struct key *k, int *depth, bool inl)
{
	struct toml *v;
	char name[200];

	for (size_t i = 0; i + 1 < k->n; i++) {
		struct keypart *part = &k->v[i];

		if (deeper(tp, part->at, ++*depth) < 0)
			return NULL;
		if (!(v = lookup(t, part->s, part->len))) {
			v = addtable(tp, t, k, i, 0);
			if (!inl)
				pend(tp, v);
		} else if (v->type != TOML_TABLE || (v->flags & FROZEN)) {
			return tomlerr(tp, part->at, "'%s' is %s, so dotted keys cannot add to it",
			    keyname(name, sizeof(name), k, i + 1), what(v));
		} else if (v->flags & EXPLICIT) {
			return tomlerr(tp, part->at, "table '%s' is already defined, so dotted keys cannot add to it",
			    keyname(name, sizeof(name), k, i + 1));
		} else if (!inl && !(v->flags & PENDING)) {
			pend(tp, v);
		}
		t = v;
	}
	return t;
}

static struct toml *value(struct tomlparse *tp, int depth);

/* a key/value pair into table T (at DEPTH); INL when T is an inline table */
static int
keyval(struct tomlparse *tp, struct toml *t, int depth, bool inl)
{
	struct key k = {0};
	struct toml *parent, *v;
	struct keypart *last;
	char name[200], d[40];

	if (parsekey(tp, &k) < 0)
		goto fail;
	if (tp->p == tp->end || *tp->p != '=') {
		tomlerr(tp, tp->p, "expected '=' after the key '%s', found %s",
		    keyname(name, sizeof(name), &k, k.n), describe(d, sizeof(d), tp->p, tp->end));
		goto fail;
	}
	tp->p++;
	skipws(tp);
	if (!(parent = walkdotted(tp, t, &k, &depth, inl)))
		goto fail;
	last = &k.v[k.n - 1];
	if ((v = lookup(parent, last->s, last->len))) {
		tomlerr(tp, last->at, "'%s' is already defined as %s", keyname(name, sizeof(name), &k, k.n), what(v));
		goto fail;
	}
	if (!(v = value(tp, depth)))
		goto fail;
	add(parent, last->s, last->len, v);
	last->s = NULL;
	keyclear(&k);
	return 0;
fail:
	keyclear(&k);
	return -1;
}

static struct toml *
array(struct tomlparse *tp, int depth)
{
	struct toml *a, *v;
	const char *open = tp->p;
	char d[40];

	if (deeper(tp, tp->p, depth + 1) < 0)
		return NULL;
	a = mktomlnode(tp, TOML_ARRAY, tp->p);
	a->flags = FROZEN;
	tp->p++;
	for (;;) {
		if (skipblank(tp) < 0)
			goto fail;
		if (tp->p < tp->end && *tp->p == ']')
			break;
		if (!(v = value(tp, depth + 1)))
			goto fail;
		add(a, NULL, 0, v);
		if (skipblank(tp) < 0)
			goto fail;
		if (tp->p < tp->end && *tp->p == ']')
			break;
		if (tp->p < tp->end && *tp->p == ',') {
			tp->p++;
			continue;
		}
		if (tp->p == tp->end)
			tomlerr(tp, open, "unterminated array");
		else
			tomlerr(tp, tp->p, "expected ',' or ']' after an array element, found %s",
			    describe(d, sizeof(d), tp->p, tp->end));
		goto fail;
	}
	tp->p++;
	return a;
fail:
	deltoml(a);
	return NULL;
}

/* make T and the tables dotted keys made inside it immutable (its values already are) */
static void
freeze(struct toml *t)
{
	t->flags |= FROZEN;
	for (size_t i = 0; i < t->n; i++)
		if (t->vals[i]->type == TOML_TABLE && !(t->vals[i]->flags & FROZEN))
			freeze(t->vals[i]);
}

static struct toml *
inlinetable(struct tomlparse *tp, int depth)
{
	struct toml *t;
	const char *open = tp->p;
	char d[40];

	if (deeper(tp, tp->p, depth + 1) < 0)
		return NULL;
	t = mktomlnode(tp, TOML_TABLE, tp->p);
	tp->p++;
	skipws(tp);
	if (tp->p < tp->end && *tp->p == '}')
		goto done;
	for (;;) {
		if (keyval(tp, t, depth + 1, true) < 0)
			goto fail;
		skipws(tp);
		if (tp->p < tp->end && *tp->p == '}')
			break;
		if (tp->p < tp->end && *tp->p == ',') {
			tp->p++;
			skipws(tp);
			if (tp->p < tp->end && *tp->p == '}') {
				tomlerr(tp, tp->p - 1, "a trailing comma is not allowed in an inline table");
				goto fail;
			}
			continue;
		}
		if (tp->p == tp->end)
			tomlerr(tp, open, "unterminated inline table");
		else if (newline(tp) || *tp->p == '\r')
			tomlerr(tp, tp->p, "an inline table must close on the line it opens");
		else
			tomlerr(tp, tp->p, "expected ',' or '}' in an inline table, found %s",
			    describe(d, sizeof(d), tp->p, tp->end));
		goto fail;
	}
done:
	tp->p++;
	freeze(t);
	return t;
fail:
	deltoml(t);
	return NULL;
}

/* a value in a table or array at DEPTH */
static struct toml *
value(struct tomlparse *tp, int depth)
{
	struct buf b = {0};
	struct toml *t;
	const char *at = tp->p;
	char d[40];

	if (at < tp->end && (*at == '"' || *at == '\'')) {
		if (tomlstring(tp, &b, false) < 0) {
			free(b.s);
			return NULL;
		}
		t = mktomlnode(tp, TOML_STRING, at);
		t->s = b.s;
		t->len = b.len;
		return t;
	}
	if (at < tp->end && *at == '[')
		return array(tp, depth);
	if (at < tp->end && *at == '{')
		return inlinetable(tp, depth);
	if (at < tp->end && tomlbarechar(*at))
		return tomlscalar(tp);
	return tomlerr(tp, at, "expected a value, found %s", describe(d, sizeof(d), at, tp->end));
}

/*
 * A [table] or [[array of tables]] header: the table that the key/value pairs
 * after it go into (at *DEPTH). A header may pass through any table that is not
 * inline; the table it names must be new, or one that only a header implied.
 */
static struct toml *
header(struct tomlparse *tp, struct toml *root, int *depth)
{
	const char *at = tp->p;
	bool aot = tp->p + 1 < tp->end && tp->p[1] == '[';
	struct key k = {0};
	struct toml *t = root, *v, *arr;
	struct keypart *last;
	char name[200], d[40];
	int line, col;

	/* the header's own position first: nodes are made in document order */
	tomlwhere(tp, at, &line, &col);
	tp->p += aot ? 2 : 1;
	skipws(tp);
	if (parsekey(tp, &k) < 0)
		goto fail;
	if (tp->end - tp->p < 1 + aot || tp->p[0] != ']' || (aot && tp->p[1] != ']')) {
		tomlerr(tp, tp->p, "expected '%s' to close the header, found %s", aot ? "]]" : "]",
		    describe(d, sizeof(d), tp->p, tp->end));
		goto fail;
	}
	tp->p += 1 + aot;
	/* the dotted keys of the section just ended can no longer extend their tables */
	for (size_t i = 0; i < tp->npending; i++)
		tp->pending[i]->flags = (tp->pending[i]->flags & ~PENDING) | EXPLICIT;
	tp->npending = 0;

	*depth = 0;
	for (size_t i = 0; i + 1 < k.n; i++) {
		struct keypart *part = &k.v[i];

		if (deeper(tp, part->at, ++*depth) < 0)
			goto fail;
		if (!(v = lookup(t, part->s, part->len))) {
			v = addtable(tp, t, &k, i, 0);
		} else if (v->type == TOML_ARRAY && (v->flags & AOT)) {
			/* a header below an array of tables goes into its last table */
			v = v->vals[v->n - 1];
			if (deeper(tp, part->at, ++*depth) < 0)
				goto fail;
		} else if (v->type != TOML_TABLE || (v->flags & FROZEN)) {
			tomlerr(tp, part->at, "'%s' is %s, so a header cannot add tables to it",
			    keyname(name, sizeof(name), &k, i + 1), what(v));
			goto fail;
		}
		t = v;
	}
	last = &k.v[k.n - 1];
	v = lookup(t, last->s, last->len);
	keyname(name, sizeof(name), &k, k.n);
	if (deeper(tp, last->at, *depth += 1 + aot) < 0)
		goto fail;
	if (aot) {
		if (!v) {
			arr = addtable(tp, t, &k, k.n - 1, 0);
			arr->type = TOML_ARRAY;
			arr->flags = AOT;
			arr->line = line, arr->col = col;
		} else if (v->type == TOML_ARRAY && (v->flags & AOT)) {
			arr = v;
		} else {
			tomlerr(tp, last->at, "'%s' is already %s, so [[...]] cannot append tables to it", name, what(v));
			goto fail;
		}
		v = mktomlnode(tp, TOML_TABLE, last->at);
		add(arr, NULL, 0, v);
	} else if (!v) {
		v = addtable(tp, t, &k, k.n - 1, 0);
	} else if (v->type != TOML_TABLE) {
		tomlerr(tp, last->at, "'%s' is already %s", name, what(v));
		goto fail;
	} else if (v->flags & (FROZEN | EXPLICIT)) {
		tomlerr(tp, last->at, "table '%s' is already defined%s", name,
		    v->flags & FROZEN ? " as an inline table" : "");
		goto fail;
	}
	v->flags |= EXPLICIT;
	v->line = line, v->col = col;
	keyclear(&k);
	return v;
fail:
	keyclear(&k);
	return NULL;
}

struct toml *
tomlparse(const char *text, size_t len, const char *file)
{
	struct tomlparse tp = {0};
	struct toml *root, *cur;
	int depth = 0, n;

	tp.text = text;
	tp.end = text + len;
	tp.file = file;
	/* a byte-order mark may start the file (toml-test's valid/utf8-bom) */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		tp.text += 3;
	tp.p = tp.text;
	if (tomlutf8check(&tp) < 0)
		return NULL;
	root = cur = mktomlnode(&tp, TOML_TABLE, tp.p);
	root->flags = EXPLICIT;
	for (;;) {
		skipws(&tp);
		if (tp.p == tp.end)
			break;
		if ((n = newline(&tp))) {
			tp.p += n;
			continue;
		}
		if (*tp.p == '[') {
			if (!(cur = header(&tp, root, &depth)) || endline(&tp, "the header") < 0)
				goto fail;
		} else if (*tp.p == '#') {
			if (endline(&tp, "the comment") < 0)
				goto fail;
		} else if (keyval(&tp, cur, depth, false) < 0 || endline(&tp, "the value") < 0) {
			goto fail;
		}
	}
	free(tp.pending);
	return root;
fail:
	free(tp.pending);
	deltoml(root);
	return NULL;
}
