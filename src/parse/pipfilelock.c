/* pipfilelock.c: pipenv's Pipfile.lock into a struct lock, and a Pipfile's hash as its _meta.hash gives it; pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/util.h"
#include "base/hash.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "parse/lockdata.h"
#include "parse/pipfilelock.h"

/* warn "PATH:1: message": JSON as jansson reads it keeps no lines; -1 */
static int
bad(const char *path, const char *fmt, const char *a, const char *b)
{
	return warnat(path, 1, 0, fmt, a, b);
}

/* the index URL of the source named NAME in _meta.sources, or NULL */
static const char *
sourceurl(json_t *meta, const char *name)
{
	json_t *srcs = json_object_get(meta, "sources"), *s;
	size_t i;

	json_array_foreach(srcs, i, s) {
		const char *n = json_string_value(json_object_get(s, "name"));
		if (n && strcmp(n, name) == 0)
			return json_string_value(json_object_get(s, "url"));
	}
	return NULL;
}

/* one entry NAME: SPEC of a category */
static int
entry(struct lock *lk, json_t *meta, const char *name, json_t *spec, const char *path, const char *dir)
{
	struct buf canon = {0};
	const char *v;

	if (!json_is_object(spec))
		return bad(path, "%s: an entry must be an object%s", name, "");
	depnormname(name, &canon);
	/* one name in both default and develop, locked alike: one package */
	for (size_t i = 0; i < lk->n; i++)
		if (strcmp(lk->v[i].canon, canon.s) == 0) {
			v = json_string_value(json_object_get(spec, "version"));
			if (v && lk->v[i].version && strcmp(v + (strncmp(v, "==", 2) == 0 ? 2 : 0), lk->v[i].version) == 0) {
				free(canon.s);
				return 0;
			}
		}
	json_t *git = json_object_get(spec, "git"), *pth = json_object_get(spec, "path"), *file = json_object_get(spec, "file");
	struct lockpkg *p = lockadd(lk, git || pth || file ? LOCKPKG_PIP : LOCKPKG_PIN, 0);
	p->name = xstrdup(name);
	p->canon = canon.s;
	if ((v = json_string_value(json_object_get(spec, "markers"))))
		p->marker = xstrdup(v);
	if ((v = json_string_value(json_object_get(spec, "version")))) {
		if (strncmp(v, "==", 2) != 0 && p->kind == LOCKPKG_PIN)
			return bad(path, "%s: version '%s' is not pinned with ==", name, v);
		p->version = xstrdup(v + (strncmp(v, "==", 2) == 0 ? 2 : 0));
	}
	json_t *ex = json_object_get(spec, "extras"), *x;
	size_t i;
	json_array_foreach(ex, i, x)
		if (json_is_string(x))
			strlistadd(&p->extras, json_string_value(x));
	if (p->kind == LOCKPKG_PIP) {
		bool editable = json_is_true(json_object_get(spec, "editable"));
		struct buf b = {0};
		if (git) {
			const char *ref = json_string_value(json_object_get(spec, "ref"));
			p->what = "vcs";
			bufprintf(&b, "%s @ git+%s%s%s", name, json_string_value(git) ? json_string_value(git) : "",
			    ref ? "@" : "", ref ? ref : "");
			if ((v = json_string_value(json_object_get(spec, "subdirectory"))))
				bufprintf(&b, "#subdirectory=%s", v);
		} else if (pth && json_string_value(pth)) {
			const char *lp = json_string_value(pth);
			char *full = lp[0] == '/' ? xstrdup(lp) : pathjoin(dir, lp);
			p->what = editable ? "editable" : "path";
			bufprintf(&b, "%s%s%s", editable ? "-e " : "", full[0] == '/' || full[0] == '.' ? "" : "./", full);
			free(full);
		} else if (file && json_string_value(file)) {
			p->what = "archive";
			bufprintf(&b, "%s @ %s", name, json_string_value(file));
		} else {
			return bad(path, "%s: git, path or file must be a string%s", name, "");
		}
		p->pipreq = b.s;
		return 0;
	}
	if (!p->version)
		return bad(path, "%s: no version%s", name, "");
	json_t *hs = json_object_get(spec, "hashes"), *h;
	json_array_foreach(hs, i, h) {
		const char *s = json_string_value(h);
		if (s && strncmp(s, "sha256:", 7) == 0 && strlen(s) == 71 && strspn(s + 7, "0123456789abcdefABCDEF") == 64) {
			char hex[65];
			for (int k = 0; k <= 64; k++)
				hex[k] = s[7 + k] >= 'A' && s[7 + k] <= 'F' ? s[7 + k] - 'A' + 'a' : s[7 + k];
			strlistadd(&p->hashes, hex);
		}
	}
	if (!p->hashes.n)
		return bad(path, "%s: no sha256 among its hashes%s", name, "");
	if ((v = json_string_value(json_object_get(spec, "index")))) {
		const char *url = sourceurl(meta, v);
		if (!url)
			return bad(path, "%s: index '%s' is not among _meta.sources", name, v);
		p->index = xstrdup(url);
	}
	return 0;
}

int
pipfilelockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon)
{
	json_error_t err;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *meta, *v;
	char *dir = pathdir(path);
	int ret = -1;

	if (!doc) {
		warnat(path, err.line > 0 ? err.line : 1, 0, "%s", err.text);
		free(dir);
		return -1;
	}
	if (!json_is_object(doc)) {
		bad(path, "not a Pipfile.lock: the document is not an object%s%s", "", "");
		goto out;
	}
	if (canon) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
		if (s)
			bufputs(canon, s);
		free(s);
	}
	meta = json_object_get(doc, "_meta");
	if ((v = json_object_get(json_object_get(meta, "hash"), "sha256")) && json_is_string(v))
		lk->metahash = xstrdup(json_string_value(v));
	json_t *req = json_object_get(meta, "requires");
	if ((v = json_object_get(req, "python_full_version")) && json_is_string(v))
		lk->requirespython = xasprintf("==%s", json_string_value(v));
	else if ((v = json_object_get(req, "python_version")) && json_is_string(v))
		lk->requirespython = xasprintf("==%s.*", json_string_value(v));
	strlistadd(&lk->groups, "develop");
	static const char *const cats[] = { "default", "develop" };
	for (int c = 0; c < 2; c++) {
		json_t *cat = json_object_get(doc, cats[c]), *spec;
		const char *name;
		if (!cat)
			continue;
		if (!json_is_object(cat)) {
			bad(path, "%s must be an object%s", cats[c], "");
			goto out;
		}
		size_t first = lk->n;
		json_object_foreach(cat, name, spec)
			if (entry(lk, meta, name, spec, path, dir) < 0)
				goto out;
		/* develop's entries hold only with --group develop */
		for (size_t i = first; c == 1 && i < lk->n; i++) {
			char *m = lk->v[i].marker;
			lk->v[i].marker = m ? xasprintf("(%s) and 'develop' in dependency_groups", m)
			    : xstrdup("'develop' in dependency_groups");
			free(m);
		}
	}
	ret = 0;
out:
	json_decref(doc);
	free(dir);
	return ret;
}

/* append S as Python's json.dumps writes a string (ensure_ascii) */
static void
pystring(struct buf *b, const char *s, size_t n)
{
	bufputc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		unsigned long cp = c;
		if (c == '"' || c == '\\')
			bufprintf(b, "\\%c", c);
		else if (c == '\n')
			bufputs(b, "\\n");
		else if (c == '\r')
			bufputs(b, "\\r");
		else if (c == '\t')
			bufputs(b, "\\t");
		else if (c == '\b')
			bufputs(b, "\\b");
		else if (c == '\f')
			bufputs(b, "\\f");
		else if (c < 0x20 || c == 0x7f)
			bufprintf(b, c < 0x20 ? "\\u%04x" : "%c", c);
		else if (c < 0x80)
			bufputc(b, c);
		else {
			int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
			cp = c & (0x3f >> more);
			for (int k = 0; k < more && i + 1 < n; k++)
				cp = cp << 6 | (s[++i] & 0x3f);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				bufprintf(b, "\\u%04lx\\u%04lx", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
			} else {
				bufprintf(b, "\\u%04lx", cp);
			}
		}
	}
	bufputc(b, '"');
}

static int
keycmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* append T as json.dumps(sort_keys=True, separators=(",", ":")) writes what tomlkit read */
static void
pyjson(struct buf *b, const struct toml *t)
{
	switch (t->type) {
	case TOML_TABLE: {
		char **keys = xmalloc((t->n + 1) * sizeof(*keys));
		for (size_t i = 0; i < t->n; i++)
			keys[i] = t->keys[i];
		qsort(keys, t->n, sizeof(*keys), keycmp);
		bufputc(b, '{');
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				bufputc(b, ',');
			pystring(b, keys[i], strlen(keys[i]));
			bufputc(b, ':');
			pyjson(b, tomlget(t, keys[i]));
		}
		bufputc(b, '}');
		free(keys);
		break;
	}
	case TOML_ARRAY:
		bufputc(b, '[');
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				bufputc(b, ',');
			pyjson(b, t->vals[i]);
		}
		bufputc(b, ']');
		break;
	case TOML_INTEGER:
		bufprintf(b, "%lld", t->i);
		break;
	case TOML_FLOAT:
		bufprintf(b, "%.17g", t->f);
		break;
	case TOML_BOOL:
		bufputs(b, t->b ? "true" : "false");
		break;
	default:
		pystring(b, t->s, t->len);
		break;
	}
}

int
pipfilemeta(const char *text, size_t len, const char *path, char hex[65], struct buf *requires, struct buf *sources)
{
	struct buf j = {0}, r = {0}, s = {0};
	struct toml *doc;
	const struct toml *v;

	if (!(doc = tomlparse(text, len, path)))
		return -1;
	/* plette's Pipfile.get_hash: sources (pypi when none), requires, packages, dev-packages */
	if ((v = tomlget(doc, "requires")))
		pyjson(&r, v);
	else
		bufputs(&r, "{}");
	if ((v = tomlget(doc, "source")))
		pyjson(&s, v);
	else
		bufputs(&s, "[{\"name\":\"pypi\",\"url\":\"https://pypi.org/simple\",\"verify_ssl\":true}]");
	bufprintf(&j, "{\"_meta\":{\"requires\":%s,\"sources\":%s", r.s, s.s);
	if (requires)
		bufputs(requires, r.s);
	if (sources)
		bufputs(sources, s.s);
	free(r.s);
	free(s.s);
	bufputs(&j, "},\"default\":");
	if ((v = tomlget(doc, "packages")))
		pyjson(&j, v);
	else
		bufputs(&j, "{}");
	bufputs(&j, ",\"develop\":");
	if ((v = tomlget(doc, "dev-packages")))
		pyjson(&j, v);
	else
		bufputs(&j, "{}");
	bufputc(&j, '}');
	hashbytes(j.s, j.len, hex);
	deltoml(doc);
	free(j.s);
	return 0;
}

int
pipfilehash(const char *text, size_t len, const char *path, char hex[65])
{
	return pipfilemeta(text, len, path, hex, NULL, NULL);
}
