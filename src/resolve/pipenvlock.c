/* pipenvlock.c: a resolution written as pipenv's Pipfile.lock (what pipenv lock writes and
 * pipenv sync reads, _meta.hash as plette computes it from the Pipfile); pure. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/util.h"
#include "base/url.h"
#include "resolve/lockwrite.h"
#include "resolve/pipenvlock.h"

/* U without credentials or a trailing '/', for comparing index URLs; newly allocated */
static char *
plainurl(const char *u)
{
	char *s = urlstripauth(u);
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

/* the name of the source of SOURCES whose URL is INDEX's, one added when none is */
static const char *
sourcename(json_t *sources, const char *index)
{
	char *want = plainurl(index), name[32];
	json_t *s;
	size_t i;

	json_array_foreach(sources, i, s) {
		const char *u = json_string_value(json_object_get(s, "url"));
		char *have = u ? plainurl(u) : NULL;
		bool same = have && strcmp(have, want) == 0;
		free(have);
		if (same && json_is_string(json_object_get(s, "name"))) {
			free(want);
			return json_string_value(json_object_get(s, "name"));
		}
	}
	if (strcmp(want, "https://pypi.org/simple") == 0)
		snprintf(name, sizeof(name), "pypi");
	else
		snprintf(name, sizeof(name), "index-%zu", json_array_size(sources) + 1);
	json_array_append_new(sources, json_pack("{s:s, s:s, s:b}", "name", name, "url", want, "verify_ssl", 1));
	free(want);
	return json_string_value(json_object_get(json_array_get(sources, json_array_size(sources) - 1), "name"));
}

/* SOURCES with their URLs' credentials dropped: pipenv copies them from the Pipfile, venvmk writes none */
static void
nocredentials(json_t *sources)
{
	json_t *s;
	size_t i;

	json_array_foreach(sources, i, s) {
		const char *u = json_string_value(json_object_get(s, "url"));
		if (u) {
			char *clean = urlstripauth(u);
			json_object_set_new(s, "url", json_string(clean));
			free(clean);
		}
	}
}

/* is V a version OP can compare python_version with in a marker: N(.N)*, a trailing ".*"
 * only after == and != (and one dot at least after ~=)? */
static bool
pyversionok(const char *v, const char *op)
{
	bool star = false;
	size_t parts = 0;

	for (const char *q = v;; q++) {
		size_t d = strspn(q, "0123456789");
		if (d == 0) {
			if (parts == 0 || strcmp(q, "*") != 0)
				return false;
			star = true;
			break;
		}
		parts++;
		q += d;
		if (!*q)
			break;
		if (*q != '.')
			return false;
	}
	if (star && strcmp(op, "==") != 0 && strcmp(op, "!=") != 0)
		return false;
	return strcmp(op, "===") != 0 && (strcmp(op, "~=") != 0 || parts >= 2);
}

/*
 * The marker pipenv writes for a package's Requires-Python RP (its "markers"): each clause
 * as python_version (X or X.Y) or python_full_version (X.Y.Z, a wildcard), joined by
 * "and"; NULL when RP has none it can say. Newly allocated.
 */
static char *
pymarker(const char *rp)
{
	static const char *const ops[] = { "===", "~=", "==", "!=", "<=", ">=", "<", ">" };
	struct buf b = {0};
	char *list = xstrdup(rp ? rp : ""), *save = NULL;

	for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		const char *op = NULL;
		c += strspn(c, " \t");
		for (size_t i = 0; i < sizeof(ops) / sizeof(*ops) && !op; i++)
			if (strncmp(c, ops[i], strlen(ops[i])) == 0)
				op = ops[i];
		if (!op)
			continue;
		char *v = c + strlen(op);
		v += strspn(v, " \t");
		size_t n = strcspn(v, " \t");
		v[n] = '\0';
		if (!pyversionok(v, op))
			continue;
		size_t dots = 0;
		for (const char *q = v; *q; q++)
			dots += *q == '.';
		bool full = dots >= 2 || strchr(v, '*');
		bufprintf(&b, "%s%s %s '%s'", b.len ? " and " : "", full ? "python_full_version" : "python_version", op, v);
	}
	free(list);
	return b.s;
}

/* the entry of P: hashes (sorted), index, markers (of its Requires-Python), version */
static json_t *
entry(const struct lwpkg *p, json_t *sources)
{
	json_t *e = json_object(), *hashes = json_array();
	struct strlist hs = {0};

	for (size_t k = 0; k < p->nfiles; k++)
		if (strlistfind(&hs, p->files[k].sha256) < 0)
			strlistadd(&hs, p->files[k].sha256);
	if (hs.n > 1)
		qsort(hs.v, hs.n, sizeof(char *), strlistcmp);
	for (size_t k = 0; k < hs.n; k++) {
		char *h = xasprintf("sha256:%s", hs.v[k]);
		json_array_append_new(hashes, json_string(h));
		free(h);
	}
	json_object_set_new(e, "hashes", hashes);
	if (p->index)
		json_object_set_new(e, "index", json_string(sourcename(sources, p->index)));
	char *m = pymarker(p->requirespython);
	if (m)
		json_object_set_new(e, "markers", json_string(m));
	free(m);
	char *v = xasprintf("==%s", p->version);
	json_object_set_new(e, "version", json_string(v));
	free(v);
	strlistclear(&hs);
	free(hs.v);
	return e;
}

/* mark in IN the packages of LK that the canon names ROOTS need, directly or through others */
static void
reach(const struct lwlock *lk, const struct strlist *roots, bool *in)
{
	bool grew = true;

	for (size_t i = 0; i < lk->n; i++)
		in[i] = strlistfind(roots, lk->v[i].canon) >= 0;
	while (grew) {
		grew = false;
		for (size_t i = 0; i < lk->n; i++)
			for (size_t j = 0; in[i] && j < lk->v[i].deps.n; j++)
				for (size_t k = 0; k < lk->n; k++)
					if (!in[k] && strcmp(lk->v[k].canon, lk->v[i].deps.v[j]) == 0)
						in[k] = grew = true;
	}
}

static int
pkgcmp(const void *a, const void *b)
{
	return strcmp((*(const struct lwpkg *const *)a)->canon, (*(const struct lwpkg *const *)b)->canon);
}

char *
pipenvlockwrite(const struct lwlock *lk, const struct pipenvmeta *m)
{
	json_error_t err;
	json_t *requires = json_loads(m->requires, 0, &err), *sources = json_loads(m->sources, 0, &err);
	json_t *doc, *meta, *def = json_object(), *dev = json_object();
	char *text, *out = NULL;

	if (!json_is_object(requires) || !json_is_array(sources)) {
		json_decref(requires);
		json_decref(sources);
		json_decref(def);
		json_decref(dev);
		return NULL;
	}
	bool *indef = xmalloc(lk->n + 1), *indev = xmalloc(lk->n + 1);
	for (size_t i = 0; i < lk->n; i++)
		indef[i] = true, indev[i] = false;
	if (m->defroots && m->devroots) {
		reach(lk, m->devroots, indev);
		reach(lk, m->defroots, indef);
		for (size_t i = 0; i < lk->n; i++)
			indef[i] |= !indev[i];	/* what neither reaches stays where an install of the default finds it */
	}
	nocredentials(sources);
	/* by name, so that the sources an index adds are named alike each time */
	const struct lwpkg **v = xmalloc((lk->n + 1) * sizeof(*v));
	for (size_t i = 0; i < lk->n; i++)
		v[i] = &lk->v[i];
	if (lk->n > 1)
		qsort(v, lk->n, sizeof(*v), pkgcmp);
	for (size_t i = 0; i < lk->n; i++) {
		size_t k = v[i] - lk->v;
		if (indef[k])
			json_object_set_new(def, v[i]->canon, entry(v[i], sources));
		if (indev[k])
			json_object_set_new(dev, v[i]->canon, entry(v[i], sources));
	}
	free(v);
	free(indef);
	free(indev);
	meta = json_pack("{s:{s:s}, s:i, s:o, s:o}", "hash", "sha256", m->hash, "pipfile-spec", 6,
	    "requires", requires, "sources", sources);
	doc = json_pack("{s:o, s:o, s:o}", "_meta", meta, "default", def, "develop", dev);
	text = json_dumps(doc, JSON_INDENT(4) | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	if (text)
		out = xasprintf("%s\n", text);
	free(text);
	json_decref(doc);
	return out;
}
