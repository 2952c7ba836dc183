/* lockwriter.c: venvmk lock: an env's declaration resolved by pip (preferring the pins of the
 * lock it replaces), every file of each chosen version found, written as pylock.toml or as
 * hash-checking requirements; a lock whose recorded fingerprint is the inputs' is left alone. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/hash.h"
#include "base/spawn.h"
#include "base/url.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "inputs/lockfile.h"
#include "parse/lockdata.h"
#include "parse/lockpins.h"
#include "parse/report.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "cache/cache.h"
#include "resolve/lockwrite.h"
#include "resolve/lockfiles.h"
#include "resolve/pipenvlock.h"
#include "resolve/ownresolve.h"
#include "cache/pagecache.h"
#include "cache/fetchclient.h"
#include "parse/pipfilelock.h"
#include "pip/pipresolve.h"
#include "base/statedir.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "sync/fprint.h"
#include "sync/lockpipenv.h"
#include "sync/sync.h"
#include "sync/lockwriter.h"

/* the formats a lock is written in */
enum { FORM_REQS, FORM_PYLOCK, FORM_PIPENV };

/* FORM_PYLOCK for a pylock.toml, FORM_PIPENV for a Pipfile.lock, FORM_REQS for a requirements file, by FORMAT or OUT's name; -1 after warn() */
static int
lockformat(const char *out, const char *format, const char *label)
{
	const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	bool pylockname = strcmp(base, "pylock.toml") == 0 || (strncmp(base, "pylock.", 7) == 0 && endswith(base, ".toml"));

	if (strcmp(base, "uv.lock") == 0) {
		warn("%s: lock: %s: venvmk reads uv.lock but does not write it (uv lock does)", label, out);
		return -1;
	}
	if (format && strcmp(format, "requirements") == 0)
		return FORM_REQS;
	if ((format && strcmp(format, "pipfile-lock") == 0) || (!format && strcmp(base, "Pipfile.lock") == 0)) {
		/* the name venvmk's reader takes for a Pipfile.lock */
		if (!endswith(base, ".lock") && !endswith(base, ".json")) {
			warn("%s: lock: %s: a Pipfile.lock is named Pipfile.lock (or any NAME.lock or NAME.json)", label, out);
			return -1;
		}
		return FORM_PIPENV;
	}
	if (format && strcmp(format, "pylock") != 0) {
		warn("%s: lock: --format=%s: expected pylock, requirements or pipfile-lock", label, format);
		return -1;
	}
	if ((format || endswith(base, ".toml")) && !pylockname) {
		warn("%s: lock: %s: a pylock file is named pylock.toml or pylock.NAME.toml (PEP 751)", label, out);
		return -1;
	}
	return pylockname ? FORM_PYLOCK : FORM_REQS;
}

/* the canon name of PIN ("name==version" or "name") */
static char *
pinname(const char *pin)
{
	struct buf b = {0};
	char *name = xstrndup(pin, strcspn(pin, "=<>!~ ;["));

	depnormname(name, &b);
	free(name);
	return b.s ? b.s : xstrdup("");
}

/* is the canon name of PIN among NAMES, or freed by LO? */
static bool
pinfreed(const char *pin, const struct lockopts *lo, const struct strlist *names)
{
	char *n = pinname(pin);
	bool freed = names && strlistfind(names, n) >= 0;

	for (size_t k = 0; k < lo->upgrades.n && !freed; k++) {
		char *u = pinname(lo->upgrades.v[k]);
		freed = strcmp(u, n) == 0;
		free(u);
	}
	free(n);
	return freed;
}

/* the pins kept (those of PINS neither freed by LO nor named in FREE; none unless KEEP), then LO's NAME==VERSION */
static void
preferences(const struct strlist *pins, const struct lockopts *lo, bool keep, const struct strlist *free_,
    struct strlist *prefs)
{
	for (size_t i = 0; keep && i < pins->n; i++)
		if (!pinfreed(pins->v[i], lo, free_))
			strlistadd(prefs, pins->v[i]);
	for (size_t k = 0; k < lo->upgrades.n; k++)
		if (strstr(lo->upgrades.v[k], "=="))
			strlistadd(prefs, lo->upgrades.v[k]);
}

/* the canon names the requirement lines of X name */
static void
directnames(const struct inputs *x, struct strlist *names)
{
	for (size_t i = 0; i < x->rs.lines.n; i++) {
		struct dep d;
		const char *why;
		if (strncmp(x->rs.lines.v[i], "req ", 4) != 0 || depparse(&d, x->rs.lines.v[i] + 4, &why) < 0)
			continue;
		strlistadd(names, d.canon);
		depclear(&d);
	}
}

/* the package of LK named CANON, or NULL */
static struct lwpkg *
findpkg(struct lwlock *lk, const char *canon)
{
	for (size_t i = 0; i < lk->n; i++)
		if (strcmp(lk->v[i].canon, canon) == 0)
			return &lk->v[i];
	return NULL;
}

/* does the marker of D hold for ME with one of EXTRAS (or none)? */
static bool
depholds(const struct dep *d, const struct markerenv *me, const struct strlist *extras)
{
	const char *why;

	if (!d->marker)
		return true;
	if (markereval(d->marker, me, NULL, NULL, NULL, &why) == 1)
		return true;
	for (size_t i = 0; i < extras->n; i++)
		if (markereval(d->marker, me, extras->v[i], NULL, NULL, &why) == 1)
			return true;
	return false;
}

/* the marker variables (but extra) that MARKER names, as "VAR == 'value'" for ME, into ENVS */
static void
markervars(const char *marker, const struct markerenv *me, struct strlist *envs)
{
	const struct { const char *name, *value; } vars[] = {
		{"python_full_version", me->python_full_version}, {"python_version", me->python_version},
		{"sys_platform", me->sys_platform}, {"platform_machine", me->platform_machine},
		{"platform_python_implementation", me->platform_python_implementation},
		{"platform_system", me->platform_system}, {"platform_release", me->platform_release},
		{"platform_version", me->platform_version}, {"os_name", me->os_name},
		{"implementation_name", me->implementation_name}, {"implementation_version", me->implementation_version},
	};

	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *p = strstr(marker, vars[i].name);
		if (!p || (p > marker && wordchar((unsigned char)p[-1])) || wordchar((unsigned char)p[strlen(vars[i].name)]))
			continue;
		char *m = xasprintf("%s == '%s'", vars[i].name, vars[i].value);
		if (strlistfind(envs, m) < 0)
			strlistpush(envs, m);
		else
			free(m);
	}
}

/* the packages, dependencies and "via" of report R in LK; markers evaluated for ME, the ones that count into ENVS */
static void
fromreport(struct lwlock *lk, const struct report *r, const struct markerenv *me, struct strlist *envs, const char *root)
{
	for (size_t i = 0; i < r->n; i++) {
		struct buf b = {0};
		depnormname(r->v[i].name, &b);
		struct lwpkg *p = lwadd(lk, r->v[i].name, b.s, r->v[i].version);
		if (r->v[i].requirespython && *r->v[i].requirespython)
			p->requirespython = xstrdup(r->v[i].requirespython);
		if (r->v[i].requested)
			strlistadd(&p->via, root);
		free(b.s);
	}
	for (size_t i = 0; i < r->n; i++) {
		struct lwpkg *p = &lk->v[i];
		for (size_t k = 0; k < r->v[i].requiresdist.n; k++) {
			struct dep d;
			const char *why;
			if (depparse(&d, r->v[i].requiresdist.v[k], &why) < 0)
				continue;
			struct lwpkg *q = findpkg(lk, d.canon);
			if (d.markertext)
				markervars(d.markertext, me, envs);
			if (q && q != p && depholds(&d, me, &r->v[i].extras)) {
				if (strlistfind(&p->deps, q->canon) < 0)
					strlistadd(&p->deps, q->canon);
				if (strlistfind(&q->via, p->canon) < 0)
					strlistadd(&q->via, p->canon);
			}
			depclear(&d);
		}
	}
}

/* what every version of LK accepts: their Requires-Python joined, or NULL */
static char *
requirespython(const struct lwlock *lk)
{
	struct strlist seen = {0};
	struct buf b = {0};

	for (size_t i = 0; i < lk->n; i++) {
		const char *rp = lk->v[i].requirespython;
		if (!rp || strlistfind(&seen, rp) >= 0)
			continue;
		strlistadd(&seen, rp);
	}
	if (seen.n > 1)
		qsort(seen.v, seen.n, sizeof(char *), strlistcmp);
	for (size_t i = 0; i < seen.n; i++)
		bufprintf(&b, "%s%s", i ? ", " : "", seen.v[i]);
	strlistclear(&seen);
	free(seen.v);
	return b.s;
}

/* the file R's dist I was resolved to, when it is one no page may list (a local wheel, a direct URL) */
static void
reportfile(struct lwpkg *p, const struct reportitem *it, const char *lockdir)
{
	struct stat st;

	if (!it->hash)
		return;
	if (it->path) {
		char *rel = relpath(it->path, lockdir);
		const char *base = strrchr(it->path, '/') ? strrchr(it->path, '/') + 1 : it->path;
		lockfilesadd(p, base, NULL, rel, it->hash + 7, stat(it->path, &st) == 0 ? st.st_size : -1, NULL);
		free(rel);
	} else if (it->file) {
		lockfilesadd(p, it->file, it->url, NULL, it->hash + 7, -1, NULL);
	}
}

/* the lock of report R for S: packages, files, environments, requires-python; 0, or 1 after warn() */
static int
buildlock(struct lwlock *lk, const struct report *r, struct sync *s, const char *lockdir)
{
	const struct env *e = s->e;
	struct markerenv me;
	char *root = e->requirements.n == 1 ? xasprintf("-r %s", e->requirements.v[0]) : xstrdup("the inputs");

	interpmarkers(&s->x->in, &me);
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].directurl) {
			warn("%s: lock: %s comes from a direct reference (%s): venvmk locks only what an index or find-links offers",
			    envlabel(e), r->v[i].name, r->v[i].url);
			free(root);
			return 1;
		}
	fromreport(lk, r, &me, &lk->environments, root);
	for (size_t i = 0; i < s->x->rs.lines.n; i++) {
		const char *semi = strchr(s->x->rs.lines.v[i], ';');
		if (semi)
			markervars(semi + 1, &me, &lk->environments);
	}
	if (lk->environments.n > 1) {
		/* one marker: every variable the resolution turned on, as this interpreter has it */
		struct buf b = {0};
		qsort(lk->environments.v, lk->environments.n, sizeof(char *), strlistcmp);
		for (size_t i = 0; i < lk->environments.n; i++)
			bufprintf(&b, "%s%s", i ? " and " : "", lk->environments.v[i]);
		strlistclear(&lk->environments);
		strlistpush(&lk->environments, b.s);
	}
	lk->requirespython = requirespython(lk);
	free(root);
	if (lockfilesfind(lk, s, lockdir) < 0)
		return 1;
	for (size_t i = 0; i < r->n; i++) {
		reportfile(&lk->v[i], &r->v[i], lockdir);
		if (lk->v[i].nfiles == 0) {
			warn("%s: lock: %s %s: no file of it with a sha256 was found on the indexes or find-links",
			    envlabel(e), lk->v[i].name, lk->v[i].version);
			return 1;
		}
	}
	return 0;
}

/* the cache's record that a lock whose text but the fingerprint line hashes to what it holds is current for FP */
static char *
lockmemo(const char *cache, const char *fp)
{
	return xasprintf("%s/locks/%s", cache, fp);
}

/* is the lock TEXT current for the inputs' fingerprint FP: it records FP, or the cache remembers it is? */
static bool
lockcurrent(const char *text, const char *fp, const char *cache)
{
	char *w = lockwrittenfp(text), *memo, *body, hex[65];
	struct buf b = {0};
	bool ok = w && strcmp(w, fp) == 0 && lockintact(text);

	free(w);
	if (ok)
		return true;
	memo = lockmemo(cache, fp);
	body = lockwithoutfp(text);
	hashbytes(body, strlen(body), hex);
	ok = readfile(memo, &b) == 0 && b.s && strncmp(b.s, hex, 64) == 0;
	free(b.s);
	free(body);
	free(memo);
	return ok;
}

/* remember that the lock TEXT is current for FP (only a cache: a failure is no error) */
static void
lockremember(const char *text, const char *fp, const char *cache)
{
	char *memo = lockmemo(cache, fp), *dir = pathdir(memo), *body = lockwithoutfp(text), hex[66];

	hashbytes(body, strlen(body), hex);
	strcat(hex, "\n");
	if (mkdirs(dir, 0777) == 0)
		writefileatomic(memo, hex, 65);
	free(body);
	free(dir);
	free(memo);
}

/* the constraints file of PINS in S->tmp, as pip's arguments into EXTRA; 0 or -1 */
static int
pinfile(struct sync *s, const struct strlist *pins, int n, struct strlist *extra)
{
	struct buf b = {0};
	char *path, name[32];
	int ret;

	if (!s->tmp && !(s->tmp = cachetmpdir(s->cache)))
		return -1;
	snprintf(name, sizeof(name), "preferences-%d.txt", n);
	path = pathjoin(s->tmp, name);
	for (size_t i = 0; i < pins->n; i++)
		bufprintf(&b, "%s\n", pins->v[i]);
	ret = writefileatomic(path, b.s ? b.s : "", b.len);
	strlistadd(extra, "-c");
	strlistadd(extra, path);
	free(b.s);
	free(path);
	return ret;
}

/*
 * Resolve S's inputs preferring the N pin lists TRIES in turn (the next when pip finds
 * no way with one: all the lock's pins, then those of packages the inputs do not name,
 * then only the ones asked for); 0 or -1.
 */
static int
resolvepreferring(struct sync *s, const struct strlist *tries, int n, const char *out, struct report *r)
{
	int ret = -1;

	for (int i = 0; i < n && ret < 0; i++) {
		struct strlist extra = {0};
		if (i && (tries[i].n == tries[i - 1].n || spawnsignal()))
			continue;
		if (i && !s->quiet)
			note("%s: the pins of %s do not all fit the inputs: resolving %s afresh", envlabel(s->e), out,
			    i == 1 ? "what the inputs name" : "everything");
		if (tries[i].n && pinfile(s, &tries[i], i, &extra) < 0)
			break;
		/* always a dry run: a lock needs no wheel */
		s->pipextra = &extra;
		s->trying = i + 1 < n && tries[i + 1].n != tries[i].n;
		ret = resolvereport(s, r);
		s->trying = false;
		s->pipextra = NULL;
		strlistclear(&extra);
		free(extra.v);
	}
	return ret;
}

/*
 * A lock that will be resolved whatever the inputs hold (none yet, or --upgrade): the pages
 * of E's roots are asked for now, in the background, while the interpreter tells its facts
 * (a first lock on a machine asks it, through a pyenv shim a third of a second). The inputs
 * are read here only for that, silently: lockinputs reads them again and tells what is wrong.
 */
static void
lockprefetch(const struct env *le, struct sync *s)
{
	struct inputs y = {0}, *x = s->x;

	warnmute(true);
	int ok = fprintpeek(&y, le) == 0;
	warnmute(false);
	if (ok) {
		s->x = &y;
		ownprefetch(s);
		s->x = x;
	}
	fprintpeekclear(&y);
}

/* the directory OUT is to be written in (absolute, newly allocated), or NULL after warn() when there is none */
static char *
lockdirof(const char *out, const char *label)
{
	char *abs = pathabs(out), *dir = abs ? pathdir(abs) : NULL;
	struct stat st;

	free(abs);
	if (!dir || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		warn("%s: lock: %s: %s", label, out, dir ? "its directory does not exist" : strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

/* say so when the lock TEXT records the fingerprint FP yet is not current: it was edited by hand */
static void
tellhandedit(const char *text, const char *fp, const char *label, const char *out)
{
	char *w = lockwrittenfp(text);

	if (w && strcmp(w, fp) == 0)
		note("%s: %s was edited by hand: resolving it again, keeping its pins where they fit", label, out);
	free(w);
}

/* free the N lists L holds */
static void
listsfree(struct strlist *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		strlistclear(&l[i]);
		free(l[i].v);
	}
}

/* the inputs of E without its lock into X (read afresh, the interpreter's facts from the cache); 0, or 2 after warn() */
static int
lockinputs(const struct env *le, struct inputs *x, const char *cache)
{
	struct state st = {0};
	struct decision d = {0};
	char *statedir = statedirof(le->dir);

	/* the interpreter's answers kept in the env's state dir when there is one: a lock makes none */
	if (access(statedir, F_OK) < 0) {
		free(statedir);
		statedir = pathjoin(cache, "locks");
	}
	int ret = syncdecide(&d, le, &st, x, statedir, true);

	free(statedir);
	free(d.reason);
	if (ret < 0)
		return 2;
	if (x->rs.lines.n == 0 && x->rs.remote.n == 0) {
		warn("%s: lock: nothing to lock: the env declares no requirements", envlabel(le));
		return 2;
	}
	return 0;
}

int
lockcurrentwith(const struct env *e)
{
	struct env le = *e;
	struct inputs x = {0};
	struct buf old = {0};
	char *cache = cachedir(e->cachedir);
	int ret;

	le.lock = NULL;
	ret = lockinputs(&le, &x, cache);
	if (ret == 0)
		ret = readfile(e->lock, &old) == 0 && lockcurrent(old.s ? old.s : "", x.fp, cache) ? 0 : 1;
	free(old.s);
	free(cache);
	return ret;
}

/* write TEXT as OUT unless OLD (NULL: no file) says the same but for the fingerprint; 0, or 1 after warn() */
static int
lockput(const char *out, const char *text, const char *old, const char *fp, struct sync *s, bool *wrote)
{
	char *a = old ? lockwithoutfp(old) : NULL, *b = lockwithoutfp(text);
	bool same = a && strcmp(a, b) == 0;
	int ret = 0;

	free(a);
	free(b);
	if (same) {
		/* the same lock: the file and its mtime stay, the cache remembers it is current */
		lockremember(old, fp, s->cache);
		if (s->verbose)
			note("%s: %s: the new resolution is the lock as it is", envlabel(s->e), out);
	} else if (writefileatomic(out, text, strlen(text)) < 0) {
		warn("%s: lock: write %s:", envlabel(s->e), out);
		ret = 1;
	} else {
		*wrote = true;
		/* a lock with no room for the fingerprint (a Pipfile.lock): the cache remembers it is current */
		char *w = lockwrittenfp(text);
		if (!w)
			lockremember(text, fp, s->cache);
		free(w);
		if (!s->quiet)
			note("%s: wrote %s", envlabel(s->e), out);
	}
	return ret;
}

int
synclock(const struct env *e, const struct syncopts *o, const struct lockopts *lo, bool *wrote, struct strlist *files)
{
	const char *label = envlabel(e), *out = lo->out ? lo->out : e->lock;
	struct env le = *e, full, base;
	struct inputs x = {0};
	struct sync s = { .e = &le, .x = &x, .quiet = o->quiet, .verbose = o->verbose, .resolveonly = true };
	struct strlist roots[2] = {{0}};	/* a Pipfile.lock's: of "default", of "develop" */
	bool split = false;
	struct strlist pins = {0}, tries[3] = {{0}}, direct = {0};
	struct buf old = {0};
	struct report r = {0};
	struct lwlock lk = {0};
	char *dir = NULL, *text = NULL;
	bool had, dummy;
	int form, ret = 2;

	wrote = wrote ? wrote : &dummy;
	*wrote = false;
	if (!out) {
		warn("%s: lock: no file to write: give -o FILE (a pylock.toml, a Pipfile.lock, or a requirements file)", label);
		return 2;
	}
	if ((form = lockformat(out, lo->format, label)) < 0)
		return 2;
	if (!(dir = lockdirof(out, label)))
		goto out;
	le.lock = NULL;
	/* a Pipfile.lock has [dev-packages] too, in "develop": both resolved as one */
	if (form == FORM_PIPENV && (split = lockpipenvsplit(&le, &full, &base)))
		le = full;
	s.cache = cachedir(e->cachedir);
	s.upgrade = lo->upgrade || lo->upgrades.n;
	if (lo->upgrade || access(out, F_OK) < 0)
		lockprefetch(&le, &s);
	if ((ret = lockinputs(&le, &x, s.cache)) != 0)
		goto out;
	if (files)
		strlistcopy(files, &x.files);
	had = readfile(out, &old) == 0;
	ret = 0;
	if (had && !lo->upgrade && lo->upgrades.n == 0 && lockcurrent(old.s ? old.s : "", x.fp, s.cache)) {
		if (o->verbose)
			note("%s: %s is up to date", label, out);
		goto out;
	}
	if (had && !o->quiet && !lo->upgrade && lo->upgrades.n == 0)
		tellhandedit(old.s ? old.s : "", x.fp, label, out);
	if (had && !lo->upgrade && lockpins(old.s ? old.s : "", old.len, out, form != FORM_REQS, &pins) < 0) {
		ret = 2;
		goto out;
	}
	directnames(&x, &direct);
	preferences(&pins, lo, true, NULL, &tries[0]);
	preferences(&pins, lo, true, &direct, &tries[1]);
	preferences(&pins, lo, false, NULL, &tries[2]);
	ret = 1;
	if (resolvepreferring(&s, tries, 3, out, &r) < 0)
		goto out;
	lk.fp = xstrdup(x.fp);
	lk.excludenewer = e->excludenewer ? xstrdup(e->excludenewer) : NULL;
	lk.regen = lo->regen ? xstrdup(lo->regen) : NULL;
	if (buildlock(&lk, &r, &s, dir) != 0)
		goto out;
	if (split)	/* only for a lock to write: the no-op reads no input twice */
		lockpipenvsections(&full, &base, roots);
	char *raw = form == FORM_PYLOCK ? lockwritepylock(&lk) : form == FORM_REQS ? lockwritereqs(&lk)
	    : lockpipenvtext(&lk, e, dir, split ? &roots[0] : NULL, split ? &roots[1] : NULL, label);
	if (!raw) {
		ret = 2;
		goto out;
	}
	text = lockseal(raw);
	free(raw);
	ret = lockput(out, text, had ? (old.s ? old.s : "") : NULL, x.fp, &s, wrote);
out:
	/* pages asked ahead: done with before their dir goes, not waited for after an error */
	if (ret != 0)
		fetchhelperend();
	pagesjoin(&s);
	if (s.tmp) {
		removetree(s.tmp);
		free(s.tmp);
	}
	free(s.cache);
	free(text);
	free(dir);
	free(old.s);
	reportclear(&r);
	lwlockclear(&lk);
	listsfree(&pins, 1);
	listsfree(tries, 3);
	listsfree(&direct, 1);
	listsfree(roots, 2);
	if (split)
		lockpipenvclear(&full, &base);
	return ret;
}

char *
lockregen(int argc, char **argv)
{
	struct buf b = {0};

	bufputs(&b, "venvmk");
	for (int i = 1; i < argc; i++) {
		/* what asked for this run's upgrade, or its verbosity, is not how to bring it up to date */
		if (strcmp(argv[i], "--upgrade") == 0 || strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "-q") == 0
		    || strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "--quiet") == 0
		    || strncmp(argv[i], "--upgrade-package=", 18) == 0)
			continue;
		if (strcmp(argv[i], "--upgrade-package") == 0) {
			i++;
			continue;
		}
		char *a = urlnoauth(argv[i], false);
		bool plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+./:,@%") == strlen(a);
		bufputc(&b, ' ');
		if (plain) {
			bufputs(&b, a);
		} else {
			bufputc(&b, '\'');
			for (const char *p = a; *p; p++)
				bufputs(&b, *p == '\'' ? "'\\''" : (char[]){*p, 0});
			bufputc(&b, '\'');
		}
		free(a);
	}
	return b.s;
}
