/* netconf.c: where and how pip would download, read from pip's config files, PIP_* variables and options. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/netconf.h"
#include "inputs/pipconf.h"

/* the options venvmk's downloader needs; the rest of pip's configuration is pip's */
static const char *const keys[] = {
	"index-url", "extra-index-url", "find-links", "trusted-host", "cert", "client-cert",
	"proxy", "timeout", "retries", "no-index",
};
enum { NKEYS = sizeof(keys) / sizeof(*keys) };

/* the values of each key, one layer of pip's configuration */
struct layer {
	char *v[NKEYS];		/* NULL: not set here */
};

static int
keyindex(const char *name, size_t n)
{
	char norm[64];

	/* pip normalizes "--Index_URL" to "index-url" */
	if (pipconfkey(name, n, norm, sizeof(norm)) < 0)
		return -1;
	if (strcmp(norm, "default-timeout") == 0)
		strcpy(norm, "timeout");
	for (int i = 0; i < NKEYS; i++)
		if (strcmp(norm, keys[i]) == 0)
			return i;
	return -1;
}

static void
setkey(struct layer *l, int k, const char *v, size_t n)
{
	free(l->v[k]);
	l->v[k] = xstrndup(v, n);
}

struct readctx {
	struct layer *g, *in;
};

static void
onkey(void *ctx, int section, const char *key, const char *value)
{
	struct readctx *c = ctx;
	int k = keyindex(key, strlen(key));

	if (k >= 0)
		setkey(section == 0 ? c->g : c->in, k, value, strlen(value));
}

/* read one of pip's configuration files (pipconf.c) into G ([global]) and I ([install]) */
static void
readconf(const char *path, struct layer *g, struct layer *in)
{
	struct readctx c = { g, in };

	pipconfeach(path, onkey, &c);
}

/* layer TOP over BASE */
static void
overlay(struct layer *base, struct layer *top)
{
	for (int k = 0; k < NKEYS; k++)
		if (top->v[k]) {
			free(base->v[k]);
			base->v[k] = top->v[k];
			top->v[k] = NULL;
		}
}

/* split a multi-valued setting on whitespace into L */
static void
splitinto(struct strlist *l, const char *v)
{
	char *copy = xstrdup(v);

	for (char *tok = strtok(copy, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n"))
		strlistadd(l, tok);
	free(copy);
}

static bool
isurl(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static void
known(struct netconf *n, const char *v)
{
	struct strlist l = {0};

	splitinto(&l, v);
	for (size_t i = 0; i < l.n; i++)
		if (isurl(l.v[i]) && strlistfind(&n->known, l.v[i]) < 0)
			strlistadd(&n->known, l.v[i]);
	strlistclear(&l);
	free(l.v);
}

static void
setstr(char **dst, const char *v)
{
	if (v) {
		free(*dst);
		*dst = xstrdup(v);
	}
}

void
netconfread(struct netconf *n, const struct env *e, const struct strlist *conffiles,
    const struct strlist *optlines)
{
	struct layer all = {0}, args = {0};
	extern char **environ;

	memset(n, 0, sizeof(*n));
	for (size_t i = 0; conffiles && i < conffiles->n; i++) {
		struct layer g = {0}, in = {0};
		readconf(conffiles->v[i], &g, &in);
		overlay(&g, &in);
		for (int k = 0; k < NKEYS; k++)
			if (g.v[k])
				known(n, g.v[k]);
		overlay(&all, &g);
	}
	for (char **ep = environ; *ep; ep++) {
		const char *eq = strchr(*ep, '=');
		int k;
		if (strncmp(*ep, "PIP_", 4) == 0 && eq && (k = keyindex(*ep + 4, eq - *ep - 4)) >= 0) {
			setkey(&all, k, eq + 1, strlen(eq + 1));
			known(n, eq + 1);
		}
	}
	/* pip's own arguments: "--name value", "--name=value", "-i value", "-f value" */
	for (size_t i = 0; i < e->pipargs.n; i++) {
		const char *a = e->pipargs.v[i], *eq = strchr(a, '=');
		int k = strcmp(a, "-i") == 0 ? 0 : strcmp(a, "-f") == 0 ? 2
		    : strncmp(a, "--", 2) == 0 ? keyindex(a, eq ? (size_t)(eq - a) : strlen(a)) : -1;
		if (k < 0)
			continue;
		const char *v = eq && a[1] == '-' ? eq + 1 : strcmp(keys[k], "no-index") == 0 ? "1"
		    : i + 1 < e->pipargs.n ? e->pipargs.v[++i] : NULL;
		if (!v)
			continue;
		if (args.v[k] && (k == 1 || k == 2 || k == 3)) {
			char *j = xasprintf("%s %s", args.v[k], v);
			free(args.v[k]);
			args.v[k] = j;
		} else {
			setkey(&args, k, v, strlen(v));
		}
		known(n, v);
	}
	overlay(&all, &args);
	setstr(&n->index, all.v[0]);
	if (all.v[1])
		splitinto(&n->extra, all.v[1]);
	if (all.v[2])
		splitinto(&n->findlinks, all.v[2]);
	if (all.v[3])
		splitinto(&n->trusted, all.v[3]);
	setstr(&n->cert, all.v[4]);
	setstr(&n->clientcert, all.v[5]);
	setstr(&n->proxy, all.v[6]);
	setstr(&n->timeout, all.v[7]);
	setstr(&n->retries, all.v[8]);
	n->noindex = all.v[9] && strchr("1yYtT", all.v[9][0]);
	/* the requirement files' options: -i replaces, the others add */
	for (size_t i = 0; optlines && i < optlines->n; i++) {
		const char *l = optlines->v[i];
		if (strncmp(l, "opt ", 4) != 0)
			continue;
		l += 4;
		size_t kn = strcspn(l, " ");
		int k = keyindex(l, kn);
		const char *v = l[kn] ? l + kn + 1 : "";
		if (k < 0)
			continue;
		known(n, v);
		if (k == 0)
			setstr(&n->index, v);
		else if (k == 1)
			strlistadd(&n->extra, v);
		else if (k == 2)
			strlistadd(&n->findlinks, v);
		else if (k == 3)
			strlistadd(&n->trusted, v);
		else if (k == 9)
			n->noindex = true;
	}
	/* requests' own variables stand in for pip's cert when pip is given none */
	if (!n->cert && getenv("REQUESTS_CA_BUNDLE") && *getenv("REQUESTS_CA_BUNDLE"))
		n->cert = xstrdup(getenv("REQUESTS_CA_BUNDLE"));
	else if (!n->cert && getenv("CURL_CA_BUNDLE") && *getenv("CURL_CA_BUNDLE"))
		n->cert = xstrdup(getenv("CURL_CA_BUNDLE"));
	for (int k = 0; k < NKEYS; k++) {
		free(all.v[k]);
		free(args.v[k]);
	}
}

void
netconfclear(struct netconf *n)
{
	free(n->index);
	free(n->cert);
	free(n->clientcert);
	free(n->proxy);
	free(n->timeout);
	free(n->retries);
	strlistclear(&n->extra);
	strlistclear(&n->findlinks);
	strlistclear(&n->trusted);
	strlistclear(&n->known);
	free(n->extra.v);
	free(n->findlinks.v);
	free(n->trusted.v);
	free(n->known.v);
	memset(n, 0, sizeof(*n));
}

/* split URL into its userinfo (or NULL), and the scheme://host:port it names */
static void
urlparts(const char *url, char **userinfo, char **origin, const char **rest)
{
	const char *p = strstr(url, "://"), *auth, *end, *at;

	*userinfo = *origin = NULL;
	*rest = url;
	if (!p)
		return;
	auth = p + 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (const char *q = auth; q < end; q++)
		if (*q == '@')
			at = q;		/* the last '@' ends the userinfo, as urllib splits it */
	if (at)
		*userinfo = xstrndup(auth, at - auth);
	const char *host = at ? at + 1 : auth;
	char *o = xasprintf("%.*s%.*s", (int)(auth - url), url, (int)(end - host), host);
	for (char *c = o; *c; c++)
		*c = tolower((unsigned char)*c);
	*origin = o;
	*rest = end;
}

char *
netconfauth(const struct netconf *n, const char *url)
{
	char *uinfo, *uorigin, *found = NULL;
	const char *urest;

	urlparts(url, &uinfo, &uorigin, &urest);
	if (uinfo || !uorigin) {
		free(uorigin);
		return uinfo;	/* a URL that carries its own credentials keeps them */
	}
	/* first an index the URL lies under, then any on the same host and port */
	for (int pass = 0; pass < 2 && !found; pass++) {
		for (size_t i = 0; i < n->known.n && !found; i++) {
			char *info, *origin;
			const char *rest;
			urlparts(n->known.v[i], &info, &origin, &rest);
			if (info && origin && strcmp(origin, uorigin) == 0) {
				size_t rn = strlen(rest);
				while (rn > 0 && rest[rn - 1] == '/')
					rn--;
				if (pass == 1 || (strncmp(urest, rest, rn) == 0 && (urest[rn] == '/' || !urest[rn])))
					found = info, info = NULL;
			}
			free(info);
			free(origin);
		}
	}
	free(uorigin);
	return found;
}
