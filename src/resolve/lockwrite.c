/* lockwrite.c: a resolution written as pylock.toml or hash-checking requirements; pure. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "base/hash.h"
#include "parse/datetime.h"
#include "resolve/lockwrite.h"

#define FPKEY "inputs = \""
#define FPHEAD "# venvmk-inputs: "
#define DIGESTKEY "digest = \""
#define DIGESTHEAD "# venvmk-digest: "

/* S as a TOML basic string */
static void
tomlquote(struct buf *b, const char *s)
{
	bufputc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			bufprintf(b, "\\%c", *p);
		else if (*p == '\n')
			bufputs(b, "\\n");
		else if (*p == '\t')
			bufputs(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			bufprintf(b, "\\u%04x", *p);
		else
			bufputc(b, *p);
	}
	bufputc(b, '"');
}

/* S (an RFC 3339 date-time) in UTC as a TOML offset date-time, as PEP 751 records upload-time, into OUT; false when it is none */
static bool
utcdatetime(const char *s, char out[40])
{
	long long us;
	const char *why;

	if (datetimeparse(s, false, &us, &why) < 0)
		return false;
	datetimeformat(us, out);
	return true;
}

static int
pkgcmp(const void *a, const void *b)
{
	return strcmp(((const struct lwpkg *)a)->canon, ((const struct lwpkg *)b)->canon);
}

static int
filecmp(const void *a, const void *b)
{
	return strcmp(((const struct lwfile *)a)->name, ((const struct lwfile *)b)->name);
}

/* everything in LK in one order: packages by name, files by name, lists sorted */
/* qsort, but for an empty array (whose pointer may be NULL) */
static void
sortn(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

static void
lwsort(struct lwlock *lk)
{
	sortn(lk->v, lk->n, sizeof(*lk->v), pkgcmp);
	for (size_t i = 0; i < lk->n; i++) {
		struct lwpkg *p = &lk->v[i];
		sortn(p->files, p->nfiles, sizeof(*p->files), filecmp);
		sortn(p->deps.v, p->deps.n, sizeof(char *), strlistcmp);
		sortn(p->via.v, p->via.n, sizeof(char *), strlistcmp);
	}
	sortn(lk->environments.v, lk->environments.n, sizeof(char *), strlistcmp);
}

static bool
iswheel(const struct lwfile *f)
{
	return endswith(f->name, ".whl");
}

/* F as an inline table: name, upload-time, url or path, size, hashes */
static void
pyfile(struct buf *b, const struct lwfile *f)
{
	char when[40];

	bufputs(b, "{ name = ");
	tomlquote(b, f->name);
	if (f->uploadtime && utcdatetime(f->uploadtime, when))
		bufprintf(b, ", upload-time = %s", when);
	bufputs(b, f->path ? ", path = " : ", url = ");
	tomlquote(b, f->path ? f->path : f->url ? f->url : "");
	if (f->size >= 0)
		bufprintf(b, ", size = %lld", f->size);
	bufprintf(b, ", hashes = { sha256 = \"%s\" } }", f->sha256);
}

static void
pypkg(struct buf *b, const struct lwpkg *p)
{
	size_t nw = 0;

	bufputs(b, "\n[[packages]]\nname = ");
	tomlquote(b, p->canon);
	bufputs(b, "\nversion = ");
	tomlquote(b, p->version);
	if (p->index) {
		bufputs(b, "\nindex = ");
		tomlquote(b, p->index);
	}
	if (p->requirespython) {
		bufputs(b, "\nrequires-python = ");
		tomlquote(b, p->requirespython);
	}
	bufputc(b, '\n');
	if (p->deps.n) {
		bufputs(b, "dependencies = [");
		for (size_t i = 0; i < p->deps.n; i++) {
			bufputs(b, i ? ", { name = " : "{ name = ");
			tomlquote(b, p->deps.v[i]);
			bufputs(b, " }");
		}
		bufputs(b, "]\n");
	}
	for (size_t i = 0; i < p->nfiles; i++)
		if (!iswheel(&p->files[i]) && !nw++) {
			/* PEP 751 holds one sdist: the first by name */
			bufputs(b, "sdist = ");
			pyfile(b, &p->files[i]);
			bufputc(b, '\n');
		}
	nw = 0;
	for (size_t i = 0; i < p->nfiles; i++)
		if (iswheel(&p->files[i])) {
			bufputs(b, nw++ ? "    " : "wheels = [\n    ");
			pyfile(b, &p->files[i]);
			bufputs(b, ",\n");
		}
	if (nw)
		bufputs(b, "]\n");
}

char *
lockwritepylock(struct lwlock *lk)
{
	struct buf b = {0};

	lwsort(lk);
	bufputs(&b, "# This file is written by venvmk lock: do not edit it by hand.\n");
	if (lk->regen)
		bufprintf(&b, "# To bring it up to date: %s\n", lk->regen);
	bufputs(&b, "lock-version = \"1.0\"\n");
	if (lk->environments.n) {
		bufputs(&b, "environments = [");
		for (size_t i = 0; i < lk->environments.n; i++) {
			if (i)
				bufputs(&b, ", ");
			tomlquote(&b, lk->environments.v[i]);
		}
		bufputs(&b, "]\n");
	}
	if (lk->requirespython) {
		bufputs(&b, "requires-python = ");
		tomlquote(&b, lk->requirespython);
		bufputc(&b, '\n');
	}
	bufputs(&b, "created-by = \"venvmk\"\n");
	for (size_t i = 0; i < lk->n; i++)
		pypkg(&b, &lk->v[i]);
	bufputs(&b, "\n[tool.venvmk]\n");
	if (lk->excludenewer) {
		bufputs(&b, "exclude-newer = ");
		tomlquote(&b, lk->excludenewer);
		bufputc(&b, '\n');
	}
	if (lk->fp)
		bufprintf(&b, "%s%s\"\n", FPKEY, lk->fp);
	return b.s;
}

char *
lockwritereqs(struct lwlock *lk)
{
	struct buf b = {0};

	lwsort(lk);
	bufputs(&b, "#\n# This file is written by venvmk lock.");
	if (lk->regen)
		bufprintf(&b, " To bring it up to date, run:\n#\n#    %s\n#", lk->regen);
	bufputs(&b, "\n");
	if (lk->excludenewer)
		bufprintf(&b, "# venvmk-exclude-newer: %s\n", lk->excludenewer);
	if (lk->fp)
		bufprintf(&b, "%s%s\n", FPHEAD, lk->fp);
	bufputs(&b, "#\n");
	for (size_t i = 0; i < lk->n; i++) {
		const struct lwpkg *p = &lk->v[i];
		bufprintf(&b, "%s==%s", p->canon, p->version);
		for (size_t k = 0; k < p->nfiles; k++)
			bufprintf(&b, " \\\n    --hash=sha256:%s", p->files[k].sha256);
		bufputc(&b, '\n');
		if (p->via.n == 1)
			bufprintf(&b, "    # via %s\n", p->via.v[0]);
		else if (p->via.n > 1) {
			bufputs(&b, "    # via\n");
			for (size_t k = 0; k < p->via.n; k++)
				bufprintf(&b, "    #   %s\n", p->via.v[k]);
		}
	}
	return b.s;
}

/* the line of TEXT that records KEY (the fingerprint: FPKEY in [tool.venvmk], or FPHEAD), and its value's start, or NULL */
static const char *
keyline(const char *text, const char *key, const char *head, const char **value)
{
	bool tool = false;

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, head, strlen(head)) == 0) {
			*value = l + strlen(head);
			return l;
		}
		if (*l == '[')
			tool = strncmp(l, "[tool.venvmk]", 13) == 0;
		if (tool && strncmp(l, key, strlen(key)) == 0) {
			*value = l + strlen(key);
			return l;
		}
	}
	return NULL;
}

/* the 64 hex digits recorded under KEY or HEAD in TEXT, or NULL; newly allocated */
static char *
keyvalue(const char *text, const char *key, const char *head)
{
	const char *v;

	if (!keyline(text, key, head, &v) || strspn(v, "0123456789abcdef") != 64)
		return NULL;
	return xstrndup(v, 64);
}

char *
lockwrittenfp(const char *text)
{
	return keyvalue(text, FPKEY, FPHEAD);
}

/* TEXT without its line for KEY/HEAD; newly allocated */
static char *
withoutline(const char *text, const char *key, const char *head)
{
	const char *v, *l = keyline(text, key, head, &v);
	struct buf b = {0};

	if (!l)
		return xstrdup(text);
	bufadd(&b, text, l - text);
	l += strcspn(l, "\n");
	bufputs(&b, *l ? l + 1 : l);
	return b.s ? b.s : xstrdup("");
}

char *
lockwithoutfp(const char *text)
{
	char *a = withoutline(text, FPKEY, FPHEAD), *b = withoutline(a, DIGESTKEY, DIGESTHEAD);

	free(a);
	return b;
}

/* the digest of TEXT as it counts: all but the lines that record the fingerprint and the digest */
static void
lockdigest(const char *text, char hex[65])
{
	char *body = lockwithoutfp(text);

	hashbytes(body, strlen(body), hex);
	free(body);
}

char *
lockseal(const char *text)
{
	const char *v, *l, *next;
	struct buf b = {0};
	char hex[65], *t = xstrdup(text);

	/* a digest already there is replaced: one text, one digest */
	while (keyline(t, DIGESTKEY, DIGESTHEAD, &v)) {
		char *u = withoutline(t, DIGESTKEY, DIGESTHEAD);
		free(t);
		t = u;
	}
	if (!(l = keyline(t, FPKEY, FPHEAD, &v)))
		return t;
	lockdigest(t, hex);
	next = l + strcspn(l, "\n");
	next += *next == '\n';
	bufadd(&b, t, next - t);
	if (next[-1] != '\n')
		bufputc(&b, '\n');	/* the fingerprint's line ended the text */
	if (strncmp(l, FPKEY, strlen(FPKEY)) == 0)
		bufprintf(&b, "%s%s\"\n", DIGESTKEY, hex);
	else
		bufprintf(&b, "%s%s\n", DIGESTHEAD, hex);
	bufputs(&b, next);
	free(t);
	return b.s;
}

bool
lockintact(const char *text)
{
	char *d = keyvalue(text, DIGESTKEY, DIGESTHEAD), hex[65];
	bool ok = false;

	if (d) {
		lockdigest(text, hex);
		ok = strcmp(d, hex) == 0;
	}
	free(d);
	return ok;
}

struct lwpkg *
lwadd(struct lwlock *lk, const char *name, const char *canon, const char *version)
{
	lk->v = xrealloc(lk->v, (lk->n + 1) * sizeof(*lk->v));
	struct lwpkg *p = &lk->v[lk->n++];
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->canon = xstrdup(canon);
	p->version = xstrdup(version);
	return p;
}

struct lwfile *
lwaddfile(struct lwpkg *p, const char *name)
{
	p->files = xrealloc(p->files, (p->nfiles + 1) * sizeof(*p->files));
	struct lwfile *f = &p->files[p->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->size = -1;
	return f;
}

void
lwlockclear(struct lwlock *lk)
{
	for (size_t i = 0; i < lk->n; i++) {
		struct lwpkg *p = &lk->v[i];
		for (size_t k = 0; k < p->nfiles; k++) {
			free(p->files[k].name);
			free(p->files[k].url);
			free(p->files[k].path);
			free(p->files[k].uploadtime);
		}
		free(p->files);
		free(p->name);
		free(p->canon);
		free(p->version);
		free(p->index);
		free(p->requirespython);
		strlistclear(&p->deps);
		free(p->deps.v);
		strlistclear(&p->via);
		free(p->via.v);
	}
	free(lk->v);
	free(lk->requirespython);
	strlistclear(&lk->environments);
	free(lk->environments.v);
	free(lk->fp);
	free(lk->excludenewer);
	free(lk->regen);
	memset(lk, 0, sizeof(*lk));
}
