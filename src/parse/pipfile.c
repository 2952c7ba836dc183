/* pipfile.c: a Pipfile's packages and sources, read as pipenv reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/pipfile.h"

/* tables that are not package categories */
static const char *const notcategories[] = { "source", "requires", "pipenv", "scripts" };

/* pipenv takes these keys of a package table as PEP 508 markers: os_name = "== 'nt'" */
static const char *const markerkeys[] = {
	"os_name", "sys_platform", "platform_machine", "platform_python_implementation",
	"platform_release", "platform_system", "platform_version", "python_version",
	"python_full_version", "implementation_name", "implementation_version",
};

static const char *const vcskeys[] = { "git", "hg", "svn", "bzr" };

static const char *const tablekeys[] = {
	"version", "extras", "markers", "path", "file", "editable", "ref", "subdirectory", "index",
};

static bool
inlist(const char *s, const char *const *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, l[i]) == 0)
			return true;
	return false;
}

#define INLIST(s, l) inlist((s), (l), sizeof(l) / sizeof(*(l)))

/* the string KEY of package table T: NULL when absent, "" (after an error) when not a string */
static const char *
str(const char *file, const char *pkg, const struct toml *t, const char *key, int *bad)
{
	const struct toml *v = tomlget(t, key);

	if (!v)
		return NULL;
	if (v->type != TOML_STRING || strlen(v->s) != v->len || strpbrk(v->s, "\r\n")) {
		tomlwarn(file, v, "package '%s': %s must be a string on one line", pkg, key);
		*bad = 1;
		return "";
	}
	return v->s;
}

/* the version part: "*" is none, a bare "1.0" means "==1.0" */
static void
addversion(struct buf *b, const char *v)
{
	while (*v == ' ')
		v++;
	if (!*v || strcmp(v, "*") == 0)
		return;
	if (*v >= '0' && *v <= '9')
		bufputs(b, "==");
	bufputs(b, v);
}

/* "://" after a scheme: a URL, not a path */
static bool
isurl(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return n > 0 && strncmp(s + n, "://", 3) == 0;
}

/* PATH taken from DIR, spelled so that pip reads it as a path */
static char *
localpath(const char *dir, const char *path)
{
	char *j = pathjoin(dir, path), *n = pathnorm(j);

	free(j);
	if (n[0] == '/' || n[0] == '.')
		return n;
	j = xasprintf("./%s", n);
	free(n);
	return j;
}

/* the line of package NAME whose value is table T */
static int
pkgtable(const char *file, const char *dir, const char *name, const struct toml *t,
    const struct toml *sources, struct strlist *out)
{
	struct buf b = {0}, extras = {0}, markers = {0};
	const char *vcs = NULL, *url = NULL, *s;
	const struct toml *v;
	int bad = 0;
	bool editable = false;

	for (size_t i = 0; i < t->n; i++)
		if (!INLIST(t->keys[i], tablekeys) && !INLIST(t->keys[i], markerkeys)
		    && !INLIST(t->keys[i], vcskeys))
			return tomlwarn(file, t->vals[i], "package '%s': unknown key '%s'", name, t->keys[i]);
	if ((v = tomlget(t, "editable"))) {
		if (v->type != TOML_BOOL)
			return tomlwarn(file, v, "package '%s': editable must be true or false", name);
		editable = v->b;
	}
	if ((v = tomlget(t, "extras"))) {
		if (v->type != TOML_ARRAY)
			return tomlwarn(file, v, "package '%s': extras must be an array of strings", name);
		for (size_t i = 0; i < v->n; i++) {
			if (v->vals[i]->type != TOML_STRING || strpbrk(v->vals[i]->s, ",[]; \t\r\n"))
				return tomlwarn(file, v->vals[i], "package '%s': an extra must be a name", name);
			bufprintf(&extras, "%s%s", i ? "," : "[", v->vals[i]->s);
		}
		if (v->n)
			bufputc(&extras, ']');
	}
	if ((s = str(file, name, t, "markers", &bad)) && *s)
		bufprintf(&markers, "(%s)", s);
	for (size_t i = 0; i < sizeof(markerkeys) / sizeof(*markerkeys); i++)
		if ((s = str(file, name, t, markerkeys[i], &bad)) && *s)
			bufprintf(&markers, "%s(%s %s)", markers.len ? " and " : "", markerkeys[i], s);
	if ((s = str(file, name, t, "index", &bad))) {
		bool found = false;
		for (size_t i = 0; sources && sources->type == TOML_ARRAY && i < sources->n && !found; i++) {
			const struct toml *n = tomlget(sources->vals[i], "name");
			found = n && n->type == TOML_STRING && strcmp(n->s, s) == 0;
		}
		/* pip has no index per package: every source is passed to it, this one among them */
		if (!found && !bad)
			bad = tomlwarn(file, tomlget(t, "index"), "package '%s': index '%s' names no [[source]]", name, s);
	}
	for (size_t i = 0; i < sizeof(vcskeys) / sizeof(*vcskeys); i++)
		if ((s = str(file, name, t, vcskeys[i], &bad)))
			vcs = vcskeys[i], url = s;
	if (bad)
		goto fail;
	const char *path = str(file, name, t, "path", &bad), *fileurl = str(file, name, t, "file", &bad);
	const char *ref = str(file, name, t, "ref", &bad), *sub = str(file, name, t, "subdirectory", &bad);
	if (bad)
		goto fail;
	if (editable && markers.len) {
		tomlwarn(file, t, "package '%s': pip takes no markers on an editable install", name);
		goto fail;
	}
	if (vcs) {
		struct buf u = {0};
		if (strncmp(url, vcs, strlen(vcs)) == 0 && url[strlen(vcs)] == '+')
			bufputs(&u, url);
		else
			bufprintf(&u, "%s+%s", vcs, url);
		if (ref && *ref)
			bufprintf(&u, "@%s", ref);
		if (editable)
			bufprintf(&b, "editable %s#egg=%s%s%s", u.s, name, sub ? "&subdirectory=" : "", sub ? sub : "");
		else
			bufprintf(&b, "req %s%s @ %s%s%s", name, extras.s ? extras.s : "", u.s,
			    sub ? "#subdirectory=" : "", sub ? sub : "");
		free(u.s);
	} else if (path || (fileurl && !isurl(fileurl))) {
		char *p = localpath(dir, path ? path : fileurl);
		bufprintf(&b, "%s %s%s", editable ? "editable" : "req", p, extras.s ? extras.s : "");
		free(p);
	} else if (fileurl) {
		bufprintf(&b, "%s %s%s @ %s", editable ? "editable" : "req", name, extras.s ? extras.s : "", fileurl);
	} else if (editable) {
		tomlwarn(file, t, "package '%s': editable needs a path or a VCS URL", name);
		goto fail;
	} else {
		bufprintf(&b, "req %s%s", name, extras.s ? extras.s : "");
		if ((s = str(file, name, t, "version", &bad)))
			addversion(&b, s);
		if (bad)
			goto fail;
	}
	if (markers.len)
		bufprintf(&b, " ; %s", markers.s);
	strlistpush(out, b.s);
	free(extras.s);
	free(markers.s);
	return 0;
fail:
	free(b.s);
	free(extras.s);
	free(markers.s);
	return -1;
}

int
pipfilepackages(const struct toml *doc, const char *file, const char *dir, const char *name,
    struct strlist *out, struct buf *canon)
{
	const struct toml *t = tomlget(doc, name), *sources = tomlget(doc, "source");

	if (INLIST(name, notcategories))
		return tomlwarn(file, NULL, "[%s] is not a package category", name);
	tomlcanonadd(canon, name, t);
	if (!t) {
		if (strcmp(name, "packages") == 0)
			return 0;	/* pipenv installs nothing then, and so do we */
		struct buf known = {0};
		for (size_t i = 0; doc->type == TOML_TABLE && i < doc->n; i++)
			if (doc->vals[i]->type == TOML_TABLE && !INLIST(doc->keys[i], notcategories))
				bufprintf(&known, "%s%s", known.len ? ", " : "", doc->keys[i]);
		tomlwarn(file, NULL, "no [%s] table (package categories: %s)", name, known.s ? known.s : "none");
		free(known.s);
		return -1;
	}
	if (t->type != TOML_TABLE)
		return tomlwarn(file, t, "[%s] is not a table", name);
	for (size_t i = 0; i < t->n; i++) {
		const char *pkg = t->keys[i];
		const struct toml *v = t->vals[i];
		if (!pkg[0] || strspn(pkg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
		    != strlen(pkg) || pkg[0] == '-')
			return tomlwarn(file, v, "[%s]: '%s' is not a package name", name, pkg);
		if (v->type == TOML_STRING) {
			struct buf b = {0};
			if (strlen(v->s) != v->len || strpbrk(v->s, "\r\n;@"))
				return tomlwarn(file, v, "package '%s': '%s' is not a version specifier", pkg, v->s);
			bufprintf(&b, "req %s", pkg);
			addversion(&b, v->s);
			strlistpush(out, b.s);
		} else if (v->type == TOML_TABLE) {
			if (pkgtable(file, dir, pkg, v, sources, out) < 0)
				return -1;
		} else {
			return tomlwarn(file, v, "package '%s': a version string or a table, not %s", pkg,
			    tomltypename(v->type));
		}
	}
	return 0;
}

/* the host (and port) of URL, without user info */
static char *
hostof(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', end - p);
	while (at) {
		p = at + 1;
		at = memchr(p, '@', end - p);
	}
	return xstrndup(p, end - p);
}

int
pipfilesources(const struct toml *doc, const char *file, struct strlist *out, struct buf *canon)
{
	const struct toml *s = tomlget(doc, "source");

	tomlcanonadd(canon, "source", s);
	if (!s)
		return 0;
	if (s->type != TOML_ARRAY)
		return tomlwarn(file, s, "source must be an array of tables ([[source]])");
	for (size_t i = 0; i < s->n; i++) {
		const struct toml *t = s->vals[i], *url, *verify;
		if (t->type != TOML_TABLE)
			return tomlwarn(file, t, "a [[source]] must be a table");
		url = tomlget(t, "url");
		if (!url || url->type != TOML_STRING || !url->s[0] || strlen(url->s) != url->len
		    || strpbrk(url->s, " \t\r\n") || url->s[0] == '-')
			return tomlwarn(file, url ? url : t, "a [[source]] needs a url, a string without spaces");
		strlistpush(out, xasprintf("opt %s %s", i ? "extra-index-url" : "index-url", url->s));
		verify = tomlget(t, "verify_ssl");
		if (verify && verify->type != TOML_BOOL)
			return tomlwarn(file, verify, "verify_ssl must be true or false");
		if (verify && !verify->b) {
			char *h = hostof(url->s);
			strlistpush(out, xasprintf("opt trusted-host %s", h));
			free(h);
		}
	}
	return 0;
}
