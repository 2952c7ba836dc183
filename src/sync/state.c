/* state.c: what the last successful sync recorded; atomic write; the stamp. */
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "base/statedir.h"
#include "sync/state.h"

#define STATEMAGIC "venvmk-state 1"

char *
stamppath(const char *statedir)
{
	return pathjoin(statedir, STATE_STAMP);
}

/* split "A\tB\tC" in place into up to N fields; returns the count */
static int
fields(char *s, char **f, int n)
{
	int i = 0;

	while (i < n) {
		f[i++] = s;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s++ = '\0';
	}
	return i;
}

/* "TIME\tACTION\tREASON" into ST->built (its strings point into V) */
static void
builtread(struct state *st, char *v)
{
	char *end, *t1 = strchr(v, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	long long t = strtoll(v, &end, 10);

	if (!t2 || end != t1)
		return;
	*t1 = *t2 = '\0';
	st->built = xmalloc(sizeof(*st->built));
	*st->built = (struct rebuilt){ .time = t, .action = t1 + 1, .reason = t2 + 1 };
}

void
stateclear(struct state *st)
{
	struct strlist *l[] = { &st->track, &st->vars, &st->files, &st->absent, &st->projects, &st->reqlines,
	    st->built ? &st->built->changes : NULL };

	/* the strings point into RAW: only the arrays are ours */
	for (size_t i = 0; i < sizeof(l) / sizeof(*l); i++)
		if (l[i])
			free(l[i]->v);
	free(st->built);
	free(st->raw.s);
	memset(st, 0, sizeof(*st));
}

void
stateread(struct state *st, const char *statedir)
{
	char *path = pathjoin(statedir, STATE_STATE);
	char *f[4];

	memset(st, 0, sizeof(*st));
	if (readfile(path, &st->raw) < 0 || !st->raw.s
	    || strncmp(st->raw.s, STATEMAGIC "\n", sizeof(STATEMAGIC)) != 0) {
		free(path);
		return;
	}
	free(path);
	for (char *line = st->raw.s, *next; line && *line; line = next) {
		char *sp, *v;

		next = strchr(line, '\n');
		if (!next)
			return;	/* truncated: not ours */
		*next++ = '\0';
		sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		v = sp + 1;
		if (strcmp(line, "decl") == 0)
			st->decl = v;
		else if (strcmp(line, "opts") == 0)
			st->opts = v;
		else if (strcmp(line, "fp") == 0)
			st->fp = v;
		else if (strcmp(line, "interp") == 0 && fields(v, f, 4) == 4) {
			st->real = f[0];
			st->realkey = f[1];
			st->impl = f[2];
			st->version = f[3];
		} else if (strcmp(line, "site") == 0 && fields(v, f, 2) == 2) {
			st->site = f[0];
			st->sitekey = f[1];
		} else if (strcmp(line, "bin") == 0)
			st->binkey = v;
		else if (strcmp(line, "where") == 0)
			st->where = v;
		else if (strcmp(line, "track") == 0)
			strlistpush(&st->track, v);
		else if (strcmp(line, "var") == 0)
			strlistpush(&st->vars, v);
		else if (strcmp(line, "file") == 0)
			strlistpush(&st->files, v);
		else if (strcmp(line, "absent") == 0)
			strlistpush(&st->absent, v);
		else if (strcmp(line, "project") == 0)
			strlistpush(&st->projects, v);
		else if (strcmp(line, "line") == 0)
			strlistpush(&st->reqlines, v);
		else if (strcmp(line, "built") == 0)
			builtread(st, v);
		else if (strcmp(line, "change") == 0 && st->built)
			strlistpush(&st->built->changes, v);
		else if (strcmp(line, "end") == 0)
			st->present = st->decl && st->opts && st->fp && st->real && st->site && st->binkey;
	}
}

static void
putlist(struct buf *b, const char *key, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		bufprintf(b, "%s %s\n", key, l->v[i]);
}

int
statewrite(const char *statedir, const struct inputs *x, const char *site, const char *sitekey,
    const char *binkey, const struct rebuilt *built)
{
	struct buf b = {0};
	char *path = pathjoin(statedir, STATE_STATE);
	int ret;

	bufprintf(&b, STATEMAGIC "\ndecl %s\nopts %s\nfp %s\ninterp %s\t%s\t%s\t%s\nsite %s\t%s\nbin %s\n",
	    x->decl, x->opts, x->fp, x->in.real, x->in.realkey, x->in.impl, x->in.version,
	    site, sitekey, binkey);
	if (x->where)
		bufprintf(&b, "where %s\n", x->where);
	putlist(&b, "track", &x->track);
	putlist(&b, "var", &x->rs.vars);
	putlist(&b, "file", &x->files);
	putlist(&b, "absent", &x->rs.absent);
	putlist(&b, "project", &x->projects);
	putlist(&b, "line", &x->reqlines);
	if (built) {
		bufprintf(&b, "built %lld\t%s\t%s\n", built->time, built->action, built->reason);
		putlist(&b, "change", &built->changes);
	}
	bufputs(&b, "end .\n");
	/* durable before the pending mark goes */
	ret = writefile(path, b.s, b.len, WF_FSYNC | WF_DIRSYNC);
	free(path);
	free(b.s);
	return ret;
}

int
stateforget(const char *statedir)
{
	char *path = pathjoin(statedir, STATE_STATE);
	int ret = unlink(path) < 0 && errno != ENOENT ? -1 : 0;

	free(path);
	return ret;
}

int
statepending(const char *statedir, const char *what)
{
	char *path = pathjoin(statedir, STATE_PENDING);
	char *text = xasprintf("%s\n", what);
	/* durable before the env is touched */
	int ret = writefile(path, text, strlen(text), WF_FSYNC | WF_DIRSYNC);

	free(text);
	free(path);
	return ret;
}

void
statedone(const char *statedir)
{
	char *path = pathjoin(statedir, STATE_PENDING);

	unlink(path);
	free(path);
}

bool
stateunfinished(const char *statedir)
{
	char *path = pathjoin(statedir, STATE_PENDING);
	bool pending = access(path, F_OK) == 0;

	free(path);
	return pending;
}

int
stamptouch(const char *statedir, const char *fp)
{
	char *path = stamppath(statedir);
	char *text = xasprintf("%s\n", fp);
	/* durable before the state that says the env changed */
	int ret = writefile(path, text, strlen(text), WF_FSYNC | WF_DIRSYNC);

	free(text);
	free(path);
	return ret;
}

/* an undone sync had touched the stamp: give it back its fingerprint FP and time (OLD), or remove it (OLD NULL) */
void
stamprestore(const char *statedir, const struct stat *old, const char *fp)
{
	char *path = stamppath(statedir);

	if (!old || !fp) {
		unlink(path);
	} else if (stamptouch(statedir, fp) == 0) {
		struct timespec t[2] = { old->st_atim, old->st_mtim };
		utimensat(AT_FDCWD, path, t, 0);
	}
	free(path);
}
