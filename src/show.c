/* show.c: show and show --json output. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "cache/cache.h"
#include "env/place.h"
#include "base/url.h"
#include "show.h"
#include "inputs/tomlreq.h"
#include "inputs/netconf.h"
#include "parse/report.h"
#include <sys/stat.h>

static void
jstr(const char *s)
{
	/* a credential in a URL is never shown: "user:****@host", as pip prints it */
	char *r = s ? urlnoauth(s, true) : NULL;

	putchar('"');
	for (const unsigned char *p = (const unsigned char *)r; p && *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
	free(r);
}

static void
jlist(const char *key, const struct strlist *l, bool comma)
{
	printf("  ");
	jstr(key);
	printf(": [");
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			printf(", ");
		jstr(l->v[i]);
	}
	printf("]%s\n", comma ? "," : "");
}

/* printf FMT with the one string S, its URLs' passwords shown as "****" */
static void
printredacted(const char *fmt, const char *s)
{
	char *r = urlnoauth(s, true);

	printf(fmt, r);
	free(r);
}

/* E's dependency groups as "PATH:NAME", the file each is read from made explicit */
static void
groupspecs(const struct env *e, struct strlist *out)
{
	for (size_t i = 0; i < e->groups.n; i++) {
		char *path, *name;
		tomlreqgroup(e, e->groups.v[i], &path, &name);
		strlistpush(out, xasprintf("%s:%s", path, name));
		free(path);
		free(name);
	}
}

static const char *
status(const struct decision *d, const struct state *st)
{
	if (d->act == ACT_NONE)
		return "up to date";
	if (!st->present)
		return "never synced";
	return d->act == ACT_INSTALL ? "needs refresh" : "needs recreate";
}

/* S as a JSON string, or null when S is NULL */
static void
jstrornull(const char *s)
{
	if (s)
		jstr(s);
	else
		printf("null");
}

/* one element of "inputs", after a comma unless it is the first */
static void
jinput(const char *path, bool remote, bool *comma)
{
	printf("%s{\"path\": ", *comma ? ", " : "");
	jstr(path);
	printf(", \"remote\": %s}", remote ? "true" : "false");
	*comma = true;
}

/* the time T as "2026-12-07 16:40:12 UTC" (JSON: "2026-12-07T16:40:12Z") into OUT */
static void
utctime(long long t, bool json, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, json ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(out, 32, "%lld", t);
}

/* text: when and why the last sync changed the env, and the requirement lines it changed */
static void
textbuilt(const struct state *st)
{
	char when[32];

	if (!st->built) {
		printf("rebuilt:      %s\n", st->present ? "not recorded" : "never");
		return;
	}
	utctime(st->built->time, false, when);
	printf("rebuilt:      %s, %s: %s\n", when, st->built->action, st->built->reason);
	for (size_t i = 0; i < st->built->changes.n; i++)
		printf("                %s\n", st->built->changes.v[i]);
}

/* text: the env, its interpreter, backend, cache, stamp, fingerprint and state */
static void
textenv(const struct env *e, const struct inputs *x, const struct decision *d,
    const struct state *st, const char *stamp)
{
	printf("env:          %s\n", e->name ? e->name : "-");
	printf("dir:          %s\n", e->dir);
	printf("python:       %s → %s (%s %s)\n", e->python, x->in.real, x->in.impl, x->in.version);
	printf("backend:      %s\n", backendname(e->backend));
	if (e->backend == BACKEND_NATIVE) {
		char *c = cachedir(e->cachedir);
		char *how = placesummary(e->dir, e->linkmode);
		printf("cache:        %s (%s)\n", c, how);
		free(how);
		free(c);
	}
	printf("stamp:        %s\n", stamp);
	printf("fingerprint:  %s\n", x->fp);
	printf("state:        %s%s%s\n", status(d, st), d->reason && d->act ? ": " : "",
	    d->reason && d->act ? d->reason : "");
	for (size_t i = 0; d->act && i < d->changes.n; i++)
		printf("                %s\n", d->changes.v[i]);
	textbuilt(st);
}

/* text: the input files, tracked variables, extras and groups, and the lines */
static void
textinputs(const struct env *e, const struct inputs *x)
{
	printf("inputs:\n");
	if (e->conffile)
		printf("  %s\n", e->conffile);
	for (size_t i = 0; i < x->rs.files.n; i++)
		printf("  %s\n", x->rs.files.v[i]);
	for (size_t i = 0; i < x->rs.remote.n; i++)
		printredacted("  %s (remote: not tracked, only its URL)\n", x->rs.remote.v[i]);
	for (size_t i = 0; i < x->rs.absent.n; i++)
		printf("  %s (absent)\n", x->rs.absent.v[i]);
	printf("tracked env:\n");
	for (size_t i = 0; i < x->track.n; i++)
		printf("  %s%s\n", x->track.v[i], strchr(x->track.v[i], '=') ? "" : " (unset)");
	for (size_t i = 0; i < x->rs.vars.n; i++)
		printf("  ${%s}\n", x->rs.vars.v[i]);
	if (e->extras.n || e->groups.n) {
		struct strlist g = {0};
		groupspecs(e, &g);
		printf("extras:\n");
		for (size_t i = 0; i < e->extras.n; i++)
			printf("  %s\n", e->extras.v[i]);
		printf("groups:\n");
		for (size_t i = 0; i < g.n; i++)
			printf("  %s\n", g.v[i]);
		strlistclear(&g);
		free(g.v);
	}
	printf("lines:\n");
	for (size_t i = 0; i < x->rs.lines.n; i++)
		printredacted("  %s\n", x->rs.lines.v[i]);
}

/* JSON: name, dir, python, interpreter, backend, cache_dir and link_mode */
static void
jsonenv(const struct env *e, const struct inputs *x)
{
	char *c = cachedir(e->cachedir);

	printf("{\n  \"name\": ");
	jstrornull(e->name);
	printf(",\n  \"dir\": ");
	jstr(e->dir);
	printf(",\n  \"python\": ");
	jstr(e->python);
	printf(",\n  \"interpreter\": {\"path\": ");
	jstr(x->in.real);
	printf(", \"implementation\": ");
	jstr(x->in.impl);
	printf(", \"version\": ");
	jstr(x->in.version);
	printf(", \"shim\": %s},\n  \"backend\": ", x->in.shim ? "true" : "false");
	jstr(backendname(e->backend));
	printf(",\n  \"cache_dir\": ");
	jstr(c);
	free(c);
	printf(",\n  \"link_mode\": ");
	jstr(linkmodename(e->linkmode));
}

/* JSON: how the env's files came from the cache, as its record says (null without one) */
static void
jsonplaced(const struct env *e)
{
	enum linkmode used;
	size_t n[4], more[2];

	printf(",\n  \"link_mode_used\": ");
	if (placerecord(e->dir, &used, n, more, NULL) == 0) {
		jstr(linkmodename(used));
		printf(",\n  \"linked_files\": {\"clone\": %zu, \"hardlink\": %zu, \"copy\": %zu}",
		    n[LINK_CLONE], n[LINK_HARDLINK], n[LINK_COPY]);
		printf(",\n  \"carried_files\": %zu", more[1]);
	} else {
		printf("null,\n  \"linked_files\": null,\n  \"carried_files\": null");
	}
}

/* JSON: stamp, fingerprint, state, reason and last_sync_fingerprint */
static void
jsonstate(const struct inputs *x, const struct decision *d, const struct state *st,
    const char *stamp)
{
	printf(",\n  \"stamp\": ");
	jstr(stamp);
	printf(",\n  \"fingerprint\": ");
	jstr(x->fp);
	printf(",\n  \"state\": ");
	jstr(status(d, st));
	printf(",\n  \"reason\": ");
	jstrornull(d->act ? d->reason : NULL);
	printf(",\n");
	jlist("changes", d->act ? &d->changes : &(struct strlist){0}, true);
	printf("  \"last_sync_fingerprint\": ");
	jstrornull(st->present ? st->fp : NULL);
	printf(",\n  \"last_rebuilt\": ");
	if (st->built) {
		char when[32];
		utctime(st->built->time, true, when);
		printf("{\"time\": ");
		jstr(when);
		printf(", \"action\": ");
		jstr(st->built->action);
		printf(", \"reason\": ");
		jstr(st->built->reason);
		printf(", \"changes\": [");
		for (size_t i = 0; i < st->built->changes.n; i++) {
			printf("%s", i ? ", " : "");
			jstr(st->built->changes.v[i]);
		}
		printf("]}");
	} else {
		printf("null");
	}
}

/* JSON: inputs, absent_inputs, tracked_env, variables, extras, groups and lines */
static void
jsoninputs(const struct env *e, const struct inputs *x)
{
	struct strlist g = {0};
	bool comma = false;

	printf(",\n  \"inputs\": [");
	if (e->conffile)
		jinput(e->conffile, false, &comma);
	for (size_t i = 0; i < x->rs.files.n; i++)
		jinput(x->rs.files.v[i], false, &comma);
	for (size_t i = 0; i < x->rs.remote.n; i++)
		jinput(x->rs.remote.v[i], true, &comma);
	printf("],\n");
	jlist("absent_inputs", &x->rs.absent, true);
	jlist("tracked_env", &x->track, true);
	jlist("variables", &x->rs.vars, true);
	groupspecs(e, &g);
	jlist("extras", &e->extras, true);
	jlist("groups", &g, true);
	strlistclear(&g);
	free(g.v);
	jlist("lines", &x->rs.lines, false);
}

/* where the resolution of X came from: a lock, or the cached report of its fingerprint */
struct resolution {
	char *lock;		/* the lock installed from, or NULL */
	char *index;		/* the index (or "find-links") pip resolved against, credentials redacted */
	char *resolver;		/* "pip 23.2.1", or NULL when no resolution is cached */
	time_t when;
};

static void
resolutionof(struct resolution *rs, const struct env *e, const struct inputs *x)
{
	char *cache = cachedir(e->cachedir), *path = xasprintf("%s/reports/%s.json", cache, x->fp);
	struct buf b = {0};
	struct report r = {0};
	struct stat st;
	struct netconf nc;

	memset(rs, 0, sizeof(*rs));
	rs->lock = e->lock ? xstrdup(e->lock) : NULL;
	if (!rs->lock && stat(path, &st) == 0 && readfile(path, &b) == 0 && reportparse(&r, b.s ? b.s : "", path) == 0) {
		rs->when = st.st_mtime;
		rs->resolver = r.pipversion && strcmp(r.pipversion, "venvmk") == 0 ? xstrdup("venvmk")
		    : xasprintf("pip %s", r.pipversion ? r.pipversion : "(version unknown)");
		netconfread(&nc, e, &x->pipconf, &x->rs.lines);
		rs->index = nc.noindex ? xstrdup("find-links only") : urlredact(nc.index ? nc.index : "https://pypi.org/simple/");
		netconfclear(&nc);
		reportclear(&r);
	}
	free(b.s);
	free(path);
	free(cache);
}

/* "3 days ago" for a time T seconds back */
static char *
ago(time_t t)
{
	long s = (long)(time(NULL) - t);

	if (s < 120)
		return xasprintf("%ld seconds ago", s < 0 ? 0 : s);
	if (s < 7200)
		return xasprintf("%ld minutes ago", s / 60);
	if (s < 172800)
		return xasprintf("%ld hours ago", s / 3600);
	return xasprintf("%ld days ago", s / 86400);
}

static void
textresolution(const struct env *e, const struct inputs *x)
{
	struct resolution rs;

	resolutionof(&rs, e, x);
	if (rs.lock) {
		printf("resolved:     by the lock %s\n", rs.lock);
	} else if (rs.resolver) {
		char *a = ago(rs.when);
		printf("resolved:     %s against %s (%s)\n", a, rs.index, rs.resolver);
		free(a);
	} else {
		printf("resolved:     not yet (no cached resolution for this fingerprint)\n");
	}
	if (e->excludenewer)
		printf("exclude-newer: %s (files uploaded from then on are ignored)\n", e->excludenewer);
	free(rs.lock);
	free(rs.index);
	free(rs.resolver);
}

static void
jsonresolution(const struct env *e, const struct inputs *x)
{
	struct resolution rs;
	char when[32] = "";

	resolutionof(&rs, e, x);
	if (rs.resolver)
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&rs.when));
	printf(",\n  \"resolution\": {\"lock\": ");
	jstrornull(rs.lock);
	printf(", \"resolved_at\": ");
	jstrornull(rs.resolver ? when : NULL);
	printf(", \"age_seconds\": ");
	if (rs.resolver)
		printf("%ld", (long)(time(NULL) - rs.when));
	else
		printf("null");
	printf(", \"index\": ");
	jstrornull(rs.index);
	printf(", \"resolver\": ");
	jstrornull(rs.resolver);
	printf(", \"exclude_newer\": ");
	jstrornull(e->excludenewer);
	printf("}");
	free(rs.lock);
	free(rs.index);
	free(rs.resolver);
}

void
showenv(const struct env *e, const struct inputs *x, const struct decision *d,
    const struct state *st, const char *stamp, bool json, bool first, bool last)
{
	if (!json) {
		if (!first)
			putchar('\n');
		textenv(e, x, d, st, stamp);
		textresolution(e, x);
		textinputs(e, x);
		return;
	}
	/* several envs make one array */
	if (first)
		printf("[\n");
	jsonenv(e, x);
	jsonplaced(e);
	jsonstate(x, d, st, stamp);
	jsonresolution(e, x);
	jsoninputs(e, x);
	printf("}%s\n", last ? "\n]" : ",");
}
