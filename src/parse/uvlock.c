/* uvlock.c: uv's uv.lock (version 1) into a struct lock, and the walk from its projects
 * through the dependencies that hold for one interpreter; pure. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "parse/lockdata.h"
#include "parse/uvlock.h"

struct ctx {
	struct lock *lk;
	const char *path;
	char *dir;		/* the lock's dir: its relative paths are relative to it */
};

/* warn "PATH:LINE: message" for the node T (line 1 without one); -1 */
static int
bad(struct ctx *c, const struct toml *t, const char *fmt, const char *a, const char *b)
{
	return warnat(c->path, t ? t->line : 1, 0, fmt, a, b);
}

/* the string KEY of table T, or NULL when absent; *ERR set when it is not a string */
static const char *
str(struct ctx *c, const struct toml *t, const char *key, bool *err)
{
	const struct toml *v = tomlget(t, key);

	if (!v)
		return NULL;
	if (v->type != TOML_STRING || memchr(v->s, '\0', v->len)) {
		bad(c, v, "'%s' must be a string%s", key, "");
		*err = true;
		return NULL;
	}
	return v->s;
}

/* a local path of the lock, relative to the working dir */
static char *
localpath(struct ctx *c, const char *p)
{
	return p[0] == '/' ? xstrdup(p) : pathjoin(c->dir, p);
}

/* a wheel or sdist table T into D: url, path or filename (FALLBACK the file's place then), "sha256:HEX" hash, size */
static int
distof(struct ctx *c, const struct toml *t, struct lockdist *d, const char *what, const char *fallback)
{
	const struct toml *sz;
	bool err = false;

	memset(d, 0, sizeof(*d));
	d->size = -1;
	if (t->type != TOML_TABLE)
		return bad(c, t, "%s must be a table%s", what, "");
	const char *url = str(c, t, "url", &err), *path = str(c, t, "path", &err), *fn = str(c, t, "filename", &err);
	const char *h = str(c, t, "hash", &err);
	if (err)
		return -1;
	if (url)
		d->url = xstrdup(url);
	else if (path || fallback)
		d->path = localpath(c, path ? path : fallback);
	else
		return bad(c, t, "%s has no url, path or filename%s", what, "");
	const char *where = d->url ? d->url : d->path;
	size_t n = strcspn(where, "?#");
	const char *slash = where + n;
	while (slash > where && slash[-1] != '/')
		slash--;
	d->name = fn ? xstrdup(fn) : xstrndup(slash, where + n - slash);
	if ((sz = tomlget(t, "size"))) {
		if (sz->type != TOML_INTEGER || sz->i < 0)
			return bad(c, sz, "%s %s: size must be a non-negative integer", what, d->name);
		d->size = sz->i;
	}
	if (!h || strncmp(h, "sha256:", 7) != 0 || strlen(h) != 71 || strspn(h + 7, "0123456789abcdefABCDEF") != 64)
		return bad(c, tomlget(t, "hash") ? tomlget(t, "hash") : t, "%s %s: no hash \"sha256:HEX\" (the only one venvmk checks)", what, d->name);
	for (int i = 0; i <= 64; i++)
		d->sha256[i] = h[7 + i] >= 'A' && h[7 + i] <= 'F' ? h[7 + i] - 'A' + 'a' : h[7 + i];
	return 0;
}

/* "NAME @ git+URL@COMMIT[#subdirectory=S]" of uv's git source "URL?rev=R&subdirectory=S#COMMIT" */
static char *
gitreq(const char *name, const char *src)
{
	const char *hash = strchr(src, '#'), *q = strchr(src, '?');
	size_t base = q && (!hash || q < hash) ? (size_t)(q - src) : hash ? (size_t)(hash - src) : strlen(src);
	struct buf b = {0};

	bufprintf(&b, "%s @ git+%.*s", name, (int)base, src);
	if (hash)
		bufprintf(&b, "@%s", hash + 1);
	for (const char *p = q; p && (!hash || p < hash); p = strchr(p + 1, '&'))
		if (strncmp(p + 1, "subdirectory=", 13) == 0)
			bufprintf(&b, "#subdirectory=%.*s", (int)strcspn(p + 14, "&#"), p + 14);
	return b.s;
}

/* the source table of entry P (at PT): where it comes from, and so what installs it */
static int
source(struct ctx *c, const struct toml *pt, struct lockpkg *p)
{
	const struct toml *s = tomlget(pt, "source"), *w = tomlget(pt, "wheels"), *sd = tomlget(pt, "sdist");
	static const char *const keys[] = { "registry", "url", "git", "editable", "virtual", "directory", "path" };
	const char *v = NULL, *key = NULL;
	bool err = false;

	if (!s || s->type != TOML_TABLE)
		return bad(c, s ? s : pt, "package %s: source must be a table%s", p->name, "");
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys) && !v; i++)
		if ((v = str(c, s, keys[i], &err)))
			key = keys[i];
	if (err || !v)
		return err ? -1 : bad(c, s, "package %s: a source venvmk does not know%s", p->name, "");
	/* a registry that is a directory (find-links) names its files by filename */
	const char *flatdir = strcmp(key, "registry") == 0 && !strstr(v, "://") ? v : NULL;
	if ((strcmp(key, "registry") == 0 || strcmp(key, "url") == 0 || strcmp(key, "path") == 0) && w) {
		if (w->type != TOML_ARRAY || w->n == 0)
			return bad(c, w, "wheels of %s must be a non-empty array of tables%s", p->name, "");
		const char *dir = flatdir;
		p->kind = LOCKPKG_WHEELS;
		p->dists = xmalloc(w->n * sizeof(*p->dists));
		for (size_t i = 0; i < w->n; i++) {
			const struct toml *f = tomlget(w->vals[i], "filename");
			const char *fn = f && f->type == TOML_STRING ? f->s : NULL;
			char *fb = dir && fn ? pathjoin(dir, fn) : v && strcmp(key, "path") == 0 ? xstrdup(v) : NULL;
			p->ndists++;
			int r = distof(c, w->vals[i], &p->dists[i], "wheel", fb);
			free(fb);
			if (r < 0)
				return -1;
		}
		return 0;
	}
	p->kind = LOCKPKG_PIP;
	struct buf b = {0};
	if (strcmp(key, "virtual") == 0) {
		p->virtual = true;
		p->what = "virtual";
	} else if (strcmp(key, "git") == 0) {
		p->what = "vcs";
		p->pipreq = gitreq(p->name, v);
	} else if (strcmp(key, "editable") == 0 || strcmp(key, "directory") == 0 || (v && !sd)) {
		char *lp = localpath(c, v);
		p->what = strcmp(key, "editable") == 0 ? "editable" : "directory";
		bufprintf(&b, "%s%s%s", strcmp(key, "editable") == 0 ? "-e " : "", lp[0] == '/' || lp[0] == '.' ? "" : "./", lp);
		p->pipreq = b.s;
		free(lp);
	} else if (sd) {
		struct lockdist d;
		p->what = "sdist";
		char *fb = flatdir && tomlget(sd, "filename") && tomlget(sd, "filename")->type == TOML_STRING
		    ? pathjoin(flatdir, tomlget(sd, "filename")->s) : NULL;
		int r = distof(c, sd, &d, "sdist", fb ? fb : strcmp(key, "path") == 0 ? v : NULL);
		free(fb);
		if (r < 0)
			return -1;
		if (d.path)
			bufprintf(&b, "%s%s", d.path[0] == '/' || d.path[0] == '.' ? "" : "./", d.path);
		else
			bufprintf(&b, "%s @ %s#sha256=%s", p->name, d.url, d.sha256);
		p->pipreq = b.s;
		free(d.name);
		free(d.url);
		free(d.path);
	} else {
		return bad(c, pt, "package %s has no wheels and no sdist%s", p->name, "");
	}
	return 0;
}

/* the entry that the dependency table T names, by name (and version when several have it); -1 after warn() */
static long
target(struct ctx *c, const struct toml *t)
{
	bool err = false;
	const char *name = str(c, t, "name", &err), *version = str(c, t, "version", &err);
	struct buf canon = {0};
	long found = -1;
	int n = 0;

	if (err || !name)
		return err ? -1 : bad(c, t, "a dependency without a name%s%s", "", "");
	depnormname(name, &canon);
	for (size_t i = 0; i < c->lk->n; i++)
		if (strcmp(c->lk->v[i].canon, canon.s) == 0 && (!version || !c->lk->v[i].version
		    || strcmp(c->lk->v[i].version, version) == 0)) {
			found = (long)i;
			n++;
		}
	free(canon.s);
	if (n == 0)
		return bad(c, t, "dependency %s %s: no such package in the lock", name, version ? version : "");
	if (n > 1)
		return bad(c, t, "dependency %s: several versions in the lock, and it names none%s", name, "");
	return found;
}

/* the dependency array A of P as edges (VIA: NULL, or the extra or group that brings them) */
static int
edges(struct ctx *c, struct lockpkg *p, const struct toml *a, const char *via)
{
	if (a->type != TOML_ARRAY)
		return bad(c, a, "the dependencies of %s must be an array of tables%s", p->name, "");
	for (size_t i = 0; i < a->n; i++) {
		const struct toml *t = a->vals[i], *ex = tomlget(t, "extra");
		bool err = false;
		if (t->type != TOML_TABLE)
			return bad(c, t, "a dependency of %s must be a table%s", p->name, "");
		long to = target(c, t);
		const char *m = str(c, t, "marker", &err);
		if (to < 0 || err)
			return -1;
		p->edges = xrealloc(p->edges, (p->nedges + 1) * sizeof(*p->edges));
		struct lockedge *e = &p->edges[p->nedges++];
		memset(e, 0, sizeof(*e));
		e->to = (size_t)to;
		e->marker = m ? xstrdup(m) : NULL;
		e->via = via ? xstrdup(via) : NULL;
		for (size_t k = 0; ex && ex->type == TOML_ARRAY && k < ex->n; k++)
			if (ex->vals[k]->type == TOML_STRING) {
				struct buf b = {0};
				depnormname(ex->vals[k]->s, &b);
				strlistadd(&e->extras, b.s);
				free(b.s);
			}
		if (ex && ex->type != TOML_ARRAY)
			return bad(c, ex, "'extra' must be an array of strings%s%s", "", "");
	}
	return 0;
}

/* the tables of dependency arrays KEY of entry P (optional-dependencies, dev-dependencies) as edges brought by "KIND NAME" */
static int
named(struct ctx *c, struct lockpkg *p, const struct toml *pt, const char *key, const char *kind, struct strlist *offered)
{
	const struct toml *t = tomlget(pt, key);

	if (!t)
		return 0;
	if (t->type != TOML_TABLE)
		return bad(c, t, "%s of %s must be a table", key, p->name);
	for (size_t k = 0; k < t->n; k++) {
		struct buf name = {0};
		depnormname(t->keys[k], &name);
		char *via = xasprintf("%s %s", kind, name.s);
		int r = edges(c, p, t->vals[k], via);
		if (r == 0 && p->root && strlistfind(offered, name.s) < 0)
			strlistadd(offered, name.s);
		free(via);
		free(name.s);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* entry I (at PT) a project of the workspace: a manifest member, else an editable or virtual "." */
static bool
isroot(const struct toml *doc, const struct toml *pt, const struct lockpkg *p)
{
	const struct toml *members = tomlget(tomlget(doc, "manifest"), "members"), *s = tomlget(pt, "source");

	if (members && members->type == TOML_ARRAY) {
		bool same = false;
		for (size_t i = 0; i < members->n && !same; i++) {
			struct buf b = {0};
			if (members->vals[i]->type != TOML_STRING)
				continue;
			depnormname(members->vals[i]->s, &b);
			same = b.s && strcmp(b.s, p->canon) == 0;
			free(b.s);
		}
		return same;
	}
	const struct toml *v = tomlget(s, "editable") ? tomlget(s, "editable") : tomlget(s, "virtual");
	return v && v->type == TOML_STRING && strcmp(v->s, ".") == 0;
}

int
uvlockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon)
{
	struct ctx c = { lk, path, pathdir(path) };
	struct toml *doc = tomlparse(text, len, path), *v, *pkgs;
	int ret = -1;

	if (!doc)
		goto out;
	if (canon)
		tomlcanon(doc, canon);
	v = tomlget(doc, "version");
	if (!v || v->type != TOML_INTEGER || v->i != 1) {
		bad(&c, v, "not a uv.lock venvmk reads: its version must be 1%s%s", "", "");
		goto out;
	}
	bool err = false;
	const char *rp = str(&c, doc, "requires-python", &err);
	if (err)
		goto out;
	lk->requirespython = rp ? xstrdup(rp) : NULL;
	pkgs = tomlget(doc, "package");
	if (pkgs && pkgs->type != TOML_ARRAY) {
		bad(&c, pkgs, "package must be an array of tables ([[package]])%s%s", "", "");
		goto out;
	}
	for (size_t i = 0; pkgs && i < pkgs->n; i++) {
		const struct toml *pt = pkgs->vals[i];
		struct buf cn = {0};
		if (pt->type != TOML_TABLE) {
			bad(&c, pt, "each [[package]] must be a table%s%s", "", "");
			goto out;
		}
		struct lockpkg *p = lockadd(lk, LOCKPKG_PIP, pt->line);
		const char *name = str(&c, pt, "name", &err), *ver = str(&c, pt, "version", &err);
		if (err || !name) {
			if (!err)
				bad(&c, pt, "a [[package]] without a name%s%s", "", "");
			goto out;
		}
		p->name = xstrdup(name);
		depnormname(name, &cn);
		p->canon = cn.s;
		p->version = ver ? xstrdup(ver) : NULL;
		p->root = isroot(doc, pt, p);
		if (source(&c, pt, p) < 0)
			goto out;
	}
	/* the edges once every entry is known: a dependency names one by name and version */
	for (size_t i = 0; pkgs && i < pkgs->n; i++) {
		const struct toml *pt = pkgs->vals[i], *d = tomlget(pt, "dependencies");
		struct lockpkg *p = &lk->v[i];
		if ((d && edges(&c, p, d, NULL) < 0) || named(&c, p, pt, "optional-dependencies", "extra", &lk->extras) < 0
		    || named(&c, p, pt, "dev-dependencies", "group", &lk->groups) < 0)
			goto out;
	}
	/* uv syncs the dev group unless told otherwise */
	if (strlistfind(&lk->groups, "dev") >= 0)
		strlistadd(&lk->defaultgroups, "dev");
	ret = 0;
out:
	deltoml(doc);
	free(c.dir);
	return ret;
}

/* visit entry I by VIA (NULL: its dependencies; "extra X"), once each; queue its edges' targets */
static void
push(size_t i, const char *via, struct strlist *seen, size_t **q, char ***qv, size_t *nq)
{
	const char *key = via ? via : "";

	if (strlistfind(&seen[i], key) >= 0)
		return;
	strlistadd(&seen[i], key);
	*q = xrealloc(*q, (*nq + 1) * sizeof(**q));
	*qv = xrealloc(*qv, (*nq + 1) * sizeof(**qv));
	(*q)[*nq] = i;
	(*qv)[(*nq)++] = via ? xstrdup(via) : NULL;
}

int
uvlockwalk(const struct lock *lk, const struct markerenv *me, const struct strlist *extras,
    const struct strlist *groups, bool *on)
{
	struct strlist *seen = xmalloc((lk->n + 1) * sizeof(*seen));
	size_t *q = NULL, nq = 0;
	char **qv = NULL;
	int ret = 0;

	memset(seen, 0, (lk->n + 1) * sizeof(*seen));
	for (size_t i = 0; i < lk->n; i++) {
		on[i] = false;
		if (!lk->v[i].root)
			continue;
		push(i, NULL, seen, &q, &qv, &nq);
		for (size_t k = 0; k < extras->n + groups->n; k++) {
			char *via = k < extras->n ? xasprintf("extra %s", extras->v[k]) : xasprintf("group %s", groups->v[k - extras->n]);
			push(i, via, seen, &q, &qv, &nq);
			free(via);
		}
	}
	for (size_t h = 0; h < nq && ret == 0; h++) {
		const struct lockpkg *p = &lk->v[q[h]];
		on[q[h]] = true;
		for (size_t k = 0; k < p->nedges && ret == 0; k++) {
			const struct lockedge *e = &p->edges[k];
			if ((e->via == NULL) != (qv[h] == NULL) || (e->via && strcmp(e->via, qv[h]) != 0))
				continue;
			if (e->marker) {
				struct marker *m = NULL;
				const char *why;
				int r = markerparse(&m, e->marker, &why) < 0 ? -1 : markereval(m, me, NULL, NULL, NULL, &why);
				delmarker(m);
				if (r < 0)
					ret = warnat(lk->path, p->line, 0, "%s: marker '%s': %s", p->name, e->marker, why);
				if (r != 1)
					continue;
			}
			push(e->to, NULL, seen, &q, &qv, &nq);
			for (size_t x = 0; x < e->extras.n; x++) {
				char *via = xasprintf("extra %s", e->extras.v[x]);
				push(e->to, via, seen, &q, &qv, &nq);
				free(via);
			}
		}
	}
	for (size_t i = 0; i < nq; i++)
		free(qv[i]);
	for (size_t i = 0; i < lk->n; i++) {
		strlistclear(&seen[i]);
		free(seen[i].v);
	}
	free(seen);
	free(q);
	free(qv);
	return ret;
}
