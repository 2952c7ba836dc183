/* pyproject.c: what a pyproject.toml declares for an install (PEP 621, 685, 735). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/pyproject.h"

/*
 * The [tool.X] tables venvmk knows, by whether they can change what installing a
 * local project puts in an env. A build backend (or a plugin of one) reads its
 * table while it builds the project: those count. Linters, formatters, type
 * checkers, test runners, release and task tools read theirs only when they run:
 * those never count. A dotted name is a sub-table and overrides its parent
 * (hatch's build counts, its envs do not). An unlisted sub-table takes its
 * parent's answer, and an unlisted tool counts: a needless reinstall costs
 * seconds, a stale env costs a wrong result. venvmk(1) prints this list.
 */
static const struct tooltable {
	const char *name;
	bool counts;
} tooltables[] = {
	/* build backends and their plugins */
	{"setuptools", true}, {"setuptools_scm", true}, {"setuptools-rust", true},
	{"hatch", true}, {"flit", true}, {"pdm", true}, {"poetry", true},
	{"maturin", true}, {"scikit-build", true}, {"meson-python", true},
	{"versioningit", true}, {"versioneer", true}, {"poetry-dynamic-versioning", true},
	{"py-build-cmake", true}, {"sip", true}, {"enscons", true}, {"whey", true},
	{"sphinx-theme-builder", true}, {"uv.build-backend", true},
	/* parts of a backend's table that only its own front end reads */
	{"hatch.envs", false}, {"hatch.env", false}, {"hatch.publish", false},
	{"pdm.scripts", false}, {"pdm.dev-dependencies", false}, {"pdm.resolution", false},
	{"poetry.group", false}, {"poetry.dev-dependencies", false},
	/* tools that never change an install */
	{"pytest", false}, {"ruff", false}, {"black", false}, {"isort", false},
	{"mypy", false}, {"pyright", false}, {"basedpyright", false}, {"coverage", false},
	{"pylint", false}, {"codespell", false}, {"flake8", false}, {"autopep8", false},
	{"yapf", false}, {"pydocstyle", false}, {"docformatter", false}, {"bandit", false},
	{"vulture", false}, {"interrogate", false}, {"pycln", false}, {"autoflake", false},
	{"pyupgrade", false}, {"refurb", false}, {"pytype", false}, {"pydoclint", false},
	{"deptry", false}, {"tox", false}, {"nox", false}, {"commitizen", false},
	{"towncrier", false}, {"bumpversion", false}, {"bumpver", false}, {"tbump", false},
	{"semantic_release", false}, {"cibuildwheel", false}, {"check-manifest", false},
	{"jupytext", false}, {"nbqa", false}, {"sqlfluff", false}, {"djlint", false},
	{"mdformat", false}, {"typos", false}, {"pyre", false}, {"liccheck", false},
	{"uv", false}, {"rye", false}, {"pixi", false}, {"sphinx", false},
};

char *
pyprojectname(const char *name)
{
	char *s = xmalloc(strlen(name) + 1), *d = s;

	for (const char *p = name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			if (d == s || d[-1] != '-')
				*d++ = '-';
		} else {
			*d++ = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;
		}
	}
	*d = '\0';
	return s;
}

static bool
samename(const char *a, const char *b)
{
	char *x = pyprojectname(a), *y = pyprojectname(b);
	bool same = strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* the keys of table T, as "a, b, c" (newly allocated) */
static char *
keylist(const struct toml *t)
{
	struct buf b = {0};

	bufputs(&b, "");
	for (size_t i = 0; t && t->type == TOML_TABLE && i < t->n; i++)
		bufprintf(&b, "%s%s", i ? ", " : "", t->keys[i]);
	if (!b.len)
		bufputs(&b, "none");
	return b.s;
}

/* check one requirement string V, where WHAT names the list it is in */
static int
checkreq(const char *file, const struct toml *v, const char *what)
{
	const char *s;

	if (v->type != TOML_STRING)
		return tomlwarn(file, v, "%s: a requirement must be a string, not %s", what, tomltypename(v->type));
	if (strlen(v->s) != v->len || strchr(v->s, '\n') || strchr(v->s, '\r'))
		return tomlwarn(file, v, "%s: a requirement holds a NUL or a line break", what);
	for (s = v->s; *s == ' ' || *s == '\t'; s++)
		;
	if (!*s)
		return tomlwarn(file, v, "%s: an empty requirement", what);
	if (*s == '-')
		return tomlwarn(file, v, "%s: '%s' must not start with '-' (pip would read an option)", what, v->s);
	return 0;
}

/* is NAME listed in [project].dynamic? then the node that says so */
static const struct toml *
dynamic(const struct toml *proj, const char *name)
{
	const struct toml *d = tomlget(proj, "dynamic");

	for (size_t i = 0; d && d->type == TOML_ARRAY && i < d->n; i++)
		if (d->vals[i]->type == TOML_STRING && strcmp(d->vals[i]->s, name) == 0)
			return d->vals[i];
	return NULL;
}

/* "name[a,b] ; marker" for a requirement S on the project itself: its extras in EXTRAS, its marker (or NULL) */
static bool
selfref(const char *s, const char *project, struct strlist *extras, char **marker)
{
	const char *p = s, *name;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	name = p;
	n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
	if (!n || !project)
		return false;
	char *nm = xstrndup(name, n);
	bool same = samename(nm, project);
	free(nm);
	if (!same)
		return false;
	for (p += n; *p == ' ' || *p == '\t'; p++)
		;
	if (*p != '[')
		return false;
	const char *close = strchr(p, ']');
	if (!close)
		return false;
	for (const char *q = p + 1; q < close;) {
		while (q < close && (*q == ' ' || *q == '\t' || *q == ','))
			q++;
		const char *e = q;
		while (e < close && *e != ',' && *e != ' ' && *e != '\t')
			e++;
		if (e > q)
			strlistpush(extras, xstrndup(q, e - q));
		q = e;
	}
	for (p = close + 1; *p == ' ' || *p == '\t'; p++)
		;
	if (*p && *p != ';') {
		strlistclear(extras);
		return false;	/* a version or a URL: pip must look it up */
	}
	for (p += *p == ';'; *p == ' ' || *p == '\t'; p++)
		;
	*marker = *p ? xstrdup(p) : NULL;
	return true;
}

/* LINE with MARKER added: "line ; marker", or "req ; (m1) and (m2)" */
static char *
withmarker(const char *line, const char *marker)
{
	char quote = 0;

	for (const char *p = line; *p; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == ';') {
			size_t n = p - line;
			while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
				n--;
			for (p++; *p == ' ' || *p == '\t'; p++)
				;
			return xasprintf("%.*s ; (%s) and (%s)", (int)n, line, p, marker);
		}
	}
	return xasprintf("%s ; %s", line, marker);
}

struct extractx {
	const char *file, *project;
	const struct toml *opt;
	struct strlist done;
	struct buf *canon;
};

static int
addextra(struct extractx *c, const char *extra, const struct toml *at, struct strlist *out)
{
	const struct toml *v = NULL;
	char *norm = pyprojectname(extra);
	int ret = 0;

	if (strlistfind(&c->done, norm) >= 0) {
		free(norm);
		return 0;
	}
	strlistpush(&c->done, norm);
	for (size_t i = 0; c->opt && c->opt->type == TOML_TABLE && i < c->opt->n && !v; i++)
		if (samename(c->opt->keys[i], norm))
			v = c->opt->vals[i];
	if (!v) {
		char *known = keylist(c->opt);
		tomlwarn(c->file, at, "no extra '%s' in [project.optional-dependencies] (extras: %s)", extra, known);
		free(known);
		return -1;
	}
	tomlcanonadd(c->canon, norm, v);
	if (v->type != TOML_ARRAY)
		return tomlwarn(c->file, v, "[project.optional-dependencies] %s: not an array", extra);
	for (size_t i = 0; i < v->n && ret == 0; i++) {
		struct strlist sub = {0}, lines = {0};
		char *marker = NULL;
		if (checkreq(c->file, v->vals[i], "[project.optional-dependencies]") < 0)
			return -1;
		if (!selfref(v->vals[i]->s, c->project, &sub, &marker)) {
			strlistadd(out, v->vals[i]->s);
			continue;
		}
		/* "proj[test]" in an extra of proj: pip would look proj up on an index */
		for (size_t j = 0; j < sub.n && ret == 0; j++)
			ret = addextra(c, sub.v[j], v->vals[i], &lines);
		for (size_t j = 0; j < lines.n; j++)
			strlistpush(out, marker ? withmarker(lines.v[j], marker) : xstrdup(lines.v[j]));
		strlistclear(&sub);
		free(sub.v);
		strlistclear(&lines);
		free(lines.v);
		free(marker);
	}
	return ret;
}

int
pyprojectdeps(const struct toml *doc, const char *file, const struct strlist *extras,
    struct strlist *out, struct buf *canon)
{
	const struct toml *proj = tomlget(doc, "project"), *deps, *name, *d;
	struct extractx c = { file, NULL, NULL, {0}, canon };
	int ret = 0;

	if (!proj)
		return tomlwarn(file, NULL, "no [project] table, so no dependencies to install "
		    "(for its [dependency-groups], use --group)");
	if (proj->type != TOML_TABLE)
		return tomlwarn(file, proj, "[project] is not a table");
	if ((d = dynamic(proj, "dependencies")))
		return tomlwarn(file, d, "[project].dependencies is dynamic: only building the project "
		    "can tell them; install the project instead (-e . or --editable=.)");
	name = tomlget(proj, "name");
	if (name && name->type == TOML_STRING)
		c.project = name->s;
	tomlcanonadd(canon, "name", name);
	deps = tomlget(proj, "dependencies");
	tomlcanonadd(canon, "dependencies", deps);
	if (deps && deps->type != TOML_ARRAY)
		return tomlwarn(file, deps, "[project].dependencies is not an array");
	for (size_t i = 0; deps && i < deps->n; i++) {
		if (checkreq(file, deps->vals[i], "[project].dependencies") < 0)
			return -1;
		strlistadd(out, deps->vals[i]->s);
	}
	if (!extras || !extras->n)
		return 0;
	if ((d = dynamic(proj, "optional-dependencies")))
		return tomlwarn(file, d, "[project].optional-dependencies is dynamic: only building the "
		    "project can tell its extras; install it with them instead (-e '.[%s]')", extras->v[0]);
	c.opt = tomlget(proj, "optional-dependencies");
	if (c.opt && c.opt->type != TOML_TABLE)
		return tomlwarn(file, c.opt, "[project.optional-dependencies] is not a table");
	for (size_t i = 0; i < extras->n && ret == 0; i++)
		ret = addextra(&c, extras->v[i], c.opt, out);
	strlistclear(&c.done);
	free(c.done.v);
	return ret;
}

struct groupctx {
	const char *file;
	const struct toml *groups;
	struct strlist stack, done;
	struct buf *canon;
};

static int
addgroup(struct groupctx *c, const char *name, const struct toml *at, struct strlist *out)
{
	const struct toml *v = NULL;
	char *norm = pyprojectname(name);
	int ret = 0;

	if (strlistfind(&c->stack, norm) >= 0) {
		struct buf path = {0};
		for (size_t i = strlistfind(&c->stack, norm); i < c->stack.n; i++)
			bufprintf(&path, "%s → ", c->stack.v[i]);
		bufputs(&path, norm);
		tomlwarn(c->file, at, "dependency group '%s' includes itself (%s)", norm, path.s);
		free(path.s);
		free(norm);
		return -1;
	}
	if (strlistfind(&c->done, norm) >= 0) {
		free(norm);
		return 0;	/* included twice: its lines are in already */
	}
	for (size_t i = 0; i < c->groups->n && !v; i++)
		if (samename(c->groups->keys[i], norm))
			v = c->groups->vals[i];
	if (!v) {
		char *known = keylist(c->groups);
		if (c->stack.n)
			tomlwarn(c->file, at, "dependency group '%s' includes unknown group '%s' (groups: %s)",
			    c->stack.v[c->stack.n - 1], name, known);
		else
			tomlwarn(c->file, NULL, "no dependency group '%s' in [dependency-groups] (groups: %s)",
			    name, known);
		free(known);
		free(norm);
		return -1;
	}
	tomlcanonadd(c->canon, norm, v);
	if (v->type != TOML_ARRAY) {
		free(norm);
		return tomlwarn(c->file, v, "dependency group '%s' is not an array", name);
	}
	strlistpush(&c->stack, norm);
	for (size_t i = 0; i < v->n && ret == 0; i++) {
		const struct toml *it = v->vals[i], *inc;
		if (it->type == TOML_TABLE) {
			inc = tomlget(it, "include-group");
			if (it->n != 1 || !inc || inc->type != TOML_STRING)
				ret = tomlwarn(c->file, it, "dependency group '%s': a table entry must be "
				    "{include-group = \"NAME\"} alone", name);
			else
				ret = addgroup(c, inc->s, inc, out);
		} else if ((ret = checkreq(c->file, it, "[dependency-groups]")) == 0) {
			strlistadd(out, it->s);
		}
	}
	c->stack.n--;
	strlistpush(&c->done, c->stack.v[c->stack.n]);
	return ret;
}

int
pyprojectgroup(const struct toml *doc, const char *file, const char *name,
    struct strlist *out, struct buf *canon)
{
	struct groupctx c = { file, tomlget(doc, "dependency-groups"), {0}, {0}, canon };
	int ret;

	if (!c.groups)
		return tomlwarn(file, NULL, "no dependency group '%s': the file has no [dependency-groups]", name);
	if (c.groups->type != TOML_TABLE)
		return tomlwarn(file, c.groups, "[dependency-groups] is not a table");
	/* PEP 735: two names that normalize alike are an error, wherever they are */
	for (size_t i = 0; i < c.groups->n; i++)
		for (size_t j = 0; j < i; j++)
			if (samename(c.groups->keys[i], c.groups->keys[j]))
				return tomlwarn(file, c.groups->vals[i], "dependency groups '%s' and '%s' have "
				    "the same normalized name", c.groups->keys[j], c.groups->keys[i]);
	ret = addgroup(&c, name, NULL, out);
	strlistclear(&c.stack);
	free(c.stack.v);
	strlistclear(&c.done);
	free(c.done.v);
	return ret;
}

/* the listed answer for tool table PATH: 1 counts, 0 never, -1 unlisted */
static int
lookup(const char *path)
{
	for (size_t i = 0; i < sizeof(tooltables) / sizeof(*tooltables); i++)
		if (strcmp(tooltables[i].name, path) == 0)
			return tooltables[i].counts;
	return -1;
}

/* is a sub-table of PATH listed? */
static bool
listedbelow(const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof(tooltables) / sizeof(*tooltables); i++)
		if (strncmp(tooltables[i].name, path, n) == 0 && tooltables[i].name[n] == '.')
			return true;
	return false;
}

struct kv {
	const char *k;
	const struct toml *v;
};

static int
kvcmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->k, ((const struct kv *)b)->k);
}

/* the tool tables under T (at dotted PATH, written LABEL) that count, INHERIT for unlisted ones */
static void
canontool(struct buf *out, const struct toml *t, const char *path, const char *label, bool inherit)
{
	struct kv *kv = xmalloc((t->n + 1) * sizeof(*kv));

	for (size_t i = 0; i < t->n; i++)
		kv[i] = (struct kv){ t->keys[i], t->vals[i] };
	qsort(kv, t->n, sizeof(*kv), kvcmp);
	for (size_t i = 0; i < t->n; i++) {
		char *p = xasprintf("%s.%s", path, kv[i].k);
		char *l = xasprintf("%s%zu:%s", label, strlen(kv[i].k), kv[i].k);
		int v = lookup(p + 5);	/* without "tool." */
		bool counts = v < 0 ? inherit : v;
		if (kv[i].v->type == TOML_TABLE && listedbelow(p + 5))
			canontool(out, kv[i].v, p, l, counts);
		else if (counts)
			tomlcanonadd(out, l, kv[i].v);
		free(p);
		free(l);
	}
	free(kv);
}

void
pyprojectcanon(const struct toml *doc, struct buf *out)
{
	const struct toml *tool = tomlget(doc, "tool");

	bufputs(out, "pyproject 1\n");
	tomlcanonadd(out, "build-system", tomlget(doc, "build-system"));
	tomlcanonadd(out, "project", tomlget(doc, "project"));
	/* no [tool] reads as a [tool] whose tables all do not count */
	if (tool && tool->type == TOML_TABLE)
		canontool(out, tool, "tool", "tool/", true);
	else if (tool)
		tomlcanonadd(out, "tool", tool);
}
