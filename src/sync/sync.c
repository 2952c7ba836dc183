/* sync.c: one sync of one env, step by step: lock, recover, decide, resolve ahead, keep the
 * env aside, create and install, record state and stamp; or undo. The steps' helpers live
 * beside it (safety, failure, site, txn, state, decide). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "sync/envlock.h"
#include "base/spawn.h"
#include "pip/backend.h"
#include "pip/pipresolve.h"
#include "env/lockinstall.h"
#include "cache/remote.h"
#include "env/native.h"
#include "sync/makedeps.h"
#include "sync/txn.h"
#include "sync/safety.h"
#include "sync/failure.h"
#include "sync/site.h"
#include "sync/lockfresh.h"
#include "sync/upgrade.h"
#include "cache/cache.h"
#include "sync/sync.h"

/* the signal that stopped this sync: one held during its transaction, or one forwarded to a child */
static int
stoppedby(void)
{
	return txnsignal() ? txnsignal() : spawnsignal();
}

static int
statusof(int failed)
{
	int sig = stoppedby();

	return sig ? 128 + sig : failed ? 1 : 0;
}

/* decide, with the interpreter's answers the cache CACHE shares */
static int
decidein(const char *cache, struct decision *d, const struct env *e, const struct state *st,
    struct inputs *x, const char *statedir, bool write)
{
	char *shared = pathjoin(cache, "interp");
	int ret = decide(d, e, st, x, statedir, shared, write);

	free(shared);
	return ret;
}

int
syncdecide(struct decision *d, const struct env *e, const struct state *st, struct inputs *x,
    const char *statedir, bool write)
{
	char *cache = cachedir(e->cachedir);
	int ret = decidein(cache, d, e, st, x, statedir, write);

	free(cache);
	return ret;
}

/* remove the files venvmk keeps in STATEDIR, then STATEDIR when that leaves it empty */
static void
forgetstate(const char *statedir)
{
	for (size_t i = 0; statefiles[i]; i++) {
		char *p = pathjoin(statedir, statefiles[i]);
		unlink(p);
		free(p);
	}
	rmdir(statedir);
}

/* one sync of one env: what its steps share */
struct run {
	const struct env *e;	/* the env as installed (a lock made from inputs: the lock alone) */
	const struct env *decl;	/* the env as declared */
	const struct syncopts *o;
	const char *label;
	char *statedir;
	struct state st;	/* as recorded by the last sync */
	struct inputs x;
	struct decision d;
	struct sync s;		/* what the steps below sync/ are given */
	int lockfd;
	bool madestate;		/* this sync made the state dir: a failure before the env leaves none */
	bool began;		/* the env as it was is kept aside: undo on failure */
	bool stamped, hadstamp;	/* the stamp was touched; it existed before, as OLDSTAMP */
	struct stat oldstamp;
	char *site;		/* the env's site-packages once made */
	struct buf sitekey, binkey;
	struct strlist wfiles, wvars;	/* what venv.mk must watch (makedeps) */
	struct strlist before;	/* the env's dists before this sync (sitealldists), for its summary */
	const char *forced;	/* why a refresh became a recreate half-way, or NULL */
};

/* "LABEL: WHAT: REASON" (no reason for a create), then the requirement lines that changed */
static void
tell(const char *label, const char *what, const struct decision *d)
{
	fprintf(stderr, "%s: %s: %s%s%s\n", argv0, label, what, d->act == ACT_CREATE ? "" : ": ",
	    d->act == ACT_CREATE ? "" : d->reason);
	for (size_t i = 0; i < d->changes.n; i++)
		fprintf(stderr, "  %s\n", d->changes.v[i]);
}

/* why the sync failed, for check to tell: a signal, or the last thing venvmk warned of */
static char *
failwhy(void)
{
	return xstrdup(stoppedby() ? "stopped by a signal" : lasterror());
}

/* create R's env afresh: the old one removed (it is kept aside, see txnbegin), the marker written, the backend run; 0 or -1 */
static int
create(struct run *r)
{
	const struct env *e = r->e;
	struct stat st;
	int fd;

	if (lstat(e->dir, &st) == 0 && safetyremove(e->dir, r->statedir) < 0) {
		warn("%s: remove:", r->label);
		return -1;
	}
	spawntestpause("removed");
	if (mkdirs(e->dir, 0777) < 0) {
		warn("%s: mkdir:", r->label);
		return -1;
	}
	/* the marker's existence is what counts: no temporary file that could be left */
	char *m = pathjoin(e->dir, ENV_MARKER);
	fd = open(m, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		warn("%s: write %s:", r->label, m);
		free(m);
		return -1;
	}
	close(fd);
	free(m);
	return backendcreate(&r->s);
}

/* install what R's env declares into it, FRESH when just created: 0, -1, or 2 when a
 * cache entry proved damaged (discarded: a rebuild makes it again) */
static int
install(struct run *r, bool fresh)
{
	const struct env *e = r->e;

	/* a refresh (lines only added) lets pip install into the env as it is: pip
	 * resolves against what is installed, faster than a dry run of everything */
	if (fresh && lockwanted(e, &r->x)) {
		/* a lock, or requirements all pinned with hashes: installed with no pip
		 * (lockinstall.c) but for what pip must build */
		struct strlist pipreqs = {0};
		int locked = lockinstall(&r->s, false, &pipreqs);
		if (locked == 0)
			locked = backendnodeps(e, &pipreqs, r->o->quiet);
		strlistclear(&pipreqs);
		free(pipreqs.v);
		if (locked != 1)
			return locked;
	}
	if (e->backend == BACKEND_NATIVE && fresh)
		return resolveinstall(&r->s);
	return backendinstall(e, r->o->quiet);
}

/* lock R's state dir, finish what a killed sync left, and decide; 0, or the failure's
 * code (1, 2 bad input, 3 stopped) after warn(), R->lockfd set once locked */
static int
prepare(struct run *r)
{
	const struct env *e = r->e;

	/* a first sync checks the path before it makes anything beside it */
	r->madestate = access(r->statedir, F_OK) < 0;
	if (r->madestate && envsafe(e->dir, r->label) < 0)
		return 2;
	if (mkdirs(r->statedir, 0777) < 0 || (r->madestate && statedirignore(r->statedir) < 0)) {
		warn("%s: mkdir %s:", r->label, r->statedir);
		return 1;
	}
	r->lockfd = envlockacquire(r->statedir, r->label, r->o->quiet);
	if (r->lockfd < 0)
		return 1;
	spawntestpause("locked");
	/* a sync killed half-way left the env it kept aside: that env is the user's again */
	int recovered = txnrecover(e->dir, r->statedir, r->label);
	if (recovered < 0)
		return 1;
	if (recovered > 0 && !r->o->quiet)
		note("%s: put back the env an interrupted sync had kept aside", r->label);
	if (r->o->makedeps)
		interpwatch(&r->wfiles, &r->wvars);
	/* a lock made from inputs is brought up to date first: the env is installed from it */
	if (r->decl != e) {
		int locked = lockfreshen(r->decl, r->o, r->statedir, &r->wfiles);
		if (locked != 0)
			return spawnsignal() ? 3 : locked;
	}
	stateread(&r->st, r->statedir);
	r->s.cache = cachedir(e->cachedir);
	if (decidein(r->s.cache, &r->d, e, &r->st, &r->x, r->statedir, true) < 0)
		return spawnsignal() ? 3 : 2;
	return 0;
}

/* may R's env be changed as decided: the path an env, the backend able, pip there when needed? 0 or 2 after warn() */
static int
allowed(struct run *r)
{
	const struct env *e = r->e;

	if (envsafe(e->dir, r->label) < 0)
		return 2;
	if (e->backend == BACKEND_NATIVE && nativecheck(e, &r->x.in) < 0)
		return 2;
	if (!e->pip && !lockwanted(e, &r->x) && (r->x.rs.lines.n || r->x.rs.remote.n)) {
		warn("%s: pip = false, but the env declares requirements that only pip could install", r->label);
		return 2;
	}
	return 0;
}

/* pip resolves, and the wheels are fetched, before the env is touched: the env in
 * place stays usable meanwhile, and a resolve that fails (a typo in a pin, the index
 * gone) leaves it as it is. 0, or the failure's code (1, 3 stopped) after recording it */
static int
ahead(struct run *r)
{
	const struct env *e = r->e;

	if (e->backend != BACKEND_NATIVE || r->d.act == ACT_INSTALL)
		return 0;
	/* pip's seed is unpacked and compiled meanwhile by a forked process, when the cache lacks it (a first sync on this machine) */
	nativeseedahead(e, &r->x.in);
	int locked = lockwanted(e, &r->x) ? lockinstall(&r->s, true, NULL) : 1;
	if (locked < 0 || stoppedby() || (locked == 1 && e->pip && resolveahead(&r->s) < 0) || stoppedby()) {
		char *why = failwhy();
		failrecord(r->statedir, r->x.fp, why);
		free(why);
		if (!r->o->quiet && access(e->dir, F_OK) == 0)
			note("%s: the env is as it was before this sync", r->label);
		return stoppedby() ? 3 : 1;
	}
	spawntestpause("resolved");
	return 0;
}

/* change R's env as decided, undoably: kept aside, made again or installed into,
 * rebuilt when a cache entry proved damaged or pip replaced a dist; 0 or -1 */
static int
act(struct run *r)
{
	const struct env *e = r->e;
	struct strlist before = {0};
	bool refresh = r->d.act == ACT_INSTALL;
	int ret = -1;

	/* the state stays: an env left half-done reads as changed since the last
	 * sync, and the marker says why; one pip failed to touch stays as it was */
	if (statepending(r->statedir, actionname(r->d.act)) < 0) {
		warn("%s: write %s/pending:", r->label, r->statedir);
		return -1;
	}
	spawntestpause("marked");
	/* from here every change can be undone: the env as it was waits in the state dir */
	if (txnbegin(e->dir, r->statedir, refresh, r->label) < 0)
		return -1;
	r->began = true;
	char *where = pathabs(e->dir);
	r->s.keptfor = where;
	r->s.kept = where ? txnkept(where, &r->s.since) : NULL;
	spawntestpause("kept");
	/* a signal held since the env was kept: nothing made yet, nothing to undo but the rename */
	if (stoppedby() || (!refresh && (create(r) < 0 || stoppedby())))
		goto out;
	spawntestpause("created");
	if (refresh)
		sitedists(r->st.site, &before);
	int installed = install(r, !refresh);
	if (installed == 2 && !stoppedby()) {
		/* a damaged cache entry, now discarded: a clean rebuild makes it again from its
		 * wheel, resolved and fetched again when that went with a sync's download dir */
		r->forced = "a damaged cache entry is made again from its wheel";
		if (!r->o->quiet)
			fprintf(stderr, "%s: %s: recreating: %s\n", argv0, r->label, r->forced);
		installed = create(r) < 0 || stoppedby() ? -1 : install(r, true);
	}
	if (installed != 0 || stoppedby())
		goto out;
	spawntestpause("installed");
	if (refresh && sitereplaced(r->st.site, &before)) {
		/* pip up- or downgraded what was there: only a rebuild is sure to be exact */
		r->forced = "pip replaced an installed package";
		if (!r->o->quiet)
			fprintf(stderr, "%s: %s: recreating: %s\n", argv0, r->label, r->forced);
		if (create(r) < 0 || stoppedby() || install(r, true) < 0 || stoppedby())
			goto out;
	}
	/* git ignores the env and its state dir, also ones an older venvmk made (README) */
	if (statedirignore(e->dir) < 0 || statedirignore(r->statedir) < 0) {
		warn("%s: write .gitignore:", r->label);
		goto out;
	}
	ret = 0;
out:
	strlistclear(&before);
	free(before.v);
	return ret;
}

/* record the env R made: its identity, the stamp, the state; then the transaction ends; 0 or -1 */
static int
record(struct run *r)
{
	const struct env *e = r->e;

	if (siteidentity(e->dir, &r->site, &r->sitekey, &r->binkey) < 0) {
		warn("%s: the backend left no site-packages", r->label);
		return -1;
	}
	/* a signal held until here still undoes the sync: nothing is recorded yet */
	if (stoppedby())
		return -1;
	char *stamp = stamppath(r->statedir);
	r->hadstamp = stat(stamp, &r->oldstamp) == 0;
	free(stamp);
	if (stamptouch(r->statedir, r->x.fp) < 0) {
		warn("%s: write stamp:", r->label);
		return -1;
	}
	r->stamped = true;
	spawntestpause("stamped");
	if (stoppedby())
		return -1;
	struct rebuilt built = { .time = time(NULL), .changes = r->d.changes };
	static const char *const done[] = { [ACT_CREATE] = "created", [ACT_RECREATE] = "recreated", [ACT_INSTALL] = "refreshed" };
	built.action = done[r->forced ? ACT_RECREATE : r->d.act];
	built.reason = r->forced ? r->forced : r->d.act != ACT_CREATE ? r->d.reason
	    : r->st.present ? "the env was missing" : "first sync";
	if (statewrite(r->statedir, &r->x, r->site, r->sitekey.s, r->binkey.s, &built) < 0) {
		warn("%s: write state:", r->label);
		return -1;
	}
	statedone(r->statedir);
	txncommit(r->statedir);
	r->began = false;
	/* every file of the env placed by venvmk: the next recreate may carry them over */
	txnplaced(e->dir, r->statedir, e->backend == BACKEND_NATIVE && r->d.act != ACT_INSTALL && !backendpipinstalled());
	failrecord(r->statedir, NULL, NULL);
	spawntestpause("recorded");
	return 0;
}

/* the sync failed or was stopped: the user gets back exactly the env they had */
static void
undo(struct run *r)
{
	char *why = failwhy();

	if (r->stamped)
		stamprestore(r->statedir, r->hadstamp ? &r->oldstamp : NULL, r->st.present ? r->st.fp : NULL);
	if (txnabort(r->e->dir, r->statedir, r->label) == 0) {
		statedone(r->statedir);
		if (!r->o->quiet)
			note(r->d.act == ACT_CREATE ? "%s: no half-made env is left" : "%s: the env is as it was before this sync", r->label);
	}
	failrecord(r->statedir, r->x.fp, why);
	free(why);
}

/* --upgrade, --upgrade-package: resolve R's env afresh (upgrade.c); 0 or the failure's code */
static int
upgrade(struct run *r)
{
	return upgradedecide(&r->s, r->o, &r->d, r->st.site, r->statedir, r->decl == r->e);
}

/* up to date: the recorded file stats refreshed when stale; 0 */
static int
fresh(struct run *r)
{
	if (r->o->verbose)
		note("%s: up to date", r->label);
	if (r->d.refresh && statewrite(r->statedir, &r->x, r->st.site, r->st.sitekey, r->st.binkey, r->st.built) < 0)
		warn("%s: write state:", r->label);
	if (r->o->makedeps)
		makedepswrite(r->e, r->statedir, &r->d, &r->x, &r->st, r->st.site, &r->wfiles, &r->wvars);
	return 0;
}

/* one line of what the sync did to R's env: installed, upgraded, removed */
static void
summary(struct run *r)
{
	struct strlist after = {0};

	sitealldists(r->site, &after);
	char *line = sitesummary(&r->before, &after);
	note("%s: %s", r->label, line);
	free(line);
	strlistclear(&after);
	free(after.v);
}

int
syncenv(const struct env *decl, const struct syncopts *o)
{
	struct env view;
	const struct env *e = decl;
	int failed;

	if (lockfrominputs(decl)) {
		lockview(decl, &view);
		e = &view;
	}
	struct run r = { .e = e, .decl = decl, .o = o, .label = envlabel(e), .statedir = statedirof(e->dir), .lockfd = -1 };

	r.s = (struct sync){ .e = e, .x = &r.x, .quiet = o->quiet, .verbose = o->verbose };
	backendloud(o->verbose);
	failed = prepare(&r);
	if (failed == 0)
		failed = upgrade(&r);
	if (failed != 0 || r.d.act == ACT_NONE) {
		if (failed == 0)
			failed = fresh(&r);
		goto out;
	}
	if ((failed = allowed(&r)) != 0)
		goto out;
	/* from here a failure is recorded in the state dir, for check to tell */
	r.madestate = false;
	if (!o->quiet)
		tell(r.label, actionname(r.d.act), &r.d);
	if ((failed = ahead(&r)) != 0)
		goto out;
	/* what the env held, for the summary: pip's own output is shown only with -v or when it fails */
	if (!o->quiet)
		sitealldists(r.st.site, &r.before);
	failed = act(&r) < 0 || record(&r) < 0;
	if (!failed && !o->quiet)
		summary(&r);
	/* shared once it works here: a remote record never names an env that failed */
	if (!failed && !stoppedby())
		remotepush(&r.s);
	if (!failed && o->makedeps)
		makedepswrite(e, r.statedir, &r.d, &r.x, &r.st, r.site, &r.wfiles, &r.wvars);
out:
	nativeaheaddone(stoppedby());
	if (r.began)
		undo(&r);
	txnrelease();
	/* a first sync refused before any work (a bad interpreter, a bad declaration) leaves no state dir */
	if (failed && r.madestate && access(e->dir, F_OK) < 0)
		forgetstate(r.statedir);
	if (r.lockfd >= 0)
		close(r.lockfd);
	/* make names the failure by the target that syncs: say which env that is */
	if (failed && o->makedeps)
		note("%s: the env was not synced: make reports this as its target %s/%s", r.label, r.statedir, STATE_CHECKED);
	free((char *)r.s.keptfor);
	free(r.s.cache);
	free(r.statedir);
	free(r.site);
	free(r.sitekey.s);
	free(r.binkey.s);
	strlistclear(&r.before);
	free(r.before.v);
	decisionclear(&r.d);
	stateclear(&r.st);
	return failed == 2 ? 2 : statusof(failed == 3 ? 1 : failed);
}

int
synccheck(const struct env *decl, const struct syncopts *o)
{
	const char *label = envlabel(decl);
	char *statedir = statedirof(decl->dir);
	struct state st;
	struct inputs x = {0};
	struct decision d;
	struct env view;
	const struct env *e = decl;
	int ret;

	if (lockfrominputs(decl)) {
		lockview(decl, &view);
		e = &view;
		if ((ret = lockstale(decl, statedir)) != 0) {
			free(statedir);
			if (ret == 1 && !o->quiet)
				fprintf(stderr, "%s: %s: would be recreated: the lock %s is out of date with its inputs\n",
				    argv0, label, decl->lock);
			return ret;
		}
	}
	stateread(&st, statedir);
	ret = syncdecide(&d, e, &st, &x, statedir, false);
	free(statedir);
	if (ret < 0)
		return spawnsignal() ? 128 + spawnsignal() : 2;
	if (d.act == ACT_NONE) {
		if (o->verbose)
			note("%s: up to date", label);
		return 0;
	}
	if (envsafe(e->dir, label) < 0)
		return 2;
	if (!o->quiet) {
		char *sd = statedirof(e->dir), *why = d.computed ? failreason(sd, x.fp) : NULL;
		tell(label, d.act == ACT_INSTALL ? "would be refreshed" : d.act == ACT_CREATE ? "would be created"
		    : "would be recreated", &d);
		if (why)
			fprintf(stderr, "%s: %s: the last sync failed: %s\n", argv0, label, why);
		free(why);
		free(sd);
	}
	return 1;
}

int
syncclean(const struct env *e, const struct syncopts *o)
{
	const char *label = envlabel(e);
	char *statedir = statedirof(e->dir);
	struct stat st;
	int fd, ret = 0;

	if (envsafe(e->dir, label) < 0) {
		free(statedir);
		return 2;
	}
	if (lstat(statedir, &st) < 0 && lstat(e->dir, &st) < 0) {
		free(statedir);
		return 0;
	}
	if (mkdirs(statedir, 0777) < 0 || (fd = envlockacquire(statedir, label, o->quiet)) < 0) {
		free(statedir);
		return 1;
	}
	if (stateforget(statedir) < 0)
		ret = 1;
	if (lstat(e->dir, &st) == 0) {
		if (safetyremove(e->dir, statedir) < 0) {
			warn("%s: remove:", label);
			ret = 1;
		} else if (!o->quiet) {
			note("%s: removed", label);
		}
	}
	forgetstate(statedir);
	close(fd);
	free(statedir);
	return ret;
}
