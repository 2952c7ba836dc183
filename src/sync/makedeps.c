/* makedeps.c: Make dependency output, in the shape of gcc -MD -MP. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "sync/makedeps.h"

/* escape a path for a make rule; refuse what make cannot read back */
static int
escape(struct buf *b, const char *path)
{
	if (strpbrk(path, "\n:;%")) {
		warn("deps: %s: a path holding a newline, ':', ';' or '%%' cannot be written for make", path);
		return -1;
	}
	for (const char *p = path; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '#' || *p == '\\')
			bufputc(b, '\\');
		if (*p == '$')
			bufputc(b, '$');
		bufputc(b, *p);
	}
	return 0;
}

int
mkdeps(const char *stamp, const char *conffile, const struct reqset *rs, const char *out)
{
	struct buf b = {0}, old = {0};
	struct strlist inputs = {0};
	int ret = -1;

	if (conffile)
		strlistadd(&inputs, conffile);
	for (size_t i = 0; i < rs->files.n; i++)
		if (strlistfind(&inputs, rs->files.v[i]) < 0)
			strlistadd(&inputs, rs->files.v[i]);
	if (escape(&b, stamp) < 0)
		goto out;
	bufputc(&b, ':');
	for (size_t i = 0; i < inputs.n; i++) {
		bufputs(&b, " \\\n ");
		if (escape(&b, inputs.v[i]) < 0)
			goto out;
	}
	bufputc(&b, '\n');
	for (size_t i = 0; i < inputs.n; i++) {
		bufputc(&b, '\n');
		escape(&b, inputs.v[i]);
		bufputs(&b, ":\n");
	}
	if (!out) {
		fwrite(b.s, 1, b.len, stdout);
		ret = 0;
	} else if (readfile(out, &old) == 0 && old.len == b.len && memcmp(old.s, b.s, b.len) == 0) {
		ret = 0;
	} else if (writefileatomic(out, b.s, b.len) < 0) {
		warn("deps: write %s:", out);
	} else {
		ret = 0;
	}
out:
	free(b.s);
	free(old.s);
	strlistclear(&inputs);
	free(inputs.v);
	return ret;
}

/* PATH if it exists, else its nearest existing ancestor: where it would appear */
static char *
existing(const char *path)
{
	char *p = xstrdup(path);

	while (access(p, F_OK) < 0) {
		char *up = pathdir(p);
		free(p);
		p = *up ? up : (free(up), xstrdup("."));
		if (strcmp(p, ".") == 0 || strcmp(p, "/") == 0)
			break;
	}
	return p;
}

int
mkdepsmake(const char *envdir, const char *statedir, const struct strlist *files,
    const struct strlist *vars)
{
	struct buf b = {0}, rules = {0}, plain = {0}, old = {0};
	struct strlist deps = {0};
	char *checked = pathjoin(statedir, STATE_CHECKED), *out = pathjoin(statedir, STATE_MAKED);
	bool force = false;
	int fd, ret = 0;

	for (size_t i = 0; i < files->n; i++) {
		char *p = existing(files->v[i]);
		if (strlistfind(&deps, p) < 0)
			strlistpush(&deps, p);
		else
			free(p);
	}
	bufputs(&b, "# venvmk sync --make-deps wrote this for venv.mk: what make compares by mtime\n");
	escape(&b, checked);
	bufputc(&b, ':');
	for (size_t i = 0; i < deps.n; i++) {
		struct buf e = {0};
		/* a path make cannot name: then make must always ask venvmk */
		if (strpbrk(deps.v[i], "\n:;%") || (escape(&e, deps.v[i]), false)) {
			force = true;
			free(e.s);
			continue;
		}
		bufprintf(&b, " \\\n %s", e.s);
		/* an empty recipe: make searches no implicit rule for it. Another env's (or
		 * tool's) make.d may name the same path: a path make can name as a word gets
		 * its rule once (a second would warn "overriding recipe") */
		if (strpbrk(e.s, "\\$"))
			bufprintf(&rules, "%s: ;\n", e.s);
		else
			bufprintf(&plain, " %s", e.s);
		free(e.s);
	}
	if (force)
		bufputs(&b, " \\\n venvmk-FORCE");
	if (plain.s)
		bufprintf(&rules, "venvmk_new := $(filter-out $(venvmk_ruled),%s)\n"
		    "ifneq ($(venvmk_new),)\n$(venvmk_new): ;\nvenvmk_ruled += $(venvmk_new)\nendif\n", plain.s + 1);
	bufprintf(&b, "\n%svenvmk_watch_%s :=", rules.s ? rules.s : "", envdir);
	for (size_t i = 0; i < vars->n; i++)
		bufprintf(&b, " %s", vars->v[i]);
	bufputc(&b, '\n');
	if (!(readfile(out, &old) == 0 && old.len == b.len && memcmp(old.s, b.s, b.len) == 0)
	    && writefileatomic(out, b.s, b.len) < 0) {
		warn("write %s:", out);
		ret = -1;
	}
	fd = open(checked, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 || futimens(fd, NULL) < 0) {
		warn("touch %s:", checked);
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	strlistclear(&deps);
	free(deps.v);
	free(b.s);
	free(rules.s);
	free(plain.s);
	free(old.s);
	free(checked);
	free(out);
	return ret;
}

/* what venv.mk must watch: every input, the env's own files, the interpreter's paths */
void
makedepswrite(const struct env *e, const char *statedir, const struct decision *d,
    const struct inputs *x, const struct state *st, const char *site,
    struct strlist *files, struct strlist *vars)
{
	static const char *const own[] = { "bin", "pyvenv.cfg" };

	interpwatch(NULL, NULL);
	if (e->conffile)
		strlistadd(files, e->conffile);
	if (d->computed) {
		for (size_t i = 0; i < x->rs.files.n; i++)
			strlistadd(files, x->rs.files.v[i]);
		for (size_t i = 0; i < x->rs.absent.n; i++)
			strlistadd(files, x->rs.absent.v[i]);
		for (size_t i = 0; i < x->rs.vars.n; i++)
			strlistpush(vars, xstrndup(x->rs.vars.v[i], strcspn(x->rs.vars.v[i], "=")));
	} else {
		for (size_t i = 0; i < st->files.n; i++)
			strlistadd(files, strrchr(st->files.v[i], '\t') + 1);
		for (size_t i = 0; i < st->absent.n; i++)
			strlistadd(files, st->absent.v[i]);
		for (size_t i = 0; i < st->vars.n; i++)
			strlistpush(vars, xstrndup(st->vars.v[i], strcspn(st->vars.v[i], "=")));
	}
	if (site)
		strlistadd(files, site);
	for (size_t i = 0; i < 2; i++)
		strlistpush(files, pathjoin(e->dir, own[i]));
	for (size_t i = 0; i < e->trackenv.n; i++)
		if (strlistfind(vars, e->trackenv.v[i]) < 0)
			strlistadd(vars, e->trackenv.v[i]);
	static const char *const confvars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS" };
	for (size_t i = 0; i < 3; i++)
		if (strlistfind(vars, confvars[i]) < 0)
			strlistadd(vars, confvars[i]);
	mkdepsmake(e->dir, statedir, files, vars);
}
