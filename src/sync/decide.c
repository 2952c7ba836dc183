/* decide.c: fingerprint vs state → nothing | install | recreate, with a reason. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "sync/state.h"
#include "sync/reqdiff.h"
#include "sync/decide.h"

const char *
actionname(enum action a)
{
	static const char *const names[] = {
		[ACT_NONE] = "up to date",
		[ACT_CREATE] = "creating",
		[ACT_RECREATE] = "recreating",
		[ACT_INSTALL] = "refreshing",
	};
	return names[a];
}

/* does PATH have the stat identity KEY now ("-" for absent)? FULL: ctime too */
static bool
samestat(const char *path, const char *key, bool full)
{
	struct stat st;
	struct buf b = {0};
	bool same;

	if (stat(path, &st) < 0)
		return strcmp(key, "-") == 0;
	if (full)
		statkey(&st, &b);
	else
		statid(&st, &b);
	same = strcmp(b.s, key) == 0;
	free(b.s);
	return same;
}

static bool
samelist(const struct strlist *a, const struct strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/* "${NAME} values as recorded: "NAME=VALUE" set, "NAME" unset or empty */
static bool
samevars(const struct strlist *vars)
{
	for (size_t i = 0; i < vars->n; i++) {
		const char *eq = strchr(vars->v[i], '=');
		char *name = eq ? xstrndup(vars->v[i], eq - vars->v[i]) : xstrdup(vars->v[i]);
		const char *v = getenv(name);
		bool same = eq ? v && strcmp(v, eq + 1) == 0 : !v || !*v;
		free(name);
		if (!same)
			return false;
	}
	return true;
}

/* nothing the state recorded has moved: every file, variable and the declaration */
static bool
fastfresh(const struct env *e, const struct state *st, struct inputs *x)
{
	struct strlist track = {0};
	bool same;

	if (strcmp(st->decl, x->decl) != 0)
		return false;
	fprinttrack(e, &track);
	same = samelist(&track, &st->track);
	strlistclear(&track);
	free(track.v);
	if (!same || !samevars(&st->vars))
		return false;
	for (size_t i = 0; i < st->files.n; i++) {
		const char *f = st->files.v[i];
		const char *t1 = strchr(f, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			return false;
		char *key = xstrndup(f, t1 - f);
		same = samestat(t2 + 1, key, true);
		free(key);
		if (!same)
			return false;
	}
	for (size_t i = 0; i < st->absent.n; i++)
		if (access(st->absent.v[i], F_OK) == 0)
			return false;
	return true;
}

static const char *
pathof(const char *fileline)
{
	const char *t = strrchr(fileline, '\t');
	return t ? t + 1 : fileline;
}

static const char *
hashof(const char *fileline, size_t *n)
{
	const char *t1 = strchr(fileline, '\t');
	const char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

	*n = t2 ? (size_t)(t2 - t1 - 1) : 0;
	return t1 ? t1 + 1 : fileline;
}

/* the recorded file line of PATH in ST, or NULL */
static const char *
filein(const struct strlist *files, const char *p)
{
	for (size_t j = 0; j < files->n; j++)
		if (strcmp(pathof(files->v[j]), p) == 0)
			return files->v[j];
	return NULL;
}

/* does the input file line A (now) differ from B (recorded) in what counts? */
static bool
filechanged(const char *a, const char *b)
{
	size_t n, m;
	const char *h = hashof(a, &n), *g = hashof(b, &m);
	size_t k = strcspn(a, "\t");

	/* the same stat key: the file is as it was, only what is read from it changed
	 * (another extra or group): the declaration says why */
	return (n != m || strncmp(h, g, n) != 0)
	    && (k != strcspn(b, "\t") || strncmp(a, b, k) != 0);
}

/* name every input that changed between the recorded state and the inputs now, into L */
static void
whatchanged(const struct state *st, const struct inputs *x, struct strlist *l)
{
	size_t before;

	for (size_t i = 0; i < x->files.n; i++) {
		const char *p = pathof(x->files.v[i]), *was = filein(&st->files, p);
		if (!was)
			strlistpush(l, xasprintf("%s added", p));
		else if (filechanged(x->files.v[i], was))
			strlistpush(l, xasprintf("%s changed", p));
	}
	for (size_t j = 0; j < st->files.n; j++) {
		const char *p = pathof(st->files.v[j]);
		if (!filein(&x->files, p))
			strlistpush(l, xasprintf("%s is no longer an input", p));
	}
	before = l->n;
	for (size_t i = 0; i < x->track.n; i++)
		if (strlistfind(&st->track, x->track.v[i]) < 0) {
			size_t n = strcspn(x->track.v[i], "=");
			strlistpush(l, xasprintf("%.*s changed", (int)n, x->track.v[i]));
		}
	if (l->n == before && !samelist(&x->track, &st->track))
		strlistadd(l, "tracked environment variables changed");
	if (!samevars(&st->vars) || !samelist(&x->rs.vars, &st->vars))
		strlistadd(l, "a ${VAR} in a requirements file changed");
	if (strcmp(st->impl, x->in.impl) != 0 || strcmp(st->version, x->in.version) != 0)
		strlistpush(l, xasprintf("interpreter changed (%s %s → %s %s)", st->impl, st->version,
		    x->in.impl, x->in.version));
	if (strcmp(st->decl, x->decl) != 0)
		strlistadd(l, "declaration changed");
}

/* REASON, then each of L that it does not name yet, joined by ", " (REASON freed; L cleared) */
static char *
joinreasons(char *reason, struct strlist *l)
{
	struct buf b = {0};

	if (reason)
		bufputs(&b, reason);
	for (size_t i = 0; i < l->n; i++) {
		if (reason && strncmp(l->v[i], "interpreter changed", 19) == 0 && strncmp(reason, "interpreter", 11) == 0)
			continue;
		if (b.len)
			bufputs(&b, ", ");
		bufputs(&b, l->v[i]);
	}
	free(reason);
	strlistclear(l);
	free(l->v);
	return b.s ? b.s : xstrdup("inputs changed");
}

/* are the recorded requirement lines all still there? (X's are sorted) */
static bool
onlyadded(const struct state *st, const struct inputs *x)
{
	if (x->reqlines.n == 0)
		return st->reqlines.n == 0;
	for (size_t i = 0; i < st->reqlines.n; i++)
		if (!bsearch(&st->reqlines.v[i], x->reqlines.v, x->reqlines.n, sizeof(*x->reqlines.v), strlistcmp))
			return false;
	return true;
}

int
decide(struct decision *d, const struct env *e, const struct state *st, struct inputs *x,
    const char *statedir, const char *sharedfile, bool write)
{
	const char *dir = e->dir;
	char *cache = pathjoin(statedir, STATE_INTERP);
	char *p;
	struct stat sb;
	int ret;

	memset(d, 0, sizeof(*d));
	ret = interpresolve(&x->in, e->python, cache, sharedfile, write, envlabel(e));
	free(cache);
	if (ret < 0)
		return -1;
	fprintdecl(e, x->decl);
	x->where = pathabs(dir);

	if (lstat(dir, &sb) < 0) {
		d->act = ACT_CREATE;
		d->reason = xstrdup("creating");
	} else if (!S_ISDIR(sb.st_mode)) {
		d->act = ACT_RECREATE;	/* refused by the safety check */
		d->reason = xstrdup("not a directory");
	} else if (p = pathjoin(dir, "pyvenv.cfg"), ret = access(p, F_OK), free(p), ret < 0) {
		d->act = ACT_RECREATE;
		d->reason = xstrdup("pyvenv.cfg missing");
	} else if (p = pathjoin(dir, "bin/python"), ret = stat(p, &sb), free(p), ret < 0) {
		d->act = ACT_RECREATE;
		d->reason = xstrdup("bin/python is missing or dangling");
	} else if (!st->present) {
		d->act = ACT_RECREATE;
		d->reason = xstrdup("no record of a finished sync");
	} else if (st->where && x->where && strcmp(st->where, x->where) != 0) {
		/* scripts and activate name the old path: only a rebuild here is whole */
		d->act = ACT_RECREATE;
		d->reason = xasprintf("moved from %s", st->where);
	} else if (strcmp(st->real, x->in.real) != 0 || strcmp(st->realkey, x->in.realkey) != 0) {
		d->act = ACT_RECREATE;
		if (strcmp(st->version, x->in.version) != 0 || strcmp(st->impl, x->in.impl) != 0)
			d->reason = xasprintf("interpreter changed (%s %s → %s %s)", st->impl, st->version,
			    x->in.impl, x->in.version);
		else if (strcmp(st->real, x->in.real) != 0)
			d->reason = xasprintf("interpreter changed (%s → %s)", st->real, x->in.real);
		else
			d->reason = xasprintf("interpreter %s was replaced in place", x->in.real);
	} else if (!samestat(st->site, st->sitekey, false) || (p = pathjoin(dir, "bin"),
	    ret = samestat(p, st->binkey, false), free(p), !ret)) {
		d->act = ACT_RECREATE;
		d->reason = xstrdup(stateunfinished(statedir) ? "the last sync did not finish"
		    : "the env was changed by hand since the last sync");
	} else if (fastfresh(e, st, x)) {
		memcpy(x->fp, st->fp, sizeof(x->fp));
		d->act = ACT_NONE;
		return 0;
	}

	if (fprintcompute(x, e) < 0)
		return -1;
	d->computed = true;
	if (d->act == ACT_CREATE)
		return 0;
	if (!st->present || strcmp(st->fp, x->fp) == 0) {
		if (!d->reason) {
			d->act = ACT_NONE;
			d->refresh = true;
		}
		return 0;
	}
	/* every input that changed, beside what else makes a rebuild; the lines that changed */
	struct strlist what = {0};
	whatchanged(st, x, &what);
	reqdiff(&st->reqlines, &x->reqlines, DECIDE_SHOWN, &d->changes);
	/* under exclude-newer only venvmk's resolver may resolve: a refresh would be pip's */
	if (!d->reason)
		d->act = strcmp(st->opts, x->opts) == 0 && onlyadded(st, x) && !e->excludenewer ? ACT_INSTALL : ACT_RECREATE;
	d->reason = joinreasons(d->reason, &what);
	return 0;
}

void
decisionclear(struct decision *d)
{
	free(d->reason);
	strlistclear(&d->changes);
	free(d->changes.v);
	memset(d, 0, sizeof(*d));
}
