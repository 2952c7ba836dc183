/* pylock.c: PEP 751 pylock.toml into a struct lock; pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "parse/lockdata.h"
#include "parse/pylock.h"

struct ctx {
	struct lock *lk;
	const char *path;
	char *dir;		/* the lock's dir: relative paths in it are relative to it */
};

/* warn "PATH:LINE: message" for the node T (line 1 without one); -1 */
static int
bad(struct ctx *c, const struct toml *t, const char *fmt, const char *a, const char *b)
{
	return warnat(c->path, t ? t->line : 1, 0, fmt, a, b);
}

/* the string KEY of table T into *OUT (NULL when absent); -1 when it is not a string */
static int
str(struct ctx *c, const struct toml *t, const char *key, char **out)
{
	const struct toml *v = tomlget(t, key);

	*out = NULL;
	if (!v)
		return 0;
	if (v->type != TOML_STRING || memchr(v->s, '\0', v->len))
		return bad(c, v, "'%s' must be a string%s", key, "");
	*out = xstrdup(v->s);
	return 0;
}

/* the array of strings KEY of T appended to L; -1 when it is something else */
static int
strs(struct ctx *c, const struct toml *t, const char *key, struct strlist *l)
{
	const struct toml *v = tomlget(t, key);

	if (!v)
		return 0;
	if (v->type != TOML_ARRAY)
		return bad(c, v, "'%s' must be an array of strings%s", key, "");
	for (size_t i = 0; i < v->n; i++) {
		if (v->vals[i]->type != TOML_STRING)
			return bad(c, v->vals[i], "'%s' must be an array of strings%s", key, "");
		strlistadd(l, v->vals[i]->s);
	}
	return 0;
}

/* a local path of the lock, relative to the working dir */
static char *
localpath(struct ctx *c, const char *p)
{
	return p[0] == '/' ? xstrdup(p) : pathjoin(c->dir, p);
}

/* the file name at the end of a URL or path */
static char *
basename_of(const char *s)
{
	size_t n = strcspn(s, "?#");
	const char *slash = NULL;

	for (const char *p = s; p < s + n; p++)
		if (*p == '/')
			slash = p;
	return slash ? xstrndup(slash + 1, s + n - slash - 1) : xstrndup(s, n);
}

/* a wheel, sdist or archive table T into D; NEEDHASH: the spec requires hashes */
static int
distof(struct ctx *c, const struct toml *t, struct lockdist *d, const char *what)
{
	const struct toml *h, *sz;
	char *name;

	memset(d, 0, sizeof(*d));
	d->size = -1;
	if (t->type != TOML_TABLE)
		return bad(c, t, "%s must be a table%s", what, "");
	if (str(c, t, "url", &d->url) < 0 || str(c, t, "path", &name) < 0)
		return -1;
	if (name) {
		d->path = localpath(c, name);
		free(name);
	}
	if (!d->url && !d->path)
		return bad(c, t, "%s has neither a url nor a path%s", what, "");
	if (str(c, t, "name", &d->name) < 0)
		return -1;
	if (!d->name)
		d->name = basename_of(d->path ? d->path : d->url);
	if ((sz = tomlget(t, "size"))) {
		if (sz->type != TOML_INTEGER || sz->i < 0)
			return bad(c, sz, "%s: size must be a non-negative integer%s", what, "");
		d->size = sz->i;
	}
	h = tomlget(t, "hashes");
	if (!h)
		return bad(c, t, "%s %s has no hashes", what, d->name);
	if (h->type != TOML_TABLE)
		return bad(c, h, "%s %s: hashes must be a table", what, d->name);
	const struct toml *s = tomlget(h, "sha256");
	if (!s)
		return bad(c, h, "%s %s: no sha256 among its hashes (the only one venvmk checks)", what, d->name);
	if (s->type != TOML_STRING || s->len != 64 || strspn(s->s, "0123456789abcdefABCDEF") != 64)
		return bad(c, s, "%s %s: sha256 is not 64 hex digits", what, d->name);
	for (int i = 0; i < 64; i++)
		d->sha256[i] = s->s[i] >= 'A' && s->s[i] <= 'F' ? s->s[i] - 'A' + 'a' : s->s[i];
	d->sha256[64] = '\0';
	return 0;
}

/* a package entry built by pip: an sdist, VCS, directory or archive */
static int
pipentry(struct ctx *c, const struct toml *pt, struct lockpkg *p)
{
	const struct toml *t;
	char *url = NULL, *path = NULL, *x = NULL, *sub = NULL;
	struct buf b = {0};

	if ((t = tomlget(pt, "vcs"))) {
		p->what = "vcs";
		if (t->type != TOML_TABLE || str(c, t, "type", &x) < 0 || str(c, t, "url", &url) < 0
		    || str(c, t, "path", &path) < 0 || str(c, t, "subdirectory", &sub) < 0)
			return bad(c, t, "vcs of %s: a table of strings expected%s", p->name, "");
		char *commit = NULL;
		if (str(c, t, "commit-id", &commit) < 0)
			return -1;
		if (!x || (!url && !path) || !commit) {
			free(x), free(url), free(path), free(sub), free(commit);
			return bad(c, t, "vcs of %s needs type, url or path, and commit-id%s", p->name, "");
		}
		/*
		 * A local repository as file://localhost/ABS: the pip of an env seeded before 24.1
		 * (packaging 21.3) refuses "NAME @ git+file:///..." for its empty host, and git
		 * cannot clone a relative file:// URL.
		 */
		if (url && strncmp(url, "file:///", 8) == 0)
			bufprintf(&b, "%s @ %s+file://localhost%s@%s", p->name, x, url + 7, commit);
		else if (url)
			bufprintf(&b, "%s @ %s+%s@%s", p->name, x, url, commit);
		else {
			char *lp = localpath(c, path), *abs = pathabs(lp);
			free(lp);
			if (!abs) {
				bad(c, t, "vcs of %s: cannot tell the absolute path of '%s'", p->name, path);
				free(x), free(path), free(sub), free(commit);
				return -1;
			}
			bufprintf(&b, "%s @ %s+file://localhost%s@%s", p->name, x, abs, commit);
			free(abs);
		}
		free(commit);
	} else if ((t = tomlget(pt, "directory"))) {
		const struct toml *ed;
		p->what = "directory";
		if (t->type != TOML_TABLE || str(c, t, "path", &path) < 0 || !path
		    || str(c, t, "subdirectory", &sub) < 0)
			return bad(c, t, "directory of %s needs a path%s", p->name, "");
		char *lp = localpath(c, path);
		ed = tomlget(t, "editable");
		if (ed && ed->type == TOML_BOOL && ed->b) {
			p->what = "editable";
			bufputs(&b, "-e ");
		}
		bufprintf(&b, "%s%s%s", lp[0] == '/' || lp[0] == '.' ? "" : "./", lp, sub ? "/" : "");
		if (sub)
			bufputs(&b, sub);
		free(lp);
		free(sub);
		sub = NULL;
	} else {
		struct lockdist d;
		t = tomlget(pt, "archive");
		p->what = "archive";
		if (!t) {
			t = tomlget(pt, "sdist");
			p->what = "sdist";
		}
		if (!t)
			return bad(c, pt, "package %s has no wheels, sdist, vcs, directory or archive%s", p->name, "");
		if (distof(c, t, &d, p->what) < 0)
			return -1;
		if (d.path)
			bufprintf(&b, "%s%s", d.path[0] == '/' || d.path[0] == '.' ? "" : "./", d.path);
		else
			bufprintf(&b, "%s @ %s#sha256=%s", p->name, d.url, d.sha256);
		if (d.path) {
			/* the local file must still be what the lock says: checked before pip sees it */
			p->dists = xmalloc(sizeof(*p->dists));
			p->dists[0] = d;
			p->ndists = 1;
		} else {
			free(d.name);
			free(d.url);
		}
		if (str(c, t, "subdirectory", &sub) < 0)
			return -1;
	}
	if (sub)
		bufprintf(&b, "#subdirectory=%s", sub);
	p->pipreq = b.s;
	free(x);
	free(url);
	free(path);
	free(sub);
	return 0;
}

static int
package(struct ctx *c, const struct toml *pt)
{
	const struct toml *w;
	struct lockpkg *p;
	struct buf canon = {0};

	if (pt->type != TOML_TABLE)
		return bad(c, pt, "each of packages must be a table%s%s", "", "");
	w = tomlget(pt, "wheels");
	p = lockadd(c->lk, w ? LOCKPKG_WHEELS : LOCKPKG_PIP, pt->line);
	if (str(c, pt, "name", &p->name) < 0)
		return -1;
	if (!p->name)
		return bad(c, pt, "a package without a name%s%s", "", "");
	depnormname(p->name, &canon);
	p->canon = canon.s ? canon.s : xstrdup("");
	if (str(c, pt, "version", &p->version) < 0 || str(c, pt, "marker", &p->marker) < 0
	    || str(c, pt, "requires-python", &p->requirespython) < 0)
		return -1;
	if (!w)
		return pipentry(c, pt, p);
	if (w->type != TOML_ARRAY || w->n == 0)
		return bad(c, w, "wheels of %s must be a non-empty array of tables%s", p->name, "");
	p->dists = xmalloc(w->n * sizeof(*p->dists));
	for (size_t i = 0; i < w->n; i++) {
		p->ndists++;
		if (distof(c, w->vals[i], &p->dists[i], "wheel") < 0)
			return -1;
	}
	return 0;
}

int
pylockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon)
{
	struct ctx c = { lk, path, pathdir(path) };
	struct toml *doc = tomlparse(text, len, path), *v;
	int ret = -1;

	if (!doc)
		goto out;
	if (canon)
		tomlcanon(doc, canon);
	v = tomlget(doc, "lock-version");
	if (!v || v->type != TOML_STRING) {
		bad(&c, v, "lock-version must be a string%s%s", "", "");
		goto out;
	}
	if (strncmp(v->s, "1.", 2) != 0 || !v->s[2] || strspn(v->s + 2, "0123456789") != strlen(v->s + 2)) {
		bad(&c, v, "lock-version '%s' is not one venvmk reads (it reads 1.x)%s", v->s, "");
		goto out;
	}
	/* the fingerprint and the install both read the lock: say it once a run */
	static bool warned;
	if (strcmp(v->s, "1.0") != 0 && !warned) {
		warnat(path, v->line, 0, "warning: lock-version %s is newer than 1.0; reading it as 1.0", v->s);
		warned = true;
	}
	if (str(&c, doc, "requires-python", &lk->requirespython) < 0
	    || strs(&c, doc, "environments", &lk->environments) < 0
	    || strs(&c, doc, "extras", &lk->extras) < 0
	    || strs(&c, doc, "dependency-groups", &lk->groups) < 0
	    || strs(&c, doc, "default-groups", &lk->defaultgroups) < 0)
		goto out;
	v = tomlget(doc, "packages");
	if (!v) {
		ret = 0;
		goto out;
	}
	if (v->type != TOML_ARRAY) {
		bad(&c, v, "packages must be an array of tables%s%s", "", "");
		goto out;
	}
	for (size_t i = 0; i < v->n; i++)
		if (package(&c, v->vals[i]) < 0)
			goto out;
	ret = 0;
out:
	deltoml(doc);
	free(c.dir);
	return ret;
}
