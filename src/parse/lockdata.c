/* lockdata.c: a lock's packages built and freed; pure. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/lockdata.h"

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
