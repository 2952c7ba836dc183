/* tomlreq.c: pyproject.toml and Pipfile as inputs, read from disk; no process is started. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "base/hash.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "parse/pyproject.h"
#include "parse/pipfile.h"
#include "inputs/tomlreq.h"

/* one file read: its tree, and the canonical form of what was taken from it */
struct tfile {
	char *path;
	enum tomlkind kind;
	struct toml *doc;
	struct buf canon;
	bool sources;		/* a Pipfile's [[source]] is taken */
};

struct ctx {
	struct reqset *rs;
	struct strlist *args;
	const char *label;
	struct tfile *f;
	size_t n;
	struct strlist seen;	/* every line emitted, each once */
	bool anyreq;
};

enum tomlkind
tomlreqkind(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strcmp(base, "pyproject.toml") == 0)
		return TOMLREQ_PYPROJECT;
	if (strcmp(base, "Pipfile") == 0)
		return TOMLREQ_PIPFILE;
	return TOMLREQ_NONE;
}

void
tomlreqgroup(const struct env *e, const char *g, char **path, char **name)
{
	const char *colon = strrchr(g, ':');

	if (colon) {
		*path = xstrndup(g, colon - g);
		*name = xstrdup(colon + 1);
		return;
	}
	*name = xstrdup(g);
	for (size_t i = 0; i < e->requirements.n; i++)
		if (tomlreqkind(e->requirements.v[i]) == TOMLREQ_PIPFILE) {
			*path = xstrdup(e->requirements.v[i]);
			return;
		}
	*path = xstrdup("pyproject.toml");
}

/* PATH read and parsed (once), or NULL after saying why */
static struct tfile *
load(struct ctx *c, const char *path)
{
	struct buf b = {0};
	char *norm = pathnorm(path);
	struct toml *doc;

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->f[i].path, norm) == 0) {
			free(norm);
			return &c->f[i];
		}
	if (readfile(norm, &b) < 0) {
		warn("%s: %s:", c->label, path);
		free(norm);
		return NULL;
	}
	doc = tomlparse(b.s ? b.s : "", b.len, norm);
	free(b.s);
	if (!doc) {
		free(norm);
		return NULL;
	}
	if (strlistfind(&c->rs->files, norm) < 0)
		strlistadd(&c->rs->files, norm);
	c->f = xrealloc(c->f, (c->n + 1) * sizeof(*c->f));
	c->f[c->n] = (struct tfile){ norm, tomlreqkind(norm), doc, {0}, false };
	return &c->f[c->n++];
}

/* a line of KIND ("req", "editable", "opt") with TEXT as pip takes it */
static void
emit(struct ctx *c, const char *kind, const char *text)
{
	char *key = xasprintf("%s %s", kind, text);

	if (strlistfind(&c->seen, key) >= 0) {
		free(key);
		return;
	}
	strlistpush(&c->seen, key);
	if (strcmp(kind, "opt") == 0) {
		/* an index URL may hold ${USER}-style credentials, as pipenv allows */
		char *x = reqexpand(c->rs, text);
		size_t n = strcspn(x, " ");
		strlistpush(&c->rs->lines, xasprintf("opt %s", x));
		if (c->args) {
			strlistpush(c->args, xasprintf("--%.*s", (int)n, x));
			if (x[n])
				strlistadd(c->args, x + n + 1);
		}
		free(x);
		return;
	}
	reqinline(c->rs, kind, text);
	if (c->args) {
		if (strcmp(kind, "editable") == 0)
			strlistadd(c->args, "-e");
		strlistadd(c->args, text);
	}
	c->anyreq = true;
}

/* the lines of a Pipfile's category NAME, after its sources */
static int
pipcategory(struct ctx *c, struct tfile *f, const char *name)
{
	struct strlist lines = {0};
	char *dir = pathdir(f->path);
	int ret = 0;

	if (!f->sources) {
		f->sources = true;
		ret = pipfilesources(f->doc, f->path, &lines, &f->canon);
	}
	if (ret == 0)
		ret = pipfilepackages(f->doc, f->path, dir, name, &lines, &f->canon);
	for (size_t i = 0; i < lines.n && ret == 0; i++) {
		char *sp = strchr(lines.v[i], ' ');
		*sp = '\0';
		emit(c, lines.v[i], sp + 1);
	}
	strlistclear(&lines);
	free(lines.v);
	free(dir);
	return ret;
}

static void
emitreqs(struct ctx *c, struct strlist *reqs)
{
	for (size_t i = 0; i < reqs->n; i++)
		emit(c, "req", reqs->v[i]);
	strlistclear(reqs);
}

static int
readall(struct ctx *c, const struct env *e)
{
	struct strlist reqs = {0};
	struct tfile *f;
	bool pyreq = false;
	int ret = 0;

	for (size_t i = 0; i < e->requirements.n && ret == 0; i++) {
		if (!tomlreqkind(e->requirements.v[i]))
			continue;
		if (!(f = load(c, e->requirements.v[i])))
			return -1;
		if (f->kind == TOMLREQ_PYPROJECT) {
			pyreq = true;
			ret = pyprojectdeps(f->doc, f->path, &e->extras, &reqs, &f->canon);
			emitreqs(c, &reqs);
		} else {
			ret = pipcategory(c, f, "packages");
		}
	}
	if (ret == 0 && e->extras.n && !pyreq) {
		warn("%s: extra '%s': no pyproject.toml among the requirements to take it from "
		    "(for a local project, write -e '.[%s]')", c->label, e->extras.v[0], e->extras.v[0]);
		ret = -1;
	}
	for (size_t i = 0; i < e->groups.n && ret == 0; i++) {
		char *path, *name;
		tomlreqgroup(e, e->groups.v[i], &path, &name);
		if (!tomlreqkind(path) || !name[0]) {
			warn("%s: group '%s': expected NAME or PATH:NAME, PATH a pyproject.toml or a Pipfile",
			    c->label, e->groups.v[i]);
			ret = -1;
		} else if (!(f = load(c, path))) {
			ret = -1;
		} else if (f->kind == TOMLREQ_PYPROJECT) {
			ret = pyprojectgroup(f->doc, f->path, name, &reqs, &f->canon);
			emitreqs(c, &reqs);
		} else {
			ret = pipcategory(c, f, name);
		}
		free(path);
		free(name);
	}
	free(reqs.v);
	return ret;
}

/* tomlreqread, saying in *ANYREQ whether any line is a requirement */
static int
readinto(struct reqset *rs, const struct env *e, struct strlist *args, bool *anyreq)
{
	struct ctx c = { rs, args, envlabel(e), NULL, 0, {0}, false };
	int ret = readall(&c, e);

	for (size_t i = 0; i < c.n; i++) {
		char hex[65];
		hashbytes(c.f[i].canon.s ? c.f[i].canon.s : "", c.f[i].canon.len, hex);
		strlistpush(&rs->digests, xasprintf("%s\t%s", c.f[i].path, hex));
		deltoml(c.f[i].doc);
		free(c.f[i].canon.s);
		free(c.f[i].path);
	}
	free(c.f);
	strlistclear(&c.seen);
	free(c.seen.v);
	*anyreq = c.anyreq;
	return ret;
}

int
tomlreqread(struct reqset *rs, const struct env *e, struct strlist *args)
{
	bool any;

	return readinto(rs, e, args, &any);
}

bool
tomlreqpipargs(const struct env *e, struct strlist *argv)
{
	struct reqset rs = {0};
	size_t n = argv->n, i;
	bool any;

	for (i = 0; i < e->requirements.n && !tomlreqkind(e->requirements.v[i]); i++)
		;
	if (i == e->requirements.n && !e->extras.n && !e->groups.n)
		return false;
	if (readinto(&rs, e, argv, &any) < 0) {
		/*
		 * The sync read these files a moment ago; now one is unreadable or broken
		 * (said above). Make pip fail rather than install a part of them.
		 */
		while (argv->n > n)
			free(argv->v[--argv->n]);
		strlistadd(argv, "--venvmk-error=an-input-changed-during-the-sync");
		return true;
	}
	return any;
}

int
tomlreqproject(struct reqset *rs, const char *path, char hex[65])
{
	struct buf b = {0}, canon = {0};
	struct toml *doc;

	if (readfile(path, &b) < 0) {
		strcpy(hex, "-");
		return 0;
	}
	doc = tomlparse(b.s ? b.s : "", b.len, path);
	free(b.s);
	if (!doc)
		return -1;
	pyprojectcanon(doc, &canon);
	deltoml(doc);
	hashbytes(canon.s ? canon.s : "", canon.len, hex);
	free(canon.s);
	strlistpush(&rs->digests, xasprintf("%s\t%s", path, hex));
	return 0;
}
