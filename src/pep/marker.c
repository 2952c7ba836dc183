/* marker.c: PEP 508 markers: packaging's tokenizer and parser, and its evaluation rules. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/marker.h"
#include "pep/version.h"
#include "pep/spec.h"

/* parentheses nest at most this deep (Python's recursion limit stops packaging too) */
#define MAXDEPTH 200

enum markerop { OP_LT, OP_LE, OP_EQ, OP_NE, OP_GE, OP_GT, OP_COMPATIBLE, OP_ARBITRARY, OP_IN, OP_NOTIN };

static const char *const opname[] = {"<", "<=", "==", "!=", ">=", ">", "~=", "===", "in", "not in"};

/*
 * A list (a marker, or a parenthesized one): atoms V[0..N), OR[i] telling whether
 * "or" (else "and") follows V[i]. An item: LHS OP RHS, each side a variable
 * (its canonical name) or a string.
 */
struct marker {
	bool item;
	struct marker **v;
	bool *or;
	size_t n;
	bool lvar, rvar;
	char *lhs, *rhs;
	enum markerop op;
};

struct tok {
	const char *s;
	size_t pos;
	const char *why;
	int depth;
};

static void
ws(struct tok *t)
{
	while (t->s[t->pos] == ' ' || t->s[t->pos] == '\t')
		t->pos++;
}

/* the keyword W, bounded by \b on both sides, at the current position */
static bool
keyword(struct tok *t, const char *w)
{
	size_t n = strlen(w);

	if (!wordboundary(t->s, t->pos) || strncmp(t->s + t->pos, w, n) != 0 || !wordboundary(t->s, t->pos + n))
		return false;
	t->pos += n;
	return true;
}

/* packaging's VARIABLE token: the canonical name, or NULL */
static const char *
variable(struct tok *t)
{
	static const struct { const char *tok, *name; } vars[] = {
		{"python_version", "python_version"}, {"python_full_version", "python_full_version"},
		{"os_name", "os_name"}, {"os.name", "os_name"},
		{"sys_platform", "sys_platform"}, {"sys.platform", "sys_platform"},
		{"platform_release", "platform_release"}, {"platform_system", "platform_system"},
		{"platform_version", "platform_version"}, {"platform.version", "platform_version"},
		{"platform_machine", "platform_machine"}, {"platform.machine", "platform_machine"},
		{"platform_python_implementation", "platform_python_implementation"},
		{"platform.python_implementation", "platform_python_implementation"},
		{"python_implementation", "platform_python_implementation"},
		{"implementation_name", "implementation_name"}, {"implementation_version", "implementation_version"},
		{"extras", "extras"}, {"extra", "extra"}, {"dependency_groups", "dependency_groups"},
	};
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (keyword(t, vars[i].tok))
			return vars[i].name;
	return NULL;
}

static void
pututf8(struct buf *b, unsigned long c)
{
	char u[4];

	if (c < 0x80) {
		bufputc(b, c);
		return;
	}
	if (c < 0x800) {
		u[0] = 0xc0 | c >> 6, u[1] = 0x80 | (c & 0x3f);
		bufadd(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = 0xe0 | c >> 12, u[1] = 0x80 | (c >> 6 & 0x3f), u[2] = 0x80 | (c & 0x3f);
		bufadd(b, u, 3);
	} else {
		u[0] = 0xf0 | c >> 18, u[1] = 0x80 | (c >> 12 & 0x3f);
		u[2] = 0x80 | (c >> 6 & 0x3f), u[3] = 0x80 | (c & 0x3f);
		bufadd(b, u, 4);
	}
}

/*
 * The value of the Python string literal between P and E (ast.literal_eval):
 * escapes decoded, a raw line break an error. \N{name} is refused (no name
 * table here), and so is a NUL, which a C string cannot hold.
 */
static int
literal(const char *p, const char *e, struct buf *b, const char **why)
{
	*why = "invalid quoted string";
	for (; p < e; p++) {
		unsigned long c = 0;
		int i, n, h;

		if (*p == '\n' || *p == '\r')
			return -1;
		if (*p != '\\') {
			bufputc(b, *p);
			continue;
		}
		if (++p == e)
			return -1;
		switch (*p) {
		case '\r':	/* a line continuation: Python reads \r\n and \r as \n */
			if (p + 1 < e && p[1] == '\n')
				p++;
			continue;
		case '\n': continue;
		case '\\': case '\'': case '"': bufputc(b, *p); continue;
		case 'a': bufputc(b, '\a'); continue;
		case 'b': bufputc(b, '\b'); continue;
		case 'f': bufputc(b, '\f'); continue;
		case 'n': bufputc(b, '\n'); continue;
		case 'r': bufputc(b, '\r'); continue;
		case 't': bufputc(b, '\t'); continue;
		case 'v': bufputc(b, '\v'); continue;
		case 'x': n = 2; break;
		case 'u': n = 4; break;
		case 'U': n = 8; break;
		case 'N':
			*why = "\\N{...} escapes are not supported";
			return -1;
		default:
			if (*p >= '0' && *p <= '7') {
				for (i = 0; i < 3 && p < e && *p >= '0' && *p <= '7'; i++, p++)
					c = c * 8 + (*p - '0');
				p--;
				goto put;
			}
			bufputc(b, '\\');
			bufputc(b, *p);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (p + 1 + i >= e || (h = hexdigit((unsigned char)p[1 + i])) < 0)
				return -1;
			c = c * 16 + h;
		}
		p += n;
		if (c > 0x10ffff)
			return -1;
put:
		if (c == 0) {
			*why = "NUL in a quoted string";
			return -1;
		}
		pututf8(b, c);
	}
	return 0;
}

/* a marker_var: a variable or a quoted string, at the current position */
static int
markervar(struct tok *t, bool *isvar, char **val)
{
	const char *name = variable(t), *s = t->s + t->pos, *q;
	struct buf b = {0};

	*isvar = name != NULL;
	if (name) {
		*val = xstrdup(name);
		return 0;
	}
	if ((*s != '"' && *s != '\'') || !(q = strchr(s + 1, *s))) {
		t->why = "expected a marker variable or quoted string";
		return -1;
	}
	bufputs(&b, "");
	if (literal(s + 1, q, &b, &t->why) < 0) {
		free(b.s);
		return -1;
	}
	t->pos += q + 1 - s;
	*val = b.s;
	return 0;
}

static int
markerop(struct tok *t, enum markerop *op)
{
	static const struct { const char *s; enum markerop op; } ops[] = {
		{"===", OP_ARBITRARY}, {"==", OP_EQ}, {"~=", OP_COMPATIBLE}, {"!=", OP_NE},
		{"<=", OP_LE}, {">=", OP_GE}, {"<", OP_LT}, {">", OP_GT},
	};
	size_t i, n;

	if (keyword(t, "in")) {
		*op = OP_IN;
		return 0;
	}
	if (keyword(t, "not")) {
		n = t->pos;
		ws(t);
		if (t->pos == n || !keyword(t, "in")) {
			t->why = "expected 'in' after 'not'";
			return -1;
		}
		*op = OP_NOTIN;
		return 0;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strncmp(t->s + t->pos, ops[i].s, n = strlen(ops[i].s)) == 0) {
			t->pos += n;
			*op = ops[i].op;
			return 0;
		}
	t->why = "expected a marker operator";
	return -1;
}

static struct marker *parselist(struct tok *t);

/* marker_atom: WS? ( '(' WS? marker WS? ')' | marker_item ) WS? */
static struct marker *
parseatom(struct tok *t)
{
	struct marker *m;

	ws(t);
	if (t->s[t->pos] == '(') {
		if (++t->depth > MAXDEPTH) {
			t->why = "markers nested too deeply";
			return NULL;
		}
		t->pos++;
		ws(t);
		if (!(m = parselist(t)))
			return NULL;
		ws(t);
		if (t->s[t->pos] != ')') {
			t->why = "expected ')' after a marker expression";
			delmarker(m);
			return NULL;
		}
		t->pos++;
		t->depth--;
	} else {
		m = xmalloc(sizeof(*m));
		memset(m, 0, sizeof(*m));
		m->item = true;
		if (markervar(t, &m->lvar, &m->lhs) < 0)
			goto bad;
		ws(t);
		if (markerop(t, &m->op) < 0)
			goto bad;
		ws(t);
		if (markervar(t, &m->rvar, &m->rhs) < 0)
			goto bad;
	}
	ws(t);
	return m;
bad:
	delmarker(m);
	return NULL;
}

/* marker: marker_atom (BOOLOP marker_atom)* */
static struct marker *
parselist(struct tok *t)
{
	struct marker *m = xmalloc(sizeof(*m)), *a;
	size_t cap = 4;

	memset(m, 0, sizeof(*m));
	m->v = xmalloc(sizeof(*m->v) * cap);
	m->or = xmalloc(sizeof(*m->or) * cap);
	for (;;) {
		if (!(a = parseatom(t))) {
			delmarker(m);
			return NULL;
		}
		if (m->n == cap) {
			cap *= 2;
			m->v = xrealloc(m->v, sizeof(*m->v) * cap);
			m->or = xrealloc(m->or, sizeof(*m->or) * cap);
		}
		m->v[m->n] = a;
		m->or[m->n++] = false;
		if (keyword(t, "or"))
			m->or[m->n - 1] = true;
		else if (!keyword(t, "and"))
			return m;
	}
}

int
markerparse(struct marker **m, const char *s, const char **why)
{
	struct tok t = {s, 0, NULL, 0};

	*m = parselist(&t);
	if (*m && t.s[t.pos]) {
		t.why = "expected end of marker expression";
		delmarker(*m);
		*m = NULL;
	}
	if (!*m) {
		*why = t.why;
		return -1;
	}
	return 0;
}

void
delmarker(struct marker *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		delmarker(m->v[i]);
	free(m->v);
	free(m->or);
	free(m->lhs);
	free(m->rhs);
	free(m);
}

/* PEP 503's normalized name, as packaging's canonicalize_name (ASCII case only) */
static char *
canon(const char *s)
{
	struct buf b = {0};

	bufputs(&b, "");
	for (; *s; s++) {
		if (*s == '-' || *s == '_' || *s == '.') {
			while (s[1] == '-' || s[1] == '_' || s[1] == '.')
				s++;
			bufputc(&b, '-');
		} else {
			bufputc(&b, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		}
	}
	return b.s;
}

struct evalenv {
	const struct markerenv *env;
	const char *extra, *fullversion;
	const struct strlist *extras, *groups;
};

/* the environment's value for KEY: a string, or (*SET) a set; NULL when KEY is not defined */
static const char *
lookup(const struct evalenv *e, const char *key, const struct strlist **set)
{
	const struct markerenv *m = e->env;
	const char *v = NULL;

	*set = NULL;
	if (strcmp(key, "extras") == 0 || strcmp(key, "dependency_groups") == 0) {
		*set = *key == 'e' ? e->extras : e->groups;
		return *set ? "" : NULL;
	}
	if (strcmp(key, "os_name") == 0) v = m->os_name;
	else if (strcmp(key, "sys_platform") == 0) v = m->sys_platform;
	else if (strcmp(key, "platform_machine") == 0) v = m->platform_machine;
	else if (strcmp(key, "platform_python_implementation") == 0) v = m->platform_python_implementation;
	else if (strcmp(key, "platform_release") == 0) v = m->platform_release;
	else if (strcmp(key, "platform_system") == 0) v = m->platform_system;
	else if (strcmp(key, "platform_version") == 0) v = m->platform_version;
	else if (strcmp(key, "python_version") == 0) v = m->python_version;
	else if (strcmp(key, "python_full_version") == 0) return e->fullversion;
	else if (strcmp(key, "implementation_name") == 0) v = m->implementation_name;
	else if (strcmp(key, "implementation_version") == 0) v = m->implementation_version;
	else if (strcmp(key, "extra") == 0) return e->extra;
	else return NULL;
	return v ? v : "";
}

/* packaging's _eval_op: a version comparison when OP RHS is a valid specifier, else Python's operator */
static int
evalop(const char *lhs, enum markerop op, const char *rhs, const char **why)
{
	struct spec sp;
	struct version v = {0};
	const char *w;
	char *text;
	int r, c;

	if (op != OP_IN && op != OP_NOTIN) {
		text = xasprintf("%s%s", opname[op], rhs);
		r = specitemparse(&sp, text, &w);
		free(text);
		if (r == 0) {
			/* packaging 22-25 raise InvalidVersion here; 21.3 and 26 say false */
			r = versionparse(&v, lhs, &w) == 0 && specitemmatch(&sp, &v);
			specitemclear(&sp);
			versionclear(&v);
			return r;
		}
	}
	c = strcmp(lhs, rhs);
	switch (op) {
	case OP_IN: return strstr(rhs, lhs) != NULL;
	case OP_NOTIN: return strstr(rhs, lhs) == NULL;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_GE: return c >= 0;
	case OP_GT: return c > 0;
	default:
		*why = "undefined comparison";
		return -1;
	}
}

static int
evalitem(const struct marker *m, const struct evalenv *e, const char **why)
{
	const struct strlist *set;
	const char *key = m->lvar ? m->lhs : m->rhs, *val, *lhs, *rhs;
	char *lc, *rc;
	size_t i;
	int r;

	if (!(val = lookup(e, key, &set))) {
		*why = strcmp(key, "extras") == 0 || strcmp(key, "dependency_groups") == 0
		    ? "extras and dependency_groups are defined only in lock files"
		    : "undefined marker variable";
		return -1;
	}
	lhs = m->lvar ? val : m->lhs;
	rhs = m->lvar ? m->rhs : val;
	if (set) {
		if (m->lvar || (m->op != OP_IN && m->op != OP_NOTIN)) {
			*why = "extras and dependency_groups take only '\"NAME\" in' and 'not in'";
			return -1;
		}
		lc = canon(lhs);
		for (r = 0, i = 0; i < set->n && !r; i++) {
			rc = canon(set->v[i]);
			r = strcmp(lc, rc) == 0;
			free(rc);
		}
		free(lc);
		return m->op == OP_IN ? r : !r;
	}
	lc = rc = NULL;
	if (strcmp(key, "extra") == 0) {
		lhs = lc = canon(lhs);
		rhs = rc = canon(rhs);
	}
	r = evalop(lhs, m->op, rhs, why);
	free(lc);
	free(rc);
	return r;
}

/* every item is evaluated, as packaging does, so that an error anywhere is reported */
static int
evallist(const struct marker *m, const struct evalenv *e, const char **why)
{
	bool any = false, all = true;
	size_t i;
	int r, err = 0;

	for (i = 0; i < m->n; i++) {
		r = m->v[i]->item ? evalitem(m->v[i], e, why) : evallist(m->v[i], e, why);
		if (r < 0)
			err = -1;
		all = all && r == 1;
		if (m->or[i] || i + 1 == m->n) {
			any = any || all;
			all = true;
		}
	}
	return err ? err : any;
}

int
markereval(const struct marker *m, const struct markerenv *env, const char *extra,
    const struct strlist *extras, const struct strlist *groups, const char **why)
{
	struct evalenv e = {env, extra ? extra : "", NULL, extras, groups};
	const char *fv = env->python_full_version ? env->python_full_version : "";
	size_t n = strlen(fv);
	char *full = NULL;
	int r;

	/* packaging's repair of a non-PEP 440 python_version() of an untagged build, "3.13.0+" */
	if (n && fv[n - 1] == '+')
		fv = full = xasprintf("%slocal", fv);
	e.fullversion = fv;
	r = m->item ? evalitem(m, &e, why) : evallist(m, &e, why);
	free(full);
	return r;
}
