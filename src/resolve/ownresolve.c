/* ownresolve.c: resolving with venvmk's solver (solve/) over the indexes and find-links
 * (provider.c) when the inputs allow it: requirements by name and specifier, with extras and
 * markers, constraints, and the index options. The answer is written as pip's installation
 * report, so everything downstream (the cached report, the fetch, the links) is unchanged.
 * --only-binary, --no-binary and --prefer-binary are modelled (inputs/binfmt.c). Anything
 * else (a URL, a local project, an editable, an option venvmk does not model, an sdist to
 * build) is pip's, as before. */
#include <jansson.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "base/url.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "inputs/pipconf.h"
#include "inputs/netconf.h"
#include "cache/pagecache.h"
#include "cache/wheel.h"
#include "parse/coremeta.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "solve/solver.h"
#include "resolve/provider.h"
#include "resolve/ownresolve.h"

/* pip options venvmk's resolver models (the index ones are read by netconf, the binary ones by binfmt) or that change nothing it does */
static const char *const benign[] = {
	"index-url", "extra-index-url", "find-links", "no-index", "pre", "only-binary", "no-binary", "prefer-binary", "trusted-host",
	"cert", "client-cert", "proxy", "timeout", "retries", "disable-pip-version-check", "no-cache-dir",
	"cache-dir", "no-input", "quiet", "verbose", "progress-bar", "no-color", "root-user-action", "default-timeout",
	"break-system-packages", "require-virtualenv", "no-python-version-warning", "config-file", "no-deps",
	"no-dependencies", NULL,
};

/* the options of pip install that a configuration file may set and venvmk's resolver does not
 * model (pip ignores a key that is no option of pip install, and so does this) */
static const char *const confdeny[] = {
	"abi", "check-build-dependencies", "config-settings", "constraint", "editable", "force-reinstall",
	"global-option", "ignore-installed", "ignore-requires-python", "implementation", "install-option",
	"no-build-isolation", "no-use-pep517", "platform", "prefix", "python",
	"python-version", "require-hashes", "requirement", "root", "src", "source", "source-dir",
	"source-directory", "target", "upgrade", "upgrade-strategy", "use-deprecated", "use-feature",
	"use-pep517", "user", NULL,
};

/* what the resolver is asked that pip would be asked too: --pre, --no-deps */
struct ownopts {
	bool pre, nodeps;
};

/* what one configuration file holds that venvmk's resolver does not model */
struct confwhy {
	const char *file;
	char *why;		/* NULL, or the first such key */
	struct ownopts o;	/* what it sets */
};

/* a boolean setting's VALUE as pip's strtobool reads it */
static bool
truthy(const char *value)
{
	return (value[0] && strchr("1yYtT", value[0])) || strcasecmp(value, "on") == 0;
}

static bool
isnodeps(const char *name)
{
	return strcmp(name, "no-deps") == 0 || strcmp(name, "no-dependencies") == 0;
}

static void
confcheck(void *ctx, int section, const char *key, const char *value)
{
	struct confwhy *w = ctx;

	(void)section;
	for (size_t i = 0; confdeny[i] && !w->why; i++)
		if (strcmp(key, confdeny[i]) == 0)
			w->why = xasprintf("%.40s in %.200s, a pip setting venvmk's resolver does not model", key, w->file);
	if (strcmp(key, "pre") == 0)
		w->o.pre = truthy(value);
	if (isnodeps(key))
		w->o.nodeps = truthy(value);
}

/* is the long option NAME (no dashes) one of BENIGN? */
static bool
isbenign(const char *name, size_t n)
{
	for (size_t i = 0; benign[i]; i++)
		if (strlen(benign[i]) == n && strncmp(benign[i], name, n) == 0)
			return true;
	return false;
}

/* why S's inputs need pip, or NULL when venvmk's solver can take them (*O: what they ask of it) */
static const char *
needspip(const struct sync *s, struct ownopts *o)
{
	const struct env *e = s->e;
	const struct inputs *x = s->x;
	const char *how = getenv("VENVMK_RESOLVE");
	extern char **environ;

	*o = (struct ownopts){ false, false };
	if (how && *how && strcmp(how, "venvmk") != 0)
		return "VENVMK_RESOLVE asks for pip";
	if (e->editables.n || x->rs.projects.n || x->rs.remote.n)
		return "an editable, a local project or a remote requirements file";
	for (size_t i = 0; i < x->rs.lines.n; i++) {
		const char *l = x->rs.lines.v[i];
		if (strncmp(l, "req ", 4) == 0 || strncmp(l, "constraint ", 11) == 0) {
			if (strstr(l, " --") || strchr(l, '@') || strstr(l, "://"))
				return "a URL requirement or a per-requirement option";
		} else if (strncmp(l, "opt ", 4) == 0) {
			if (!isbenign(l + 4, strcspn(l + 4, " ")))
				return "a pip option venvmk's resolver does not model";
			o->pre |= strncmp(l + 4, "pre", 3) == 0 && (!l[7] || l[7] == ' ');
		} else {
			return "an input venvmk's resolver does not model";
		}
	}
	for (size_t i = 0; i < e->pipargs.n; i++) {
		const char *a = e->pipargs.v[i];
		if (a[0] != '-')
			continue;	/* an option's value */
		if (a[1] != '-' && strcmp(a, "-i") != 0 && strcmp(a, "-f") != 0 && strcmp(a, "-q") != 0 && strcmp(a, "-v") != 0)
			return "a pip argument venvmk's resolver does not model";
		if (a[1] == '-' && !isbenign(a + 2, strcspn(a + 2, "=")))
			return "a pip argument venvmk's resolver does not model";
		o->pre |= strcmp(a, "--pre") == 0;
		o->nodeps |= isnodeps(a + 2);
	}
	for (char **v = environ; *v; v++) {
		size_t n = strcspn(*v, "=");
		if (strncmp(*v, "PIP_", 4) != 0)
			continue;
		char name[64];
		size_t k;
		for (k = 0; k + 4 < n && k < sizeof(name) - 1; k++)
			name[k] = (*v)[4 + k] == '_' ? '-' : (char)((*v)[4 + k] | 0x20);
		name[k] = '\0';
		if (!isbenign(name, k)) {
			static char msg[96];
			snprintf(msg, sizeof(msg), "%.*s, a setting venvmk's resolver does not model", (int)(n < 40 ? n : 40), *v);
			return msg;
		}
		o->pre |= strcmp(name, "pre") == 0 && strcmp(*v + n, "=0") != 0 && strcmp(*v + n, "=false") != 0;
		o->nodeps |= isnodeps(name) && (*v)[n] == '=' && truthy(*v + n + 1);
	}
	for (size_t i = 0; i < x->pipconf.n; i++) {
		static char msg[320];
		struct confwhy w = { x->pipconf.v[i], NULL, { false, false } };
		pipconfeach(x->pipconf.v[i], confcheck, &w);
		o->pre |= w.o.pre;
		o->nodeps |= w.o.nodeps;
		if (w.why) {
			snprintf(msg, sizeof(msg), "%s", w.why);
			free(w.why);
			return msg;
		}
	}
	return NULL;
}

/* the root requirements and constraints of S into REQS and CONS (and the lines of a -c file S->pipextra names) */
static void
rootlines(const struct sync *s, struct strlist *reqs, struct strlist *cons)
{
	for (size_t i = 0; i < s->x->rs.lines.n; i++) {
		const char *l = s->x->rs.lines.v[i];
		if (strncmp(l, "req ", 4) == 0)
			strlistadd(reqs, l + 4);
		else if (strncmp(l, "constraint ", 11) == 0)
			strlistadd(cons, l + 11);
	}
	for (size_t i = 0; s->pipextra && i + 1 < s->pipextra->n; i++) {
		struct buf b = {0};
		if (strcmp(s->pipextra->v[i], "-c") != 0 || readfile(s->pipextra->v[i + 1], &b) < 0)
			continue;
		for (char *l = strtok(b.s ? b.s : (char[]){0}, "\n"); l; l = strtok(NULL, "\n"))
			if (*l && *l != '#')
				strlistadd(cons, l);
		free(b.s);
	}
}

/* "file:///abs/path" with the bytes a URL cannot hold escaped */
static char *
fileurl(const char *path)
{
	struct buf b = {0};

	bufputs(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p > 0x20 && *p < 0x7f && *p != '%' && *p != '#' && *p != '?')
			bufputc(&b, *p);
		else
			bufprintf(&b, "%%%02X", *p);
	return b.s;
}

/* the strings of L as a JSON array */
static json_t *
jlist(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; l && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

/* pip's report item for the pick K of RES (REQS the root requirements) */
static json_t *
reportitem(const struct solvepick *k, const struct strlist *reqs, const char *cache)
{
	struct pcand *c = k->data;
	struct coremeta m = {0};
	json_t *it = json_object(), *meta = json_object(), *dl = json_object(), *ai = json_object();
	char hex[65];
	bool requested = false;

	coremetaparse(&m, c->metatext ? c->metatext : "", c->metatext ? strlen(c->metatext) : 0);
	json_object_set_new(meta, "name", json_string(m.name ? m.name : k->name));
	json_object_set_new(meta, "version", json_string(m.version ? m.version : k->version));
	json_object_set_new(meta, "requires_dist", jlist(&m.requiresdist));
	if (m.requirespython)
		json_object_set_new(meta, "requires_python", json_string(m.requirespython));
	json_object_set_new(meta, "provides_extra", jlist(&m.providesextra));
	if (!c->sha256[0] && c->path && wheelsha(cache, c->path, hex) == 0)
		snprintf(c->sha256, sizeof(c->sha256), "%s", hex);
	char *url = c->url ? xstrdup(c->url) : fileurl(c->path);
	json_object_set_new(dl, "url", json_string(url));
	free(url);
	if (c->sha256[0]) {
		char *h = xasprintf("sha256=%s", c->sha256);
		json_object_set_new(ai, "hash", json_string(h));
		json_object_set_new(ai, "hashes", json_pack("{s:s}", "sha256", c->sha256));
		free(h);
	}
	json_object_set_new(dl, "archive_info", ai);
	for (size_t i = 0; i < reqs->n && !requested; i++) {
		struct dep d;
		const char *why;
		if (depparse(&d, reqs->v[i], &why) == 0) {
			requested = strcmp(d.canon, k->name) == 0;
			depclear(&d);
		}
	}
	json_object_set_new(it, "download_info", dl);
	json_object_set_new(it, "is_direct", json_false());
	json_object_set_new(it, "requested", json_boolean(requested));
	json_object_set_new(it, "requested_extras", jlist(requested ? k->extras : NULL));
	json_object_set_new(it, "metadata", meta);
	coremetaclear(&m);
	return it;
}

/* the report of RES as pip writes it, into OUT */
static void
writereport(const struct solveresult *res, const struct strlist *reqs, const char *cache, struct buf *out)
{
	json_t *root = json_object(), *install = json_array();

	json_object_set_new(root, "version", json_string("1"));
	json_object_set_new(root, "pip_version", json_string("venvmk"));
	for (size_t i = 0; i < res->n; i++)
		json_array_append_new(install, reportitem(&res->v[i], reqs, cache));
	json_object_set_new(root, "install", install);
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	bufputs(out, text);
	free(text);
	json_decref(root);
}

/* the conclusion of the chain WHY (its last line) as the error, which a failed sync records;
 * the steps that lead to it below, indented */
static void
tellnosolution(const char *label, const char *why)
{
	size_t n = strlen(why);
	const char *last;

	while (n && why[n - 1] == '\n')
		n--;
	for (last = why + n; last > why && last[-1] != '\n'; last--)
		;
	warn("%s: no solution: %.*s", label, (int)(why + n - last), last);
	for (const char *l = why; l < last; l = strchr(l, '\n') + 1)
		fprintf(stderr, "  %.*s\n", (int)strcspn(l, "\n"), l);
}

/* ownresolve, but for exclude-newer: -1 with *PIPWHY (newly allocated) saying why pip must resolve */
static int
ownsolve(struct sync *s, struct buf *report, char **pipwhy)
{
	const char *label = envlabel(s->e), *why;
	struct strlist reqs = {0}, cons = {0};
	struct solveresult res = {0};
	struct solveprovider sp;
	struct markerenv me;
	struct provider *p;
	struct ownopts o;
	int ret = -1;

	if (s->ownfailed) {
		*pipwhy = xstrdup("venvmk's resolver could not");
		return -1;	/* tried already: pip's turn */
	}
	if ((why = needspip(s, &o))) {
		if (s->verbose)
			note("%s: pip resolves: %s", label, why);
		*pipwhy = xstrdup(why);
		return -1;
	}
	if (!(p = mkprovider(s))) {
		*pipwhy = xstrdup("this interpreter's wheel tags could not be had");
		return -1;
	}
	rootlines(s, &reqs, &cons);
	/* every root's pages in the first batch, not one round trip each; then what they
	 * most likely need, a level a batch */
	for (size_t i = 0; i < reqs.n; i++)
		providerwant(p, reqs.v[i]);
	interpmarkers(&s->x->in, &me);
	struct solverequest rq = { &reqs, &cons, &me, s->x->in.version, o.pre };
	if (o.nodeps)
		providernodeps(p);
	providerbind(p, &sp);
	int got = providerwarm(p, &reqs, &cons, s->x->in.version, o.pre) < 0 ? -1 : solve(&rq, &sp, &res);
	if (got == 0) {
		writereport(&res, &reqs, s->cache, report);
		if (s->verbose)
			note("%s: resolved by venvmk: %zu distributions, %zu requests", label, res.n, providerrequests(p));
		ret = 0;
	} else if (got == 1) {
		if (!s->trying)
			tellnosolution(label, res.why ? res.why : "(no reason given)");
		ret = 1;
	} else if (providerfinal(p)) {
		warn("%s: %s", label, providerfinal(p));
		ret = 1;
	} else {
		why = providerwhy(p) ? providerwhy(p) : res.why ? res.why : "the solver failed";
		if ((s->verbose || !providerwhy(p)) && !s->e->excludenewer)
			note("%s: pip resolves: %s", label, why);
		*pipwhy = xstrdup(why);
	}
	solveresultclear(&res);
	delprovider(p);
	strlistclear(&reqs);
	free(reqs.v);
	strlistclear(&cons);
	free(cons.v);
	return ret;
}

int
ownresolve(struct sync *s, struct buf *report)
{
	char *why = NULL;
	int ret = ownsolve(s, report, &why);

	/* pip has no such option: resolving without the date would be a quiet lie */
	if (ret < 0 && s->e->excludenewer) {
		if (!s->ownfailed)
			warn("%s: exclude-newer %s: pip would have to resolve (%s), and pip has no such option: not resolving",
			    envlabel(s->e), s->e->excludenewer, why);
		s->ownfailed = true;
		ret = 1;
	}
	free(why);
	return ret;
}

void
ownprefetch(struct sync *s)
{
	struct ownopts o;
	struct netconf nc;
	struct strlist idx = {0}, urls = {0}, seen = {0};

	if (needspip(s, &o))
		return;
	netconfread(&nc, s->e, &s->x->pipconf, &s->x->rs.lines);
	pageindexes(&nc, &idx);
	for (size_t i = 0; i < s->x->rs.lines.n; i++) {
		struct dep d;
		const char *why;
		if (strncmp(s->x->rs.lines.v[i], "req ", 4) != 0 || depparse(&d, s->x->rs.lines.v[i] + 4, &why) < 0)
			continue;
		if (!d.url && strlistfind(&seen, d.canon) < 0) {
			strlistadd(&seen, d.canon);
			for (size_t k = 0; k < idx.n; k++)
				strlistpush(&urls, pageurl(idx.v[k], d.canon));
		}
		depclear(&d);
	}
	pagesprefetch(s, &nc, (const char *const *)urls.v, urls.n);
	struct strlist *all[] = { &idx, &urls, &seen };
	for (size_t k = 0; k < 3; k++) {
		strlistclear(all[k]);
		free(all[k]->v);
	}
	netconfclear(&nc);
}
