/* conf.c: venv.conf (libconfuse) and command-line declarations → struct env. */
#include <confuse.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/url.h"
#include "parse/datetime.h"
#include "inputs/conf.h"

#define TITLECHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"

static const char *const backendnames[] = {
	[BACKEND_VENV] = "venv",
	[BACKEND_VIRTUALENV] = "virtualenv",
	[BACKEND_NATIVE] = "native",
};

static const char *const linkmodenames[] = {
	[LINK_AUTO] = "auto",
	[LINK_CLONE] = "clone",
	[LINK_HARDLINK] = "hardlink",
	[LINK_COPY] = "copy",
};

static const char *const trackdefaults[] = {
	"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_NO_INDEX",
	"PIP_PRE", "PIP_CONSTRAINT", "PIP_ONLY_BINARY", "PIP_NO_BINARY", "PIP_PREFER_BINARY",
	"PIP_NO_DEPS", "PIP_REQUIRE_HASHES", "PIP_TRUSTED_HOST", "PIP_CONFIG_FILE",
};

static cfg_opt_t envopts[] = {
	CFG_STR("dir", NULL, CFGF_NODEFAULT),
	CFG_STR("python", "python3", CFGF_NONE),
	CFG_STR_LIST("requirements", NULL, CFGF_NODEFAULT),
	CFG_STR_LIST("constraints", NULL, CFGF_NODEFAULT),
	CFG_STR_LIST("packages", NULL, CFGF_NODEFAULT),
	CFG_STR_LIST("editable", NULL, CFGF_NODEFAULT),
	CFG_STR("backend", "native", CFGF_NONE),
	CFG_BOOL("system-site-packages", cfg_false, CFGF_NONE),
	CFG_STR("prompt", NULL, CFGF_NODEFAULT),
	CFG_BOOL("pip", cfg_true, CFGF_NONE),
	CFG_STR_LIST("pip-args", NULL, CFGF_NODEFAULT),
	CFG_STR_LIST("track-env", NULL, CFGF_NODEFAULT),
	CFG_STR_LIST("extras", NULL, CFGF_NODEFAULT),
	CFG_STR_LIST("groups", NULL, CFGF_NODEFAULT),
	CFG_STR("cache-dir", NULL, CFGF_NODEFAULT),
	CFG_STR("link-mode", "auto", CFGF_NONE),
	CFG_STR("lock", NULL, CFGF_NODEFAULT),
	CFG_STR("exclude-newer", NULL, CFGF_NODEFAULT),
	CFG_END()
};

static cfg_opt_t topopts[] = {
	CFG_SEC("env", envopts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_STR("remote-cache", NULL, CFGF_NODEFAULT),
	CFG_BOOL("remote-cache-write", cfg_false, CFGF_NONE),
	CFG_END()
};

int
backendparse(const char *name)
{
	for (size_t i = 0; i < sizeof(backendnames) / sizeof(*backendnames); i++)
		if (strcmp(name, backendnames[i]) == 0)
			return i;
	return -1;
}

const char *
backendname(enum backend b)
{
	return backendnames[b];
}

int
linkmodeparse(const char *name)
{
	for (size_t i = 0; i < sizeof(linkmodenames) / sizeof(*linkmodenames); i++)
		if (strcmp(name, linkmodenames[i]) == 0)
			return i;
	return -1;
}

const char *
linkmodename(enum linkmode m)
{
	return linkmodenames[m];
}

void
conftrackdefaults(struct strlist *l)
{
	for (size_t i = 0; i < sizeof(trackdefaults) / sizeof(*trackdefaults); i++)
		strlistadd(l, trackdefaults[i]);
}

const char *
dircheck(const char *dir)
{
	char *n;
	const char *msg = NULL;

	if (!dir[0])
		return "is empty";
	if (strchr(dir, '\n'))
		return "holds a newline";
	n = pathnorm(dir);
	if (strcmp(n, "/") == 0)
		msg = "is the root directory";
	else if (strcmp(n, ".") == 0)
		msg = "is the current directory";
	else if (strspn(n, "./") == strlen(n))
		msg = "is a parent of the current directory";
	free(n);
	return msg;
}

/* libconfuse's messages as "venv.conf:7: message" */
static void
conferr(cfg_t *cfg, const char *fmt, va_list ap)
{
	vwarnat(cfg ? cfg->filename : NULL, cfg ? cfg->line : 0, 0, fmt, ap);
}

static int
validatebackend(cfg_t *cfg, cfg_opt_t *opt)
{
	const char *v = cfg_opt_getnstr(opt, cfg_opt_size(opt) - 1);

	if (backendparse(v) < 0) {
		cfg_error(cfg, "backend: unknown backend '%s' (known: native, venv, virtualenv)", v);
		return -1;
	}
	return 0;
}

static int
validatelinkmode(cfg_t *cfg, cfg_opt_t *opt)
{
	const char *v = cfg_opt_getnstr(opt, cfg_opt_size(opt) - 1);

	if (linkmodeparse(v) < 0) {
		cfg_error(cfg, "link-mode: unknown mode '%s' (known: auto, clone, hardlink, copy)", v);
		return -1;
	}
	return 0;
}

char *
excludenewerparse(const char *date, const char **why)
{
	long long us;
	char out[40];

	if (datetimeparse(date, true, &us, why) < 0)
		return NULL;
	datetimeformat(us, out);
	return xstrdup(out);
}

static int
validateexcludenewer(cfg_t *cfg, cfg_opt_t *opt)
{
	const char *v = cfg_opt_getnstr(opt, cfg_opt_size(opt) - 1), *why;
	char *d = excludenewerparse(v, &why);

	if (!d) {
		cfg_error(cfg, "exclude-newer: '%s': %s", v, why);
		return -1;
	}
	free(d);
	return 0;
}

static int
validatedir(cfg_t *cfg, cfg_opt_t *opt)
{
	const char *v = cfg_opt_getnstr(opt, cfg_opt_size(opt) - 1);
	const char *msg = dircheck(v);

	if (msg) {
		cfg_error(cfg, "dir: '%s' %s", v, msg);
		return -1;
	}
	return 0;
}

static int
validatenonempty(cfg_t *cfg, cfg_opt_t *opt)
{
	unsigned n = cfg_opt_size(opt);

	for (unsigned i = 0; i < n; i++) {
		const char *v = cfg_opt_getnstr(opt, i);
		if (!v[0]) {
			cfg_error(cfg, "%s: empty value", opt->name);
			return -1;
		}
		if (strchr(v, '\n')) {
			cfg_error(cfg, "%s: value holds a newline", opt->name);
			return -1;
		}
	}
	return 0;
}

static int
validatetitle(cfg_t *cfg, cfg_opt_t *opt)
{
	cfg_t *sec = cfg_opt_getnsec(opt, cfg_opt_size(opt) - 1);
	const char *t = cfg_title(sec);

	if (!t || !t[0]) {
		cfg_error(cfg, "env: empty name");
		return -1;
	}
	if (strspn(t, TITLECHARS) != strlen(t)) {
		cfg_error(cfg, "env \"%s\": a name may hold only letters, digits, '_', '.' and '-'", t);
		return -1;
	}
	return 0;
}

static void
getlist(cfg_t *sec, const char *key, struct strlist *l)
{
	unsigned n = cfg_size(sec, key);

	for (unsigned i = 0; i < n; i++)
		strlistadd(l, cfg_getnstr(sec, key, i));
}

static struct env *
mkenv(void)
{
	struct env *e = xmalloc(sizeof(*e));

	memset(e, 0, sizeof(*e));
	e->python = xstrdup("python3");
	e->backend = BACKEND_NATIVE;
	e->pip = true;
	conftrackdefaults(&e->trackenv);
	return e;
}

static void
addenv(struct conf *c, struct env *e)
{
	c->envs = xrealloc(c->envs, (c->n + 1) * sizeof(*c->envs));
	c->envs[c->n++] = e;
}

/*
 * Copy FILE into OUT with its comments blanked (newlines kept), and check that
 * every '{' is closed. libconfuse accepts a file that ends inside a section or a
 * list, rejects a comment inside a multi-line list, and miscounts lines after
 * comments; this pass spares it all three. Returns 0, 1 when the file cannot be
 * read (cfg_parse says why), or -1 after printing "file:line: message".
 */
static int
conftidy(const char *file, struct buf *out)
{
	long line = 1, opened[64];
	int depth = 0;
	char *p;

	if (readfile(file, out) < 0)
		return 1;
	if (!out->s)
		bufputs(out, "");
	for (p = out->s; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
			for (; *p && *p != '\n'; p++)
				*p = ' ';
			if (!*p)
				break;
			line++;
		} else if (p[0] == '/' && p[1] == '*') {
			for (; *p && !(p[0] == '*' && p[1] == '/'); p++) {
				if (*p == '\n')
					line++;
				else
					*p = ' ';
			}
			if (!*p)
				break;
			p[0] = p[1] = ' ';
			p++;
		} else if (*p == '"' || *p == '\'') {
			char q = *p, *start = p + 1, *k = p;
			long at = line;
			for (p++; *p && *p != q; p++) {
				if (*p == '\\' && p[1])
					p++;
				line += *p == '\n';
			}
			if (!*p)
				break;
			/* an env title: checked here, where its line is known */
			while (k > out->s && (k[-1] == ' ' || k[-1] == '\t' || k[-1] == '\n'))
				k--;
			if (depth == 0 && k - out->s >= 3 && strncmp(k - 3, "env", 3) == 0
			    && (k - 3 == out->s || !isalnum((unsigned char)k[-4]))
			    && (p == start || strspn(start, TITLECHARS) < (size_t)(p - start))) {
				return warnat(file, at, 0, "env \"%.*s\": %s", (int)(p - start), start,
				    p == start ? "empty name" : "a name may hold only letters, digits, '_', '.' and '-'");
			}
		} else if (*p == '{' || *p == '(') {
			if (depth < 64)
				opened[depth] = line;
			depth++;
		} else if ((*p == '}' || *p == ')') && depth > 0) {
			depth--;
		}
	}
	if (depth > 0) {
		return warnat(file, opened[depth > 64 ? 63 : depth - 1], 0, "this '{' is never closed");
	}
	return 0;
}

/* the env of the section SEC, the Ith of FILE */
static struct env *
envofsection(cfg_t *sec, unsigned i, const char *file)
{
	struct env *e = mkenv();

	e->name = xstrdup(cfg_title(sec));
	e->conffile = xstrdup(file);
	if (cfg_size(sec, "dir"))
		e->dir = xstrdup(cfg_getstr(sec, "dir"));
	else if (i == 0)
		e->dir = xstrdup(".venv");
	else
		e->dir = xasprintf(".venv-%s", e->name);
	free(e->python);
	e->python = xstrdup(cfg_getstr(sec, "python"));
	getlist(sec, "requirements", &e->requirements);
	getlist(sec, "constraints", &e->constraints);
	getlist(sec, "packages", &e->packages);
	getlist(sec, "editable", &e->editables);
	getlist(sec, "pip-args", &e->pipargs);
	getlist(sec, "extras", &e->extras);
	getlist(sec, "groups", &e->groups);
	if (cfg_size(sec, "track-env")) {
		strlistclear(&e->trackenv);
		getlist(sec, "track-env", &e->trackenv);
	}
	e->backend = backendparse(cfg_getstr(sec, "backend"));
	e->syssite = cfg_getbool(sec, "system-site-packages");
	e->pip = cfg_getbool(sec, "pip");
	if (cfg_size(sec, "prompt"))
		e->prompt = xstrdup(cfg_getstr(sec, "prompt"));
	if (cfg_size(sec, "cache-dir"))
		e->cachedir = xstrdup(cfg_getstr(sec, "cache-dir"));
	e->linkmode = linkmodeparse(cfg_getstr(sec, "link-mode"));
	if (cfg_size(sec, "lock"))
		e->lock = xstrdup(cfg_getstr(sec, "lock"));
	const char *why;
	if (cfg_size(sec, "exclude-newer"))
		e->excludenewer = excludenewerparse(cfg_getstr(sec, "exclude-newer"), &why);
	return e;
}

static int
parsefile(struct conf *c, const char *file)
{
	cfg_t *cfg = cfg_init(topopts, CFGF_NONE);
	int ret;

	cfg_set_error_function(cfg, conferr);
	cfg_set_validate_func(cfg, "env", validatetitle);
	cfg_set_validate_func(cfg, "env|backend", validatebackend);
	cfg_set_validate_func(cfg, "env|dir", validatedir);
	cfg_set_validate_func(cfg, "env|python", validatenonempty);
	cfg_set_validate_func(cfg, "env|prompt", validatenonempty);
	cfg_set_validate_func(cfg, "env|cache-dir", validatenonempty);
	cfg_set_validate_func(cfg, "env|link-mode", validatelinkmode);
	cfg_set_validate_func(cfg, "env|lock", validatenonempty);
	cfg_set_validate_func(cfg, "env|exclude-newer", validateexcludenewer);
	cfg_set_validate_func(cfg, "env|requirements", validatenonempty);
	cfg_set_validate_func(cfg, "env|constraints", validatenonempty);
	cfg_set_validate_func(cfg, "env|packages", validatenonempty);
	cfg_set_validate_func(cfg, "env|editable", validatenonempty);
	cfg_set_validate_func(cfg, "env|track-env", validatenonempty);
	cfg_set_validate_func(cfg, "env|extras", validatenonempty);
	cfg_set_validate_func(cfg, "env|groups", validatenonempty);
	struct buf text = {0};
	FILE *fp = NULL;

	ret = conftidy(file, &text);
	if (ret < 0) {
		cfg_free(cfg);
		return -1;
	}
	if (ret == 0 && (fp = fmemopen(text.s, text.len, "r"))) {
		free(cfg->filename);
		cfg->filename = xstrdup(file);
		ret = cfg_parse_fp(cfg, fp);
		fclose(fp);
	} else {
		ret = cfg_parse(cfg, file);
	}
	free(text.s);
	if (ret == CFG_FILE_ERROR) {
		warn("%s:", file);
		cfg_free(cfg);
		return -1;
	}
	if (ret != CFG_SUCCESS) {
		cfg_free(cfg);
		return -1;
	}
	unsigned n = cfg_size(cfg, "env");
	if (n == 0) {
		warn("%s: declares no env section", file);
		cfg_free(cfg);
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		struct env *e = envofsection(cfg_getnsec(cfg, "env", i), i, file);
		for (size_t j = 0; j < c->n; j++) {
			char *a = pathnorm(c->envs[j]->dir), *b = pathnorm(e->dir);
			int same = strcmp(a, b) == 0;
			free(a);
			free(b);
			if (same) {
				warn("%s: envs \"%s\" and \"%s\" share the dir '%s'", file,
				    c->envs[j]->name, e->name, e->dir);
				cfg_free(cfg);
				return -1;
			}
		}
		/* the remote cache is the file's, not an env's: every env uses it */
		if (cfg_size(cfg, "remote-cache") && *cfg_getstr(cfg, "remote-cache"))
			e->remote = xstrdup(cfg_getstr(cfg, "remote-cache"));
		e->remotewrite = cfg_getbool(cfg, "remote-cache-write");
		addenv(c, e);
	}
	cfg_free(cfg);
	return 0;
}

void
confapply(struct env *e, const struct decl *d)
{
	if (d->dir) {
		free(e->dir);
		e->dir = xstrdup(d->dir);
	}
	if (d->python) {
		free(e->python);
		e->python = xstrdup(d->python);
	}
	if (d->prompt) {
		free(e->prompt);
		e->prompt = xstrdup(d->prompt);
	}
	if (d->backend)
		e->backend = backendparse(d->backend);
	if (d->cachedir) {
		free(e->cachedir);
		e->cachedir = xstrdup(d->cachedir);
	}
	if (d->linkmode)
		e->linkmode = linkmodeparse(d->linkmode);
	/* the remote cache: the flag, else $VENVMK_REMOTE_CACHE, else venv.conf; "" is none */
	const char *remote = d->remote ? d->remote : getenv("VENVMK_REMOTE_CACHE");
	if (remote) {
		free(e->remote);
		e->remote = *remote ? xstrdup(remote) : NULL;
	}
	const char *w = getenv("VENVMK_REMOTE_CACHE_WRITE");
	if (d->remotewrite || (w && *w))
		e->remotewrite = d->remotewrite || strcmp(w, "0") != 0;
	/* the cutoff: the flag, else $VENVMK_EXCLUDE_NEWER, else venv.conf; "" is none (confload checked them) */
	const char *newer = d->excludenewer ? d->excludenewer : getenv("VENVMK_EXCLUDE_NEWER"), *why;
	if (newer) {
		free(e->excludenewer);
		e->excludenewer = *newer ? excludenewerparse(newer, &why) : NULL;
	}
	if (d->lock) {
		free(e->lock);
		e->lock = xstrdup(d->lock);
		/* a lock is the whole env: the implied ./requirements.txt is not read beside it */
		if (e->reqoptional && !d->hasreq) {
			strlistclear(&e->requirements);
			e->reqoptional = false;
		}
	}
	if (d->hasreq)
		strlistcopy(&e->requirements, &d->requirements);
	if (d->hascon)
		strlistcopy(&e->constraints, &d->constraints);
	if (d->haspkg)
		strlistcopy(&e->packages, &d->packages);
	if (d->hasedit)
		strlistcopy(&e->editables, &d->editables);
	if (d->haspiparg)
		strlistcopy(&e->pipargs, &d->pipargs);
	if (d->hasextra)
		strlistcopy(&e->extras, &d->extras);
	if (d->hasgroup)
		strlistcopy(&e->groups, &d->groups);
	if (d->hastrack)
		strlistcopy(&e->trackenv, &d->trackenv);
	if (d->syssite >= 0)
		e->syssite = d->syssite;
	if (d->pip >= 0)
		e->pip = d->pip;
}

/* is the cutoff V (NULL or "": none) that WHAT gives a date? 0, or -1 after saying why not */
static int
checknewer(const char *what, const char *v)
{
	const char *why;
	char *d = v && *v ? excludenewerparse(v, &why) : NULL;

	if (v && *v && !d) {
		warn("%s: '%s': %s", what, v, why);
		return -1;
	}
	free(d);
	return 0;
}

int
confload(struct conf *c, const char *file, const struct decl *d)
{
	memset(c, 0, sizeof(*c));
	if (d->backend && backendparse(d->backend) < 0) {
		warn("--backend: unknown backend '%s' (known: native, venv, virtualenv)", d->backend);
		return -1;
	}
	if (d->dir) {
		const char *msg = dircheck(d->dir);
		if (msg) {
			warn("--dir: '%s' %s", d->dir, msg);
			return -1;
		}
	}
	if (d->linkmode && linkmodeparse(d->linkmode) < 0) {
		warn("--link-mode: unknown mode '%s' (known: auto, clone, hardlink, copy)", d->linkmode);
		return -1;
	}
	if (d->excludenewer ? checknewer("--exclude-newer", d->excludenewer) < 0
	    : checknewer("VENVMK_EXCLUDE_NEWER", getenv("VENVMK_EXCLUDE_NEWER")) < 0)
		return -1;
	if (d->python && !d->python[0]) {
		warn("--python: empty value");
		return -1;
	}
	if (!file && !d->noconf && access("venv.conf", F_OK) == 0)
		file = "venv.conf";
	if (file) {
		c->file = xstrdup(file);
		if (parsefile(c, file) < 0)
			return -1;
	} else {
		struct env *e = mkenv();
		e->dir = xstrdup(".venv");
		if (!d->hasreq) {
			strlistadd(&e->requirements, "requirements.txt");
			e->reqoptional = true;
		}
		addenv(c, e);
	}
	return 0;
}

struct env *
conffind(struct conf *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->envs[i]->name && strcmp(c->envs[i]->name, name) == 0)
			return c->envs[i];
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->envs[i]->dir, name) == 0)
			return c->envs[i];
	return NULL;
}

const char *
envlabel(const struct env *e)
{
	return e->label ? e->label : e->dir;
}

/* is PATH's name a PEP 751 lock's: pylock.toml or pylock.NAME.toml? */
static bool
pylockname(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	return strcmp(base, "pylock.toml") == 0 || (strncmp(base, "pylock.", 7) == 0 && endswith(base, ".toml"));
}

int
envcheck(const struct env *e)
{
	const struct strlist *lists[] = { &e->packages, &e->editables, &e->requirements, &e->constraints,
		&e->extras, &e->groups };
	static const char *const names[] = { "package", "editable", "requirements", "constraints",
		"extra", "group" };

	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < lists[i]->n; j++) {
			const char *v = lists[i]->v[j];
			if (!v[0] || v[0] == '-' || strchr(v, '\n')) {
				warn("%s: %s '%s': %s", envlabel(e), names[i], v,
				    v[0] == '-' ? "must not start with '-' (pip would read an option)"
				    : v[0] ? "holds a newline" : "is empty");
				return -1;
			}
		}
	for (size_t j = 0; j < e->trackenv.n; j++)
		if (!e->trackenv.v[j][0] || strchr(e->trackenv.v[j], '=')) {
			warn("%s: track-env '%s' is not a variable name", envlabel(e), e->trackenv.v[j]);
			return -1;
		}
	if (e->prompt && strchr(e->prompt, '\n')) {
		warn("%s: prompt holds a newline", envlabel(e));
		return -1;
	}
	if (e->lock && e->editables.n) {
		warn("%s: lock '%s': a lock takes no editables beside it (a local project is no lock's)", envlabel(e), e->lock);
		return -1;
	}
	if (e->lock && (e->requirements.n || e->constraints.n || e->packages.n) && !pylockname(e->lock)) {
		/* the pip-compile workflow: venvmk writes the lock from the inputs, as a pylock */
		warn("%s: lock '%s': a lock made from the requirements beside it is a pylock.toml or pylock.NAME.toml",
		    envlabel(e), e->lock);
		return -1;
	}
	if (e->lock && e->backend != BACKEND_NATIVE) {
		warn("%s: lock '%s': a lock is installed by the native backend only (backend = \"native\")",
		    envlabel(e), e->lock);
		return -1;
	}
	if (e->excludenewer && e->backend != BACKEND_NATIVE) {
		warn("%s: exclude-newer: the %s backend installs with pip, which has no such option: use backend = \"native\"",
		    envlabel(e), backendname(e->backend));
		return -1;
	}
	if (e->lock && (!e->lock[0] || e->lock[0] == '-' || strchr(e->lock, '\n'))) {
		warn("%s: lock '%s': not a usable path", envlabel(e), e->lock);
		return -1;
	}
	const char *bad = e->remote ? urls3split(e->remote, NULL, NULL) : NULL;
	if (bad) {
		warn("%s: remote cache '%s': %s", envlabel(e), e->remote, bad);
		return -1;
	}
	return 0;
}

static void
delenv(struct env *e)
{
	if (!e)
		return;
	struct strlist *lists[] = { &e->requirements, &e->constraints, &e->packages,
		&e->editables, &e->pipargs, &e->trackenv, &e->extras, &e->groups };
	for (size_t i = 0; i < 8; i++) {
		strlistclear(lists[i]);
		free(lists[i]->v);
	}
	free(e->name);
	free(e->dir);
	free(e->python);
	free(e->prompt);
	free(e->conffile);
	free(e->lock);
	free(e->remote);
	free(e->excludenewer);
	free(e);
}

void
delconf(struct conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		delenv(c->envs[i]);
	free(c->envs);
	free(c->file);
	memset(c, 0, sizeof(*c));
}
