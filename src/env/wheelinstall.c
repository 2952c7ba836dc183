/* wheelinstall.c: an unpacked wheel installed into an env as pip installs it: links, new scripts, a fresh RECORD. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "cache/cacheentry.h"
#include "parse/header.h"
#include "parse/record.h"
#include "env/scripts.h"
#include "env/place.h"
#include "cache/wheel.h"
#include "env/wheelinstall.h"

/* one file of the wheel on its way into the env */
struct inst {
	const char *src;	/* the name in the wheel */
	char *dest;		/* absolute */
	char *rec;		/* DEST as RECORD names it: relative to the lib dir */
	char *digest;		/* set when written new, not linked: its own hash */
	long long size;
	bool fix;		/* a #!python script, written with the env's python */
	bool skip;		/* a setuptools wrapper of an entry point: a launcher replaces it */
	bool recorded;
	bool placed;		/* placed by this process (not by the one it shares the files with) */
	bool pyc;		/* placed with the .pyc the cache compiled for it */
	bool carry;		/* may be carried over from the env this one replaces (placecarry) */
	signed char haspyc;	/* a module the cache has a .pyc of (1) or not (0); -1: look */
};

/* the files of one dir of the env, placed together */
struct dirgroup {
	const char *dir;
	size_t first, n;	/* its files: the indexes order[first .. first + n) */
};

/* the dirs where the .data/KEY/ files go */
static const char *
schemedir(const struct layout *l, const char *key, const char *headers)
{
	if (strcmp(key, "purelib") == 0)
		return l->purelib;
	if (strcmp(key, "platlib") == 0)
		return l->platlib;
	if (strcmp(key, "scripts") == 0)
		return l->scripts;
	if (strcmp(key, "headers") == 0)
		return headers;
	if (strcmp(key, "data") == 0)
		return l->prefix;
	return NULL;
}

/* read the file NAME of ENTRY into B; 0, or -1 with errno set */
static int
readentry(const char *entry, const char *name, struct buf *b)
{
	char *path = pathjoin(entry, name);
	int r = readfile(path, b);

	free(path);
	return r;
}

/* write a new file into the env, adding its RECORD row to GEN; 0 or -1 after warn() */
static int
generate(const char *path, const char *data, size_t len, mode_t mode, const char *libdir, struct rows *gen)
{
	char *rec, *digest, size[32];

	if (writenew(path, data, len, mode) < 0)
		return -1;
	rec = relpath(path, libdir);
	digest = recorddigest(data, len);
	snprintf(size, sizeof(size), "%zu", len);
	recordadd(gen, rec, digest, size);
	free(rec);
	free(digest);
	return 0;
}

/* write the #!python script IN anew with PYTHON's shebang, as pip's fix_script; 0, 1 when gone, -1 */
static int
fixscript(const char *entry, struct inst *in, const char *python)
{
	struct buf old = {0}, new = {0};
	const char *rest;
	int r;

	if (readentry(entry, in->src, &old) < 0) {
		r = errno == ENOENT ? 1 : -1;
		if (r < 0)
			warn("read %s/%s:", entry, in->src);
		free(old.s);
		return r;
	}
	rest = strchr(old.s, '\n');
	rest = rest ? rest + 1 : old.s + old.len;
	shebang(python, &new);
	bufadd(&new, rest, old.len - (rest - old.s));
	r = writenew(in->dest, new.s, new.len, 0755);
	in->digest = recorddigest(new.s, new.len);
	in->size = new.len;
	free(old.s);
	free(new.s);
	return r;
}

static int
mkparent(const char *path, char **last)
{
	char *dir = pathdir(path);

	if (*last && strcmp(*last, dir) == 0) {
		free(dir);
		return 0;
	}
	if (mkdirs(dir, 0755) < 0) {
		warn("mkdir %s:", dir);
		free(dir);
		return -1;
	}
	free(*last);
	*last = dir;
	return 0;
}

/*
 * For the module IN, the .pyc the cache compiled for it (see bytecodecompile) into
 * *SRC, and where pip's compile at install time puts it into *DEST (free both);
 * false when IN is no module, or L's interpreter compiles none.
 */
static bool
pycpaths(const char *entry, const struct inst *in, const struct layout *l, char **src, char **dest)
{
	size_t n = strlen(in->src);
	char *rel;

	if (!l->cachetag || !*l->cachetag || n < 4 || strcmp(in->src + n - 3, ".py") != 0)
		return false;
	rel = pycpath(in->src, l->cachetag);
	*src = pathjoin(entry, rel);
	*dest = pycpath(in->dest, l->cachetag);
	free(rel);
	return true;
}

/* beside the module IN just placed, its .pyc when the cache has one; 0 (also when there is none), 1 when the entry vanished, or -1 */
static int
placepyc(const char *entry, struct inst *in, const struct layout *l, char **lastpyc)
{
	char *src, *dest;
	int r = 0;

	if (in->haspyc == 0 || !pycpaths(entry, in, l, &src, &dest))
		return 0;
	if (in->haspyc > 0 || access(src, F_OK) == 0) {
		r = mkparent(dest, lastpyc);
		if (r == 0)
			r = placeshared(l->placer, src, dest);
		in->pyc = r == 0;
	}
	free(src);
	free(dest);
	return r;
}

/* a RECORD row into GEN for the .pyc of the module IN, placed by this process or by the one it shares the files with */
static void
pycrow(const char *entry, const struct inst *in, const struct layout *l, const char *libdir, struct rows *gen)
{
	char *src, *dest, *rec;

	if (in->haspyc == 0 || !pycpaths(entry, in, l, &src, &dest))
		return;
	if (in->placed ? in->pyc : in->haspyc > 0 || access(src, F_OK) == 0) {
		rec = relpath(dest, libdir);
		recordadd(gen, rec, "", "");
		free(rec);
	}
	free(src);
	free(dest);
}

/* whether IN is the wheel's RECORD (in the dist-info INFO, INFOLEN long), which is written afresh */
static bool
isrecord(const struct inst *in, const char *info, size_t infolen)
{
	return strncmp(in->src, info, infolen) == 0 && strcmp(in->src + infolen, "/RECORD") == 0;
}

/* whether IN, placed from the entry, may be carried over from the env this one replaces:
 * in the lib dir LIBDIR (not a script, header or data file, where another dist's file or
 * a launcher may be written over it), and not a dist-info file pip writes (over the wheel's) */
static bool
carriable(const struct inst *in, const char *libdir)
{
	size_t n = strlen(libdir);
	const char *base = strrchr(in->dest, '/') + 1;

	if (strncmp(in->dest, libdir, n) != 0 || in->dest[n] != '/')
		return false;
	return strcmp(base, "INSTALLER") != 0 && strcmp(base, "REQUESTED") != 0 && strcmp(base, "direct_url.json") != 0
	    && strcmp(base, "RECORD") != 0;
}

/* the placer's order: by dir, then as in the wheel */
static int
bydir(const void *a, const void *b, void *arg)
{
	char *const *dirs = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(dirs[x], dirs[y]);

	return c ? c : x < y ? -1 : x > y;
}

/* the biggest dir first, for two processes to share them evenly */
static int
bysize(const void *a, const void *b)
{
	const struct dirgroup *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->dir, y->dir);
}

/*
 * Place the N files of M whose DIRS[i] are not NULL, by dir, each dir as L's placer
 * hands it to this process (placeclaim), each file checked against M first; 0, 1 when
 * the entry proved damaged, or -1 after warn()
 */
static int
placeall(const char *entry, const struct manifest *m, struct inst *inst, char **dirs, const struct layout *l)
{
	size_t *order = xmalloc((m->n ? m->n : 1) * sizeof(*order)), no = 0, ng = 0, next = 0, g;
	struct dirgroup *grp = xmalloc((m->n ? m->n : 1) * sizeof(*grp));
	char *lastdir = NULL, *lastpyc = NULL, *path;
	int r = 0;

	for (size_t i = 0; i < m->n; i++)
		if (dirs[i])
			order[no++] = i;
	qsort_r(order, no, sizeof(*order), bydir, dirs);
	for (size_t k = 0; k < no; k++) {
		if (ng == 0 || strcmp(grp[ng - 1].dir, dirs[order[k]]) != 0)
			grp[ng++] = (struct dirgroup){ dirs[order[k]], k, 0 };
		grp[ng - 1].n++;
	}
	qsort(grp, ng, sizeof(*grp), bysize);
	while (r == 0 && (g = placeclaim(l->placer, &next, ng)) < ng) {
		for (size_t k = grp[g].first; r == 0 && k < grp[g].first + grp[g].n; k++) {
			struct inst *in = &inst[order[k]];
			if (mkparent(in->dest, &lastdir) < 0) {
				r = -1;
				break;
			}
			path = pathjoin(entry, in->src);
			r = (in->carry ? placecarry : placefile)(l->placer, path, in->dest, m->v[order[k]].exec, &m->v[order[k]]);
			free(path);
			if (r == 0)
				r = placepyc(entry, in, l, &lastpyc);
			in->placed = r == 0;
		}
	}
	free(order);
	free(grp);
	free(lastdir);
	free(lastpyc);
	return r;
}

/* one wheelinstall: the entry read, where each of its files goes, and the rows of the files written new */
struct install {
	const char *entry;
	const struct layout *l;
	bool only;		/* L's placer shares the files with another process, and this one only places */
	struct manifest m;
	const char *info;	/* the .dist-info dir: the first INFOLEN bytes */
	size_t infolen;
	struct buf wheelf, meta, record;	/* its WHEEL, METADATA and RECORD */
	struct eplist console, gui;		/* its entry points */
	const char *libdir;	/* purelib or platlib, as Root-Is-Purelib says */
	char *purelib, *distname, *headers;
	struct inst *inst;	/* one per file of M */
	char **dirs;		/* the dir each file is placed into from the entry; NULL: written below, or not at all */
	struct strlist nopyc;	/* the modules the cache has no .pyc of */
	struct rows gen;	/* the RECORD rows of the files written new */
	char *lastdir;		/* the dir mkparent made last */
};

/* the .dist-info dir of W's manifest into W->info; 0 or -1 after warn() */
static int
findinfo(struct install *w)
{
	const char *name, *slash;

	for (size_t i = 0; i < w->m.n; i++) {
		name = w->m.v[i].name;
		slash = strchr(name, '/');
		if (slash && slash - name > 10 && strncmp(slash - 10, ".dist-info", 10) == 0) {
			if (w->info && (w->infolen != (size_t)(slash - name) || strncmp(w->info, name, w->infolen) != 0)) {
				warn("%s: several .dist-info directories", w->entry);
				return -1;
			}
			w->info = name;
			w->infolen = slash - name;
		}
	}
	if (!w->info) {
		warn("%s: no .dist-info directory", w->entry);
		return -1;
	}
	return 0;
}

/* W's manifest, its dist-info's WHEEL, METADATA, RECORD and entry points, and the lib dir and name they say; 0, 1 when the entry proved damaged, or -1 after warn() */
static int
readwheel(struct install *w)
{
	const struct layout *l = w->l;
	struct buf eptext = {0};
	struct stat st;
	char *path;
	int r;

	/* each file is checked against the manifest as it is placed (or read, below) */
	if (stat(w->entry, &st) < 0 || manifestread(w->entry, &w->m) != 0)
		return 1;
	if (findinfo(w) < 0)
		return -1;
	path = xasprintf("%.*s/WHEEL", (int)w->infolen, w->info);
	r = readentry(w->entry, path, &w->wheelf);
	free(path);
	path = xasprintf("%.*s/METADATA", (int)w->infolen, w->info);
	r = r < 0 ? r : readentry(w->entry, path, &w->meta);
	free(path);
	path = xasprintf("%.*s/RECORD", (int)w->infolen, w->info);
	r = r < 0 ? r : readentry(w->entry, path, &w->record);
	free(path);
	if (r < 0 && errno == ENOENT)
		return 1;
	if (r < 0) {
		warn("%s: read %.*s:", w->entry, (int)w->infolen, w->info);
		return -1;
	}
	path = xasprintf("%.*s/entry_points.txt", (int)w->infolen, w->info);
	if (readentry(w->entry, path, &eptext) == 0)
		epparse(eptext.s, &w->console, &w->gui);
	free(path);
	free(eptext.s);

	w->purelib = headerfield(w->wheelf.s, "Root-Is-Purelib");
	w->libdir = w->purelib && strcasecmp(w->purelib, "true") == 0 ? l->purelib : l->platlib;
	w->distname = headerfield(w->meta.s, "Name");
	if (!w->distname || !*w->distname || strchr(w->distname, '/')) {
		free(w->distname);
		w->distname = xstrndup(w->info, strcspn(w->info, "-"));
	}
	w->headers = xasprintf("%s/include/site/python%d.%d/%s", l->prefix, l->major, l->minor, w->distname);
	return 0;
}

/* where each file of W goes, as pip's _install_wheel maps them; 0 or -1 after warn() */
static int
mapfiles(struct install *w)
{
	size_t n = w->m.n ? w->m.n : 1;
	struct buf b = {0};
	const char *name, *slash, *p, *dir;
	char *key;

	w->inst = xmalloc(n * sizeof(*w->inst));
	memset(w->inst, 0, n * sizeof(*w->inst));
	for (size_t i = 0; i < w->m.n; i++) {
		struct inst *in = &w->inst[i];
		name = w->m.v[i].name;
		in->src = name;
		slash = strchr(name, '/');
		if (slash && slash - name > 5 && strncmp(slash - 5, ".data", 5) == 0) {
			p = strchr(slash + 1, '/');
			key = p ? xstrndup(slash + 1, p - slash - 1) : NULL;
			dir = key ? schemedir(w->l, key, w->headers) : NULL;
			if (!p || !p[1] || !dir) {
				warn("%s: %s: .data files go in <scheme key>/<path>, one of purelib, platlib, headers, scripts, data", w->entry, name);
				free(key);
				free(b.s);
				return -1;
			}
			in->dest = pathjoin(dir, p + 1);
			if (strcmp(key, "scripts") == 0) {
				in->skip = iswrapper(strrchr(in->dest, '/') + 1, &w->console, &w->gui);
				bufreset(&b);
				if (!in->skip && readentry(w->entry, name, &b) == 0 && strncmp(b.s, "#!python", 8) == 0)
					in->fix = true;
			}
			free(key);
		} else {
			in->dest = pathjoin(w->libdir, name);
		}
		in->rec = relpath(in->dest, w->libdir);
	}
	free(b.s);
	return 0;
}

/* place the files of W taken from the entry as they are, by dir, the others checked against the manifest now; 0, 1 when the entry proved damaged, or -1 after warn() */
static int
placefiles(struct install *w)
{
	const struct layout *l = w->l;
	size_t n = w->m.n ? w->m.n : 1;

	/* the modules with a .pyc in the cache, as its compile marker lists them (else looked for) */
	bool known = l->cachetag && *l->cachetag && pycmissing(w->entry, l->cachetag, &w->nopyc) == 0;
	for (size_t i = 0; i < w->m.n; i++)
		w->inst[i].haspyc = !known ? -1 : strlistfind(&w->nopyc, w->inst[i].src) < 0;
	/* the files placed from the cache by dir, the others (written below, or not at all) checked now */
	w->dirs = xmalloc(n * sizeof(*w->dirs));
	memset(w->dirs, 0, n * sizeof(*w->dirs));
	for (size_t i = 0; i < w->m.n; i++) {
		struct inst *in = &w->inst[i];
		bool placed = !in->skip && !in->fix && !isrecord(in, w->info, w->infolen);
		w->dirs[i] = placed ? pathdir(in->dest) : NULL;
		if (placed) {
			in->carry = carriable(in, w->libdir);
			placeplan(l->placer, in->dest);
		}
		if (!placed && !w->only && !mfileok(w->entry, &w->m.v[i]))
			return 1;
	}
	placeentry(l->placer, w->entry);
	return placeall(w->entry, &w->m, w->inst, w->dirs, l);
}

/* the #!python scripts of W written anew with the env's python, and a RECORD row for each .pyc placed; 0, 1 when the entry proved damaged, or -1 after warn() */
static int
fixscripts(struct install *w)
{
	char *path;
	int r;

	/* the dist-info for what is written into it below: the other process may have placed all its files */
	path = xasprintf("%s/%.*s/", w->libdir, (int)w->infolen, w->info);
	r = mkparent(path, &w->lastdir);
	free(path);
	if (r < 0)
		return -1;
	for (size_t i = 0; i < w->m.n; i++) {
		if (w->inst[i].fix) {
			if (mkparent(w->inst[i].dest, &w->lastdir) < 0)
				return -1;
			if ((r = fixscript(w->entry, &w->inst[i], w->l->python)) != 0)
				return r;
		} else if (w->dirs[i]) {
			pycrow(w->entry, &w->inst[i], w->l, w->libdir, &w->gen);
		}
	}
	return 0;
}

/* the launchers of W's console (as pip names them) and gui entry points, each written new; 0 or -1 after warn() */
static int
writelaunchers(struct install *w)
{
	const struct layout *l = w->l;
	struct eplist specs = {0};
	char *path, *text;
	int r = 0;

	scriptspecs(&w->console, l->major, l->minor, &specs);
	for (size_t g = 0; r == 0 && g < 2; g++) {
		const struct eplist *eps = g == 0 ? &specs : &w->gui;
		for (size_t i = 0; r == 0 && i < eps->n; i++) {
			text = launcher(w->entry, &eps->v[i], l->python);
			if (!text) {
				r = -1;
				break;
			}
			path = pathjoin(l->scripts, eps->v[i].name);
			r = mkparent(path, &w->lastdir);
			if (r == 0)
				r = generate(path, text, strlen(text), 0755, w->libdir, &w->gen);
			free(path);
			free(text);
		}
	}
	epclear(&specs);
	return r < 0 ? -1 : 0;
}

/* pip's own files in W's dist-info, each written new: INSTALLER, then direct_url.json when DIRECTURL, REQUESTED when REQUESTED; 0 or -1 after warn() */
static int
writedistinfo(struct install *w, bool requested, const char *directurl)
{
	char *path;
	int r;

	path = xasprintf("%s/%.*s/INSTALLER", w->libdir, (int)w->infolen, w->info);
	r = generate(path, "pip\n", 4, 0644, w->libdir, &w->gen);
	free(path);
	if (r == 0 && directurl) {
		path = xasprintf("%s/%.*s/direct_url.json", w->libdir, (int)w->infolen, w->info);
		r = generate(path, directurl, strlen(directurl), 0644, w->libdir, &w->gen);
		free(path);
	}
	if (r == 0 && requested) {
		path = xasprintf("%s/%.*s/REQUESTED", w->libdir, (int)w->infolen, w->info);
		r = generate(path, "", 0, 0644, w->libdir, &w->gen);
		free(path);
	}
	return r < 0 ? -1 : 0;
}

/* W's RECORD as pip's get_csv_rows_for_installed: the wheel's rows, then the generated, then the unlisted; 0 or -1 after warn() */
static int
writerecord(struct install *w)
{
	struct rows old = {0}, out = {0};
	struct buf b = {0};
	char *path, size[32];
	int r;

	recordparse(w->record.s, &old);
	for (size_t i = 0; i < old.n; i++) {
		struct inst *in = NULL;
		for (size_t j = 0; !in && j < w->m.n; j++)
			if (!w->inst[j].recorded && !w->inst[j].skip && strcmp(w->inst[j].src, old.v[i].f[0]) == 0)
				in = &w->inst[j];
		if (!in) {
			recordadd(&out, old.v[i].f[0], old.v[i].f[1], old.v[i].f[2]);
			continue;
		}
		in->recorded = true;
		if (in->digest) {
			snprintf(size, sizeof(size), "%lld", in->size);
			recordadd(&out, in->rec, in->digest, size);
		} else {
			recordadd(&out, in->rec, old.v[i].f[1], old.v[i].f[2]);
		}
	}
	for (size_t i = 0; i < w->gen.n; i++)
		recordadd(&out, w->gen.v[i].f[0], w->gen.v[i].f[1], w->gen.v[i].f[2]);
	for (size_t j = 0; j < w->m.n; j++)
		if (!w->inst[j].recorded && !w->inst[j].skip)
			recordadd(&out, w->inst[j].rec, "", "");
	recordtext(&out, &b);
	path = xasprintf("%s/%.*s/RECORD", w->libdir, (int)w->infolen, w->info);
	r = writenew(path, b.s, b.len, 0644);
	free(path);
	recordclear(&old);
	recordclear(&out);
	free(b.s);
	return r < 0 ? -1 : 0;
}

/* the lib dirs of W's env touched, for the import system caches directory listings by mtime, and the entry's manifest, its last use for cacheprune */
static void
touchdirs(const struct install *w)
{
	char *path;

	utimensat(AT_FDCWD, w->l->purelib, NULL, 0);
	if (strcmp(w->l->platlib, w->l->purelib) != 0)
		utimensat(AT_FDCWD, w->l->platlib, NULL, 0);
	path = pathjoin(w->entry, MANIFEST);
	utimensat(AT_FDCWD, path, NULL, 0);
	free(path);
}

/* free what W holds */
static void
installclear(struct install *w)
{
	for (size_t i = 0; w->inst && i < w->m.n; i++) {
		free(w->dirs ? w->dirs[i] : NULL);
		free(w->inst[i].dest);
		free(w->inst[i].rec);
		free(w->inst[i].digest);
	}
	free(w->inst);
	free(w->dirs);
	strlistclear(&w->nopyc);
	free(w->nopyc.v);
	recordclear(&w->gen);
	epclear(&w->console);
	epclear(&w->gui);
	manifestclear(&w->m);
	free(w->lastdir);
	free(w->purelib);
	free(w->distname);
	free(w->headers);
	free(w->wheelf.s);
	free(w->meta.s);
	free(w->record.s);
}

int
wheelinstall(const char *entry, const struct layout *l, bool requested, const char *directurl)
{
	struct install w = { .entry = entry, .l = l, .only = placeronly(l->placer) };
	int ret;

	ret = readwheel(&w);
	if (ret == 0)
		ret = mapfiles(&w);
	if (ret == 0)
		ret = placefiles(&w);
	/* where two processes share the files, only that of share 0 writes the rest */
	if (ret == 0 && !w.only) {
		ret = fixscripts(&w);
		if (ret == 0)
			ret = writelaunchers(&w);
		if (ret == 0)
			ret = writedistinfo(&w, requested, directurl);
		if (ret == 0)
			ret = writerecord(&w);
		if (ret == 0)
			touchdirs(&w);
	}
	/* told once: where two processes share the files, the other finds it gone */
	if (ret == 1 && entrydiscard(entry))
		warn("%s: damaged cache entry; unpacking again", entry);
	installclear(&w);
	return ret;
}
