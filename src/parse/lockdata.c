/* lockdata.c: a lock's packages built and freed, and a lock parsed by the reader its name calls for; pure. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/lockdata.h"
#include "parse/pylock.h"
#include "parse/pipfilelock.h"
#include "parse/uvlock.h"

struct lockpkg *
lockadd(struct lock *lk, enum lockpkgkind kind, int line)
{
	if (lk->n == lk->cap) {
		lk->cap = lk->cap ? 2 * lk->cap : 16;
		lk->v = xrealloc(lk->v, lk->cap * sizeof(*lk->v));
	}
	struct lockpkg *p = &lk->v[lk->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->line = line;
	return p;
}

static void
freelist(struct strlist *l)
{
	strlistclear(l);
	free(l->v);
}

void
lockclear(struct lock *lk)
{
	if (!lk)
		return;
	for (size_t i = 0; i < lk->n; i++) {
		struct lockpkg *p = &lk->v[i];
		free(p->name);
		free(p->canon);
		free(p->version);
		free(p->marker);
		free(p->requirespython);
		for (size_t k = 0; k < p->ndists; k++) {
			free(p->dists[k].name);
			free(p->dists[k].url);
			free(p->dists[k].path);
		}
		free(p->dists);
		freelist(&p->hashes);
		freelist(&p->extras);
		free(p->index);
		free(p->pipreq);
		for (size_t k = 0; k < p->nedges; k++) {
			free(p->edges[k].marker);
			freelist(&p->edges[k].extras);
			free(p->edges[k].via);
		}
		free(p->edges);
	}
	free(lk->v);
	free(lk->path);
	free(lk->requirespython);
	free(lk->metahash);
	freelist(&lk->environments);
	freelist(&lk->extras);
	freelist(&lk->groups);
	freelist(&lk->defaultgroups);
	memset(lk, 0, sizeof(*lk));
}

/* the form of the lock file PATH by its name: uv.lock, Pipfile.lock (any other *.lock or *.json) or pylock */
static enum lockform
lockformof(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (strcmp(base, "uv.lock") == 0)
		return LOCK_UV;
	if (n >= 5 && (strcmp(base + n - 5, ".lock") == 0 || strcmp(base + n - 5, ".json") == 0))
		return LOCK_PIPFILE;
	return LOCK_PYLOCK;
}

int
lockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon)
{
	memset(lk, 0, sizeof(*lk));
	lk->path = xstrdup(path);
	if (lockformof(path) == LOCK_PIPFILE) {
		lk->form = LOCK_PIPFILE;
		return pipfilelockparse(lk, text, len, path, canon);
	}
	if (lockformof(path) == LOCK_UV) {
		lk->form = LOCK_UV;
		return uvlockparse(lk, text, len, path, canon);
	}
	lk->form = LOCK_PYLOCK;
	return pylockparse(lk, text, len, path, canon);
}
