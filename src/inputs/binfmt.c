/* binfmt.c: --only-binary, --no-binary and --prefer-binary read from pip's config files, PIP_* variables, pip arguments and requirement files, as pip reads them. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/binfmt.h"
#include "inputs/pipconf.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"

enum { ONLY, NO, PREFER, NKEYS };
static const char *const keys[NKEYS] = { "only-binary", "no-binary", "prefer-binary" };

/* the key NAME (N bytes, "--No_Binary" as pip normalizes it), or -1 */
static int
keyof(const char *name, size_t n)
{
	char norm[32];

	if (pipconfkey(name, n, norm, sizeof(norm)) < 0)
		return -1;
	for (int k = 0; k < NKEYS; k++)
		if (strcmp(norm, keys[k]) == 0)
			return k;
	return -1;
}

static void
dropname(struct strlist *l, const char *name)
{
	long i = strlistfind(l, name);

	if (i >= 0) {
		free(l->v[i]);
		memmove(&l->v[i], &l->v[i + 1], (l->n - (size_t)i - 1) * sizeof(*l->v));
		l->n--;
	}
}

void
binfmtadd(struct strlist *target, struct strlist *other, const char *value)
{
	char *copy = xstrdup(value), *p = copy;

	if (*value == '-') {	/* pip refuses it: "--no-binary requires an argument" */
		free(copy);
		return;
	}
	/* ":all:" empties both, then stands alone unless a ":none:" follows it */
	for (char *all; (all = strstr(p, ":all:")) && (all == p || all[-1] == ',')
	    && (!all[5] || all[5] == ','); ) {
		strlistclear(other);
		strlistclear(target);
		strlistadd(target, ":all:");
		p = all[5] ? all + 6 : all + 5;
		if (!strstr(p, ":none:"))
			p = "";
	}
	for (char *tok = p; *tok; ) {
		size_t n = strcspn(tok, ",");
		char *name = xstrndup(tok, n);
		if (strcmp(name, ":none:") == 0) {
			strlistclear(target);
		} else {
			struct buf b = {0};
			depnormname(name, &b);
			char *canon = b.s ? b.s : xstrdup("");
			dropname(other, canon);
			if (strlistfind(target, canon) < 0)
				strlistadd(target, canon);
			free(canon);
		}
		free(name);
		tok += n;
		if (*tok)
			tok++;
	}
	free(copy);
}

/* pip's strtobool for a setting's VALUE: 1 true, 0 false, -1 neither */
static int
truth(const char *v)
{
	static const char *const yes[] = { "y", "yes", "t", "true", "on", "1" }, *const no[] = { "n", "no", "f", "false", "off", "0" };

	for (size_t i = 0; i < 6; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* setting K to V into F */
static void
apply(struct binfmt *f, int k, const char *v)
{
	if (k == ONLY)
		binfmtadd(&f->onlybin, &f->nobin, v);
	else if (k == NO)
		binfmtadd(&f->nobin, &f->onlybin, v);
	else if (truth(v) >= 0)
		f->preferbin = truth(v) == 1;
}

/* one key of a config file into SEC[0] ([global]) and SEC[1] ([install]): a later file's key replaces */
static void
confkey(void *ctx, int section, const char *key, const char *value)
{
	char *(*sec)[NKEYS] = ctx;
	int k = keyof(key, strlen(key));

	if (k >= 0) {
		free(sec[section][k]);
		sec[section][k] = xstrdup(value);
	}
}

void
binfmtread(struct binfmt *f, const struct env *e, const struct strlist *conffiles, const struct strlist *optlines)
{
	char *sec[2][NKEYS] = {{0}};
	extern char **environ;

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; conffiles && i < conffiles->n; i++)
		pipconfeach(conffiles->v[i], confkey, sec);
	/* pip's order: [global], [install], then the variables; an empty value is ignored */
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < NKEYS; k++) {
			if (sec[s][k] && *sec[s][k])
				apply(f, k, sec[s][k]);
			free(sec[s][k]);
		}
	for (char **ep = environ; *ep; ep++) {
		const char *eq = strchr(*ep, '=');
		int k;
		if (strncmp(*ep, "PIP_", 4) == 0 && eq && eq[1] && (k = keyof(*ep + 4, (size_t)(eq - *ep - 4))) >= 0)
			apply(f, k, eq + 1);
	}
	for (size_t i = 0; i < e->pipargs.n; i++) {
		const char *a = e->pipargs.v[i], *eq = strchr(a, '=');
		int k = strncmp(a, "--", 2) == 0 ? keyof(a, eq ? (size_t)(eq - a) : strlen(a)) : -1;
		if (k == PREFER)
			f->preferbin = true;
		else if (k >= 0 && eq)
			apply(f, k, eq + 1);
		else if (k >= 0 && i + 1 < e->pipargs.n)
			apply(f, k, e->pipargs.v[++i]);
	}
	for (size_t i = 0; optlines && i < optlines->n; i++) {
		const char *l = optlines->v[i];
		if (strncmp(l, "opt ", 4) != 0)
			continue;
		l += 4;
		size_t kn = strcspn(l, " ");
		int k = keyof(l, kn);
		if (k == PREFER)
			f->preferbin = true;
		else if (k >= 0 && l[kn])
			apply(f, k, l + kn + 1);
	}
}

bool
binfmtallows(const struct binfmt *f, const char *canon, bool wheel)
{
	/* pip's FormatControl.get_allowed_formats: a name beats :all:, only-binary first */
	if (strlistfind(&f->onlybin, canon) >= 0)
		return wheel;
	if (strlistfind(&f->nobin, canon) >= 0)
		return !wheel;
	if (strlistfind(&f->onlybin, ":all:") >= 0)
		return wheel;
	if (strlistfind(&f->nobin, ":all:") >= 0)
		return !wheel;
	return true;
}

bool
binfmtany(const struct binfmt *f)
{
	return f->onlybin.n || f->nobin.n || f->preferbin;
}

void
binfmtclear(struct binfmt *f)
{
	strlistclear(&f->onlybin);
	strlistclear(&f->nobin);
	free(f->onlybin.v);
	free(f->nobin.v);
	memset(f, 0, sizeof(*f));
}
