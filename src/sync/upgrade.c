/* upgrade.c: sync --upgrade and --upgrade-package for an env without a lock: resolve afresh,
 * and rebuild only when the new resolution differs from what the env holds. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/spawn.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "parse/report.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pip/pipresolve.h"
#include "env/lockinstall.h"
#include "sync/fprint.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "sync/site.h"
#include "sync/sync.h"
#include "sync/upgrade.h"

/* --upgrade-package: the env's dists but those named (NAME==VERSION moves one) as constraints in STATEDIR's file PATH, into EXTRA; 0 or -1 */
static int
upgradepins(const struct syncopts *o, const char *site, const char *path, struct strlist *extra)
{
	const struct strlist *up = o->upgrades;
	struct strlist pins = {0};
	struct buf b = {0};
	int ret;

	sitepins(site, &pins);
	for (size_t i = 0; i < pins.n; i++) {
		size_t n = strcspn(pins.v[i], "=");
		bool freed = false;
		for (size_t k = 0; k < up->n && !freed; k++) {
			struct buf c = {0};
			char *name = xstrndup(up->v[k], strcspn(up->v[k], "=<>!~ ;["));
			depnormname(name, &c);
			freed = c.s && strlen(c.s) == n && strncmp(c.s, pins.v[i], n) == 0;
			free(c.s);
			free(name);
		}
		if (!freed)
			bufprintf(&b, "%s\n", pins.v[i]);
	}
	for (size_t k = 0; k < up->n; k++)
		if (strstr(up->v[k], "=="))
			bufprintf(&b, "%s\n", up->v[k]);
	ret = writefileatomic(path, b.s ? b.s : "", b.len);
	strlistadd(extra, "-c");
	strlistadd(extra, path);
	strlistclear(&pins);
	free(pins.v);
	free(b.s);
	return ret;
}

/* "upgrading: a 1.0 → 2.0, ..." for CHANGES */
static char *
upgradereason(const struct strlist *changes)
{
	struct buf b = {0};

	for (size_t i = 0; i < changes->n && i < 5; i++)
		bufprintf(&b, "%s%s", i ? ", " : "upgrading: ", changes->v[i]);
	if (changes->n > 5)
		bufprintf(&b, " and %zu more", changes->n - 5);
	return b.s;
}

int
upgradedecide(struct sync *s, const struct syncopts *o, struct decision *d, const char *site, const char *statedir,
    bool tell)
{
	const struct env *e = s->e;
	const char *label = envlabel(e);
	bool some = o->upgrades && o->upgrades->n;
	struct report rep = {0};
	struct strlist changes = {0}, extra = {0};
	char *pinfile = NULL;
	int ret = 0;

	/* the no-op path: not a syscall more */
	if (!o->upgrade && !some)
		return 0;
	pinfile = pathjoin(statedir, "upgrade-pins");
	if (e->backend != BACKEND_NATIVE || lockwanted(e, s->x)) {
		if (!o->quiet && tell)
			note("%s: --upgrade: %s", label, e->backend != BACKEND_NATIVE ? "pip resolves each sync of this backend afresh"
			    : "the env installs from its lock: venvmk lock --upgrade moves the lock");
		goto out;
	}
	/* changed inputs are resolved afresh anyway: --upgrade only makes sure of it */
	s->upgrade = true;
	if (d->act != ACT_NONE)
		goto out;
	if (!d->computed && fprintcompute(s->x, e) < 0) {
		ret = 2;
		goto out;
	}
	d->computed = true;
	if (!s->x->rs.lines.n && !s->x->rs.remote.n)
		goto out;
	if (!o->upgrade && upgradepins(o, site, pinfile, &extra) == 0) {
		s->pipextra = &extra;
		s->pinnedown = true;
	}
	int got = resolvereport(s, &rep);
	if (got < 0 && s->pipextra && !spawnsignal()) {
		/* the package named cannot move alone: everything may */
		if (!o->quiet)
			note("%s: the package named cannot move alone: resolving everything afresh", label);
		s->pipextra = NULL;
		reportclear(&rep);
		got = resolvereport(s, &rep);
	}
	s->pipextra = NULL;
	s->pinnedown = false;
	ret = got < 0 ? 1 : 0;
	if (ret == 0 && sitechanges(site, &rep, &changes) > 0) {
		free(d->reason);
		d->reason = upgradereason(&changes);
		d->act = ACT_RECREATE;
	}
	s->upgrade = false;	/* the new resolution is cached: the recreate takes it */
	if (s->tmp) {
		removetree(s->tmp);
		free(s->tmp);
		s->tmp = NULL;
	}
out:
	if (extra.n)
		unlink(pinfile);
	free(pinfile);
	reportclear(&rep);
	strlistclear(&changes);
	free(changes.v);
	strlistclear(&extra);
	free(extra.v);
	return ret;
}
