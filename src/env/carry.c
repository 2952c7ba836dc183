/* carry.c: a recreate carries over the replaced env's own files that are still as venvmk placed them. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "cache/cacheentry.h"
#include "env/place.h"
#include "env/carry.h"

/*
 * Why a file so carried over is what a clone from the cache would be:
 * - txnplaced marks the env after a sync in which venvmk placed every file (no pip
 *   installed into it), after that sync's last change; any other good sync removes
 *   the mark. A sync that fails or is killed leaves it, and every file that sync touched
 *   (linked, unlinked, replaced) has a later ctime.
 * - The env's record names the entries its files came from; with no file placed over
 *   another, the file at a place in the lib dir is the one of the entry that has it.
 * - A file changed since (written, truncated, chmod, chown, renamed, linked) has a
 *   ctime at or after the mark; a tie counts as changed. Only a clock set back between
 *   the mark and the change could hide it (txnbegin refuses a mark from the future).
 */

void
carrysetup(struct placer *p, const struct sync *s)
{
	const char *kept = s && s->keptfor && strcmp(p->prefix, s->keptfor) == 0 ? s->kept : NULL;
	struct timespec since = s ? s->since : (struct timespec){ 0, 0 };
	enum linkmode mode;
	size_t n[4], x[2];
	struct stat st;
	char *path;

	if (!kept)
		return;
	path = pathjoin(kept, PLACERECORD);
	if (lstat(path, &st) == 0 && st.st_nlink == 1 && tsbefore(st.st_ctim, since)
	    && placerecord(kept, &mode, n, x, &p->from) == 0 && x[0] == 0 && p->from.n > 0) {
		p->kept = xstrdup(kept);
		p->keptmode = mode;
		p->since = since;
	}
	free(path);
}

int
carryfile(const struct placer *p, const char *dest, mode_t perm, const struct mfile *want)
{
	size_t n = strlen(p->prefix);
	struct stat st;
	char *old;
	int r = 1;

	if (strncmp(dest, p->prefix, n) != 0 || dest[n] != '/')
		return 1;
	old = pathjoin(p->kept, dest + n + 1);
	if (lstat(old, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && (st.st_mode & 07777) == perm
	    && st.st_uid == geteuid() && st.st_size == want->size
	    && (!endswith(dest, ".py") || (st.st_mtim.tv_sec == want->sec && st.st_mtim.tv_nsec == want->nsec))
	    && tsbefore(st.st_ctim, p->since) && link(old, dest) == 0)
		r = 0;
	free(old);
	return r;
}

/* where this sync's placers (this process's) put files into the env being made */
static struct {
	char *prefix;
	struct strlist dests;
} made;

void
carrybegin(const char *prefix)
{
	free(made.prefix);
	made.prefix = xstrdup(prefix);
	strlistclear(&made.dests);
}

void
carryplan(const char *prefix, const char *dest)
{
	if (!made.prefix || strcmp(made.prefix, prefix) != 0)
		carrybegin(prefix);
	strlistadd(&made.dests, dest);
}

size_t
carryoverlaps(const char *prefix)
{
	struct strlist *d = &made.dests;
	size_t over = 0;

	if (!made.prefix || strcmp(made.prefix, prefix) != 0)
		return 0;
	qsort(d->v, d->n, sizeof(*d->v), strlistcmp);
	for (size_t i = 1; i < d->n; i++)
		over += strcmp(d->v[i - 1], d->v[i]) == 0;
	return over;
}
