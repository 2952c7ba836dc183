/* lockfresh.c: the pip-compile workflow: an env that declares both its inputs and a lock is
 * installed from the lock, which a sync first brings up to date with the inputs as venvmk
 * lock would. The check costs stats alone while the inputs and the lock are as the last
 * check left them (STATE_LOCKIN records their stat keys, the declaration and the tracked
 * variables). */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "parse/lockin.h"
#include "sync/fprint.h"
#include "sync/sync.h"
#include "sync/lockwriter.h"
#include "sync/lockfresh.h"

bool
lockfrominputs(const struct env *e)
{
	return e->lock && (e->requirements.n || e->constraints.n || e->packages.n);
}

void
lockview(const struct env *e, struct env *view)
{
	*view = *e;
	/* the lists are the declaration's: the view only hides them */
	memset(&view->requirements, 0, sizeof(view->requirements));
	memset(&view->constraints, 0, sizeof(view->constraints));
	memset(&view->packages, 0, sizeof(view->packages));
	memset(&view->extras, 0, sizeof(view->extras));
	memset(&view->groups, 0, sizeof(view->groups));
	view->reqoptional = false;
}

/* the record of E's lock inputs as they are now: the declaration, the tracked variables, and "file STATKEY\tPATH" for FILES ("STATKEY\tSHA\tPATH") and the lock */
static char *
recordtext(const struct env *e, const struct strlist *files)
{
	struct lockin rec = {0};
	struct buf key = {0};
	struct strlist track = {0};
	char decl[65], *text;
	struct stat st;

	fprintdecl(e, decl);
	rec.decl = xstrdup(decl);
	fprinttrack(e, &track);
	for (size_t i = 0; i < track.n; i++)
		lockinadd(&rec, track.v[i], NULL, NULL);
	for (size_t i = 0; i < files->n; i++) {
		const char *tab = strchr(files->v[i], '\t'), *path = strrchr(files->v[i], '\t');
		if (!tab || !path)
			continue;
		char *k = xstrndup(files->v[i], tab - files->v[i]);
		lockinadd(&rec, NULL, k, path + 1);
		free(k);
	}
	if (stat(e->lock, &st) == 0) {
		statkey(&st, &key);
		lockinadd(&rec, NULL, key.s, e->lock);
	}
	text = lockinformat(&rec);
	lockinclear(&rec);
	strlistclear(&track);
	free(track.v);
	free(key.s);
	return text;
}

/* is the record TEXT what E's lock inputs are now (decl, variables, stats)? Its files go into WATCH */
static bool
recordholds(const char *text, const struct env *e, struct strlist *watch)
{
	struct lockin rec;
	struct strlist track = {0};
	struct buf key = {0};
	char decl[65];
	size_t ntrack = 0;
	bool ok;

	fprintdecl(e, decl);
	fprinttrack(e, &track);
	lockinparse(&rec, text);
	ok = rec.decl && strcmp(rec.decl, decl) == 0;
	for (size_t i = 0; ok && i < rec.n; i++) {
		const struct lockinline *l = &rec.v[i];
		struct stat st;
		if (l->track) {
			ok = ntrack < track.n && strcmp(track.v[ntrack++], l->track) == 0;
			continue;
		}
		bufreset(&key);
		ok = stat(l->path, &st) == 0 && (statkey(&st, &key), strcmp(l->key, key.s) == 0);
		if (watch)
			strlistadd(watch, l->path);
	}
	ok = ok && ntrack == track.n;
	lockinclear(&rec);
	strlistclear(&track);
	free(track.v);
	free(key.s);
	return ok;
}

int
lockfreshen(const struct env *e, const struct syncopts *o, const char *statedir, struct strlist *watch)
{
	char *rec = pathjoin(statedir, STATE_LOCKIN), *text = NULL;
	struct buf b = {0};
	struct strlist files = {0};
	struct lockopts lo = { .upgrade = o->upgrade };
	bool upgrading = o->upgrade || (o->upgrades && o->upgrades->n);
	int ret = 0;

	if (!upgrading && readfile(rec, &b) == 0 && b.s && recordholds(b.s, e, watch))
		goto out;
	if (o->upgrades)
		strlistcopy(&lo.upgrades, o->upgrades);
	/* the header says how to bring it up to date: through make when make runs the sync */
	char *regen = getenv("MAKELEVEL") ? xstrdup("make lock") : e->name ? xasprintf("venvmk lock %s", e->name)
	    : xstrdup("venvmk lock (with the env's declaration flags)");
	lo.regen = regen;
	ret = synclock(e, o, &lo, NULL, &files);
	free(regen);
	if (ret == 0) {
		text = recordtext(e, &files);
		for (size_t i = 0; watch && i < files.n; i++)
			strlistadd(watch, strrchr(files.v[i], '\t') + 1);
		if (watch)
			strlistadd(watch, e->lock);
		if (writefileatomic(rec, text, strlen(text)) < 0)
			warn("%s: write %s:", envlabel(e), rec);	/* only a shortcut: the next sync checks again */
	}
out:
	strlistclear(&lo.upgrades);
	free(lo.upgrades.v);
	strlistclear(&files);
	free(files.v);
	free(text);
	free(b.s);
	free(rec);
	return ret;
}

int
lockstale(const struct env *e, const char *statedir)
{
	char *rec = pathjoin(statedir, STATE_LOCKIN);
	struct buf b = {0};
	bool holds = readfile(rec, &b) == 0 && b.s && recordholds(b.s, e, NULL);

	free(b.s);
	free(rec);
	return holds ? 0 : lockcurrentwith(e);
}
