/* fprint.c: the fingerprint of every input: interpreter, options, files, packages, variables. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/hash.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "base/url.h"
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "inputs/tomlreq.h"
#include "inputs/lockfile.h"

static void
hashlist(struct hash *h, const char *key, const struct strlist *l)
{
	struct buf b = {0};

	for (size_t i = 0; i < l->n; i++) {
		char *v = urlnoauth(l->v[i], false);
		bufreset(&b);
		bufprintf(&b, "%s %s", key, v);
		free(v);
		hashline(h, b.s);
	}
	bufreset(&b);
	bufprintf(&b, "end %s", key);
	hashline(h, b.s);
	free(b.s);
}

void
fprintdecl(const struct env *e, char hex[65])
{
	struct hash *h = mkhash();
	struct buf b = {0};

	bufprintf(&b, "decl 1\ndir %s\npython %s\nbackend %s\nsyssite %d\npip %d\nprompt %s\nconf %s\nopt %d",
	    e->dir, e->python, backendname(e->backend), e->syssite, e->pip,
	    e->prompt ? e->prompt : "-", e->conffile ? e->conffile : "-", e->reqoptional);
	hashline(h, b.s);
	hashlist(h, "requirement", &e->requirements);
	hashlist(h, "constraint", &e->constraints);
	hashlist(h, "package", &e->packages);
	hashlist(h, "editable", &e->editables);
	hashlist(h, "pip-arg", &e->pipargs);
	hashlist(h, "track-env", &e->trackenv);
	/* only when used: the declarations of envs without them keep their hash */
	if (e->extras.n)
		hashlist(h, "extra", &e->extras);
	if (e->groups.n)
		hashlist(h, "group", &e->groups);
	if (e->lock) {
		bufreset(&b);
		bufprintf(&b, "lock %s", e->lock);
		hashline(h, b.s);
	}
	if (e->excludenewer) {
		bufreset(&b);
		bufprintf(&b, "exclude-newer %s", e->excludenewer);
		hashline(h, b.s);
	}
	/* where pip looks for its configuration files */
	static const char *const confvars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(confvars[i]);
		bufreset(&b);
		bufprintf(&b, "%s%s%s", confvars[i], v ? "=" : "", v ? v : "");
		hashline(h, b.s);
	}
	hashend(h, hex);
	free(b.s);
}

void
fprinttrack(const struct env *e, struct strlist *out)
{
	for (size_t i = 0; i < e->trackenv.n; i++) {
		const char *v = getenv(e->trackenv.v[i]);
		/* a password in an index URL changes nothing that gets installed */
		char *clean = v ? urlnoauth(v, false) : NULL;
		strlistpush(out, v ? xasprintf("%s=%s", e->trackenv.v[i], clean) : xstrdup(e->trackenv.v[i]));
		free(clean);
	}
}

static bool
isreqline(const char *line)
{
	return strncmp(line, "req ", 4) == 0 || strncmp(line, "editable ", 9) == 0;
}

/* the hash of a file's content into HEX and its stat identity into KEY; absent files hash as "-" */
static void
hashfile(const char *path, char hex[65], struct buf *key)
{
	struct buf b = {0};
	struct stat st;

	if (stat(path, &st) == 0 && readfile(path, &b) == 0) {
		statkey(&st, key);
		hashbytes(b.s ? b.s : "", b.len, hex);
	} else {
		bufputc(key, '-');
		strcpy(hex, "-");
	}
	free(b.s);
}

/*
 * The digest a TOML reader recorded for PATH (the hash of what counts in it, in
 * place of its bytes) into HEX: one, or the hash of all when PATH is read in
 * several roles (a -r pyproject.toml that is also a local project's). Any?
 */
static bool
digestof(const struct reqset *rs, const char *path, char hex[65])
{
	size_t n = strlen(path), found = 0;
	struct hash *h = mkhash();
	char all[65];

	for (size_t i = 0; i < rs->digests.n; i++) {
		const char *d = rs->digests.v[i];
		if (strncmp(d, path, n) != 0 || d[n] != '\t')
			continue;
		if (!found++)
			snprintf(hex, 65, "%s", d + n + 1);
		hashline(h, d + n + 1);
	}
	hashend(h, all);
	if (found > 1)
		memcpy(hex, all, 65);
	return found > 0;
}

/*
 * What pip reads beyond the requirements: the files PIP_CONSTRAINT names (their
 * lines are constraints) and pip's configuration files, whose content goes into
 * the recreate part of the fingerprint. Absent ones are inputs too: one may appear.
 */
static int
pipinputs(struct inputs *x, const struct env *e)
{
	const char *v = getenv("PIP_CONSTRAINT"), *home = getenv("HOME");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *dirs = getenv("XDG_CONFIG_DIRS");
	struct strlist conf = {0};

	if (v && strlistfind(&e->trackenv, "PIP_CONSTRAINT") >= 0) {
		char *list = xstrdup(v);
		for (char *tok = strtok(list, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
			if (reqread(&x->rs, tok, true, true, "PIP_CONSTRAINT") < 0) {
				free(list);
				return -1;
			}
		free(list);
	}
	if (!dirs || !*dirs)
		dirs = "/etc/xdg";
	char *d = xstrdup(dirs);
	for (char *tok = strtok(d, ":"); tok; tok = strtok(NULL, ":"))
		strlistpush(&conf, pathjoin(tok, "pip/pip.conf"));
	free(d);
	strlistadd(&conf, "/etc/pip.conf");
	if (xdg && *xdg)
		strlistpush(&conf, pathjoin(xdg, "pip/pip.conf"));
	else if (home)
		strlistpush(&conf, pathjoin(home, ".config/pip/pip.conf"));
	if (home)
		strlistpush(&conf, pathjoin(home, ".pip/pip.conf"));
	v = getenv("PIP_CONFIG_FILE");
	if (v && *v && strcmp(v, "/dev/null") != 0)
		strlistadd(&conf, v);
	for (size_t i = 0; i < conf.n; i++) {
		if (access(conf.v[i], F_OK) == 0) {
			if (strlistfind(&x->rs.files, conf.v[i]) < 0)
				strlistadd(&x->rs.files, conf.v[i]);
			strlistadd(&x->pipconf, conf.v[i]);
		} else if (strlistfind(&x->rs.absent, conf.v[i]) < 0) {
			strlistadd(&x->rs.absent, conf.v[i]);
		}
	}
	strlistclear(&conf);
	free(conf.v);
	return 0;
}

int
fprintreqs(struct reqset *rs, const struct env *e)
{
	const char *label = envlabel(e);

	for (size_t i = 0; i < e->requirements.n; i++)
		if (!tomlreqkind(e->requirements.v[i])
		    && reqread(rs, e->requirements.v[i], false, e->reqoptional, label) < 0)
			return -1;
	/* a lock: its canonical form is the input, and its extras and groups are the lock's */
	if (e->lock)
		return lockreadinputs(rs, e);
	/* pyproject.toml and Pipfile requirements, extras and groups */
	if (tomlreqread(rs, e, NULL) < 0)
		return -1;
	for (size_t i = 0; i < e->constraints.n; i++)
		if (reqread(rs, e->constraints.v[i], true, false, label) < 0)
			return -1;
	for (size_t i = 0; i < e->packages.n; i++)
		reqinline(rs, "req", e->packages.v[i]);
	for (size_t i = 0; i < e->editables.n; i++)
		reqinline(rs, "editable", e->editables.v[i]);
	return 0;
}

/* a project's pyproject.toml counts by what can change its install, not its bytes: each
 * local project of X as "SHA256\tDIR" into X->projects; 0 or -1 */
static int
projectsof(struct inputs *x)
{
	static const char *const meta[] = { "pyproject.toml", "setup.cfg", "setup.py" };
	struct buf b = {0};
	char hex[65];

	for (size_t i = 0; i < x->rs.projects.n; i++) {
		const char *dir = x->rs.projects.v[i];
		struct hash *ph = mkhash();
		for (size_t j = 0; j < 3; j++) {
			char *p = pathjoin(strcmp(dir, ".") == 0 ? "" : dir, meta[j]);
			bufreset(&b);
			if (j == 0 && tomlreqproject(&x->rs, p, hex) < 0) {
				free(p);
				free(b.s);
				hashend(ph, hex);
				return -1;
			}
			if (j > 0)
				hashfile(p, hex, &b);
			hashline(ph, meta[j]);
			hashline(ph, hex);
			free(p);
		}
		hashend(ph, hex);
		strlistpush(&x->projects, xasprintf("%s\t%s", hex, dir));
	}
	free(b.s);
	return 0;
}

/* every input file of X as "STATKEY\tSHA256\tPATH" into X->files, and its requirement
 * lines (no credentials) into X->reqlines, sorted, each once */
static void
filesandlines(struct inputs *x)
{
	struct buf b = {0};
	char hex[65];

	for (size_t i = 0; i < x->rs.files.n; i++) {
		const char *f = x->rs.files.v[i];
		struct stat st;
		bufreset(&b);
		if (digestof(&x->rs, f, hex) && stat(f, &st) == 0)
			statkey(&st, &b);
		else
			hashfile(f, hex, &b);
		bufprintf(&b, "\t%s\t%s", hex, f);
		strlistadd(&x->files, b.s);
	}
	free(b.s);
	for (size_t i = 0; i < x->rs.lines.n; i++)
		if (isreqline(x->rs.lines.v[i]))
			strlistpush(&x->reqlines, urlnoauth(x->rs.lines.v[i], false));
	/* sorted, then each line once: a set, in O(n log n) for 10,000-line files */
	if (x->reqlines.n > 1)
		qsort(x->reqlines.v, x->reqlines.n, sizeof(*x->reqlines.v), strlistcmp);
	size_t n = 0;
	for (size_t i = 0; i < x->reqlines.n; i++) {
		if (n > 0 && strcmp(x->reqlines.v[n - 1], x->reqlines.v[i]) == 0)
			free(x->reqlines.v[i]);
		else
			x->reqlines.v[n++] = x->reqlines.v[i];
	}
	x->reqlines.n = n;
}

/* what cannot be added to in place, hashed into X->opts: a change here means a recreate */
static void
optsof(struct inputs *x, const struct env *e)
{
	struct hash *h = mkhash();
	struct buf b = {0};
	char hex[65];

	bufprintf(&b, "venvmk opts 1\ninterp %s %s\nbackend %s\nsyssite %d\npip %d\nprompt %s",
	    x->in.impl, x->in.version, backendname(e->backend), e->syssite, e->pip,
	    e->prompt ? e->prompt : "-");
	hashline(h, b.s);
	hashlist(h, "pip-arg", &e->pipargs);
	hashlist(h, "track", &x->track);
	hashlist(h, "var", &x->rs.vars);
	for (size_t i = 0; i < x->pipconf.n; i++) {
		struct buf text = {0};
		/* the file without the credentials in its URLs: a rotated password costs nothing */
		if (readfile(x->pipconf.v[i], &text) == 0) {
			char *clean = urlnoauth(text.s ? text.s : "", false);
			hashbytes(clean, strlen(clean), hex);
			free(clean);
		} else {
			strcpy(hex, "-");
		}
		free(text.s);
		bufreset(&b);
		bufprintf(&b, "pip.conf %s", hex);
		hashline(h, b.s);
	}
	for (size_t i = 0; i < x->rs.lines.n; i++)
		if (!isreqline(x->rs.lines.v[i])) {
			char *clean = urlnoauth(x->rs.lines.v[i], false);
			hashline(h, clean);
			free(clean);
		}
	hashend(h, x->opts);
	free(b.s);
}

int
fprintpeek(struct inputs *x, const struct env *e)
{
	return fprintreqs(&x->rs, e) < 0 || pipinputs(x, e) < 0 ? -1 : 0;
}

void
fprintpeekclear(struct inputs *x)
{
	struct strlist *all[] = { &x->rs.files, &x->rs.absent, &x->rs.remote, &x->rs.lines, &x->rs.projects,
	    &x->rs.vars, &x->rs.digests, &x->rs.stack, &x->pipconf };

	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
		strlistclear(all[i]);
		free(all[i]->v);
	}
}

int
fprintcompute(struct inputs *x, const struct env *e)
{
	struct hash *h;

	if (fprintreqs(&x->rs, e) < 0)
		return -1;
	fprinttrack(e, &x->track);
	if (pipinputs(x, e) < 0)
		return -1;
	if (projectsof(x) < 0)
		return -1;
	filesandlines(x);
	optsof(x, e);
	h = mkhash();
	hashline(h, "venvmk fingerprint 1");
	hashline(h, x->opts);
	hashlist(h, "line", &x->reqlines);
	hashlist(h, "project", &x->projects);
	/* only when set: the fingerprints of envs without it stay as they were */
	if (e->excludenewer) {
		char *l = xasprintf("exclude-newer %s", e->excludenewer);
		hashline(h, l);
		free(l);
	}
	hashend(h, x->fp);
	return 0;
}
