/* fprint.c: the fingerprint of every input: interpreter, options, files, packages, variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"
#include "hash.h"
#include "conf.h"
#include "reqfile.h"
#include "interp.h"
#include "fprint.h"

char *
fprintnoauth(const char *s, bool redact)
{
	struct buf b = {0};
	const char *p = s, *sep;

	while ((sep = strstr(p, "://"))) {
		const char *auth = sep + 3, *end = auth, *at = NULL;
		while (*end && !strchr("/?#\"' \t\n<>", *end)) {
			if (*end == '@')
				at = end;	/* the last '@' ends the userinfo */
			end++;
		}
		bufadd(&b, p, auth - p);
		if (at && redact) {
			/* pip's redact_auth_from_url: the user stays, a password is "****" */
			const char *colon = memchr(auth, ':', at - auth);
			if (colon)
				bufprintf(&b, "%.*s:****@", (int)(colon - auth), auth);
			else
				bufputs(&b, "****@");
		}
		p = at ? at + 1 : auth;
	}
	bufputs(&b, p);
	return b.s ? b.s : xstrdup("");
}

static void
hashlist(struct hash *h, const char *key, const struct strlist *l)
{
	struct buf b = {0};

	for (size_t i = 0; i < l->n; i++) {
		char *v = fprintnoauth(l->v[i], false);
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
		char *clean = v ? fprintnoauth(v, false) : NULL;
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
		if (reqread(rs, e->requirements.v[i], false, e->reqoptional, label) < 0)
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

int
fprintcompute(struct inputs *x, const struct env *e)
{
	struct hash *h;
	struct buf b = {0};
	char hex[65];

	if (fprintreqs(&x->rs, e) < 0)
		return -1;
	fprinttrack(e, &x->track);
	if (pipinputs(x, e) < 0)
		return -1;

	for (size_t i = 0; i < x->rs.files.n; i++) {
		bufreset(&b);
		hashfile(x->rs.files.v[i], hex, &b);
		bufprintf(&b, "\t%s\t%s", hex, x->rs.files.v[i]);
		strlistadd(&x->files, b.s);
	}
	for (size_t i = 0; i < x->rs.projects.n; i++) {
		static const char *const meta[] = { "pyproject.toml", "setup.cfg", "setup.py" };
		const char *dir = x->rs.projects.v[i];
		struct hash *ph = mkhash();
		for (size_t j = 0; j < 3; j++) {
			char *p = pathjoin(strcmp(dir, ".") == 0 ? "" : dir, meta[j]);
			bufreset(&b);
			hashfile(p, hex, &b);
			hashline(ph, meta[j]);
			hashline(ph, hex);
			free(p);
		}
		hashend(ph, hex);
		strlistpush(&x->projects, xasprintf("%s\t%s", hex, dir));
	}
	for (size_t i = 0; i < x->rs.lines.n; i++)
		if (isreqline(x->rs.lines.v[i]))
			strlistpush(&x->reqlines, fprintnoauth(x->rs.lines.v[i], false));
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

	/* what cannot be added to in place: a change here means a recreate */
	h = mkhash();
	bufreset(&b);
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
			char *clean = fprintnoauth(text.s ? text.s : "", false);
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
			char *clean = fprintnoauth(x->rs.lines.v[i], false);
			hashline(h, clean);
			free(clean);
		}
	hashend(h, x->opts);

	h = mkhash();
	hashline(h, "venvmk fingerprint 1");
	hashline(h, x->opts);
	hashlist(h, "line", &x->reqlines);
	hashlist(h, "project", &x->projects);
	hashend(h, x->fp);
	free(b.s);
	return 0;
}
