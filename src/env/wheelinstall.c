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

int
wheelinstall(const char *entry, const struct layout *l, bool requested, const char *directurl)
{
	struct manifest m = {0};
	struct buf wheelf = {0}, meta = {0}, record = {0}, eptext = {0}, b = {0};
	struct eplist console = {0}, gui = {0}, specs = {0};
	struct rows old = {0}, gen = {0}, out = {0};
	struct inst *inst = NULL;
	const char *info = NULL, *libdir, *name, *dir;
	char *purelib = NULL, *distname = NULL, *headers = NULL, *path, *lastdir = NULL, *text, *slash, *p, *key;
	char **dirs = NULL;
	struct strlist nopyc = {0};
	size_t infolen = 0;
	int ret = -1, r;
	struct stat st;
	bool only = placeronly(l->placer);

	/* each file is checked against the manifest as it is placed (or read, below) */
	if (stat(entry, &st) < 0 || manifestread(entry, &m) != 0) {
		ret = 1;
		goto out;
	}
	for (size_t i = 0; i < m.n; i++) {
		slash = strchr(m.v[i].name, '/');
		if (slash && slash - m.v[i].name > 10 && strncmp(slash - 10, ".dist-info", 10) == 0) {
			if (info && (infolen != (size_t)(slash - m.v[i].name) || strncmp(info, m.v[i].name, infolen) != 0)) {
				warn("%s: several .dist-info directories", entry);
				goto out;
			}
			info = m.v[i].name;
			infolen = slash - info;
		}
	}
	if (!info) {
		warn("%s: no .dist-info directory", entry);
		goto out;
	}
	path = xasprintf("%.*s/WHEEL", (int)infolen, info);
	r = readentry(entry, path, &wheelf);
	free(path);
	path = xasprintf("%.*s/METADATA", (int)infolen, info);
	r = r < 0 ? r : readentry(entry, path, &meta);
	free(path);
	path = xasprintf("%.*s/RECORD", (int)infolen, info);
	r = r < 0 ? r : readentry(entry, path, &record);
	free(path);
	if (r < 0 && errno == ENOENT) {
		ret = 1;
		goto out;
	}
	if (r < 0) {
		warn("%s: read %.*s:", entry, (int)infolen, info);
		goto out;
	}
	path = xasprintf("%.*s/entry_points.txt", (int)infolen, info);
	if (readentry(entry, path, &eptext) == 0)
		epparse(eptext.s, &console, &gui);
	free(path);

	purelib = headerfield(wheelf.s, "Root-Is-Purelib");
	libdir = purelib && strcasecmp(purelib, "true") == 0 ? l->purelib : l->platlib;
	distname = headerfield(meta.s, "Name");
	if (!distname || !*distname || strchr(distname, '/')) {
		free(distname);
		distname = xstrndup(info, strcspn(info, "-"));
	}
	headers = xasprintf("%s/include/site/python%d.%d/%s", l->prefix, l->major, l->minor, distname);

	/* where each file goes, as pip's _install_wheel maps them */
	inst = xmalloc((m.n ? m.n : 1) * sizeof(*inst));
	memset(inst, 0, (m.n ? m.n : 1) * sizeof(*inst));
	for (size_t i = 0; i < m.n; i++) {
		name = m.v[i].name;
		inst[i].src = name;
		slash = strchr(name, '/');
		if (slash && slash - name > 5 && strncmp(slash - 5, ".data", 5) == 0) {
			p = strchr(slash + 1, '/');
			key = p ? xstrndup(slash + 1, p - slash - 1) : NULL;
			dir = key ? schemedir(l, key, headers) : NULL;
			if (!p || !p[1] || !dir) {
				warn("%s: %s: .data files go in <scheme key>/<path>, one of purelib, platlib, headers, scripts, data", entry, name);
				free(key);
				goto out;
			}
			inst[i].dest = pathjoin(dir, p + 1);
			if (strcmp(key, "scripts") == 0) {
				inst[i].skip = iswrapper(strrchr(inst[i].dest, '/') + 1, &console, &gui);
				bufreset(&b);
				if (!inst[i].skip && readentry(entry, name, &b) == 0 && strncmp(b.s, "#!python", 8) == 0)
					inst[i].fix = true;
			}
			free(key);
		} else {
			inst[i].dest = pathjoin(libdir, name);
		}
		inst[i].rec = relpath(inst[i].dest, libdir);
	}

	/* the modules with a .pyc in the cache, as its compile marker lists them (else looked for) */
	bool known = l->cachetag && *l->cachetag && pycmissing(entry, l->cachetag, &nopyc) == 0;
	for (size_t i = 0; i < m.n; i++)
		inst[i].haspyc = !known ? -1 : strlistfind(&nopyc, inst[i].src) < 0;
	/* the files placed from the cache by dir, the others (written below, or not at all) checked now */
	dirs = xmalloc((m.n ? m.n : 1) * sizeof(*dirs));
	for (size_t i = 0; i < m.n; i++) {
		bool placed = !inst[i].skip && !inst[i].fix && !isrecord(&inst[i], info, infolen);
		dirs[i] = placed ? pathdir(inst[i].dest) : NULL;
		if (placed) {
			inst[i].carry = carriable(&inst[i], libdir);
			placeplan(l->placer, inst[i].dest);
		}
		if (!placed && !only && !mfileok(entry, &m.v[i])) {
			ret = 1;
			goto out;
		}
	}
	placeentry(l->placer, entry);
	if ((r = placeall(entry, &m, inst, dirs, l)) != 0) {
		ret = r;
		goto out;
	}
	if (only) {
		ret = 0;
		goto out;
	}
	/* the dist-info for what is written into it below: the other process may have placed all its files */
	path = xasprintf("%s/%.*s/", libdir, (int)infolen, info);
	r = mkparent(path, &lastdir);
	free(path);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < m.n; i++) {
		if (inst[i].fix) {
			if (mkparent(inst[i].dest, &lastdir) < 0)
				goto out;
			if ((r = fixscript(entry, &inst[i], l->python)) != 0) {
				ret = r;
				goto out;
			}
		} else if (dirs[i]) {
			pycrow(entry, &inst[i], l, libdir, &gen);
		}
	}

	/* launchers, then pip's own files in the dist-info, each written new */
	scriptspecs(&console, l->major, l->minor, &specs);
	for (size_t g = 0; g < 2; g++) {
		const struct eplist *eps = g == 0 ? &specs : &gui;
		for (size_t i = 0; i < eps->n; i++) {
			text = launcher(entry, &eps->v[i], l->python);
			if (!text)
				goto out;
			path = pathjoin(l->scripts, eps->v[i].name);
			r = mkparent(path, &lastdir);
			if (r == 0)
				r = generate(path, text, strlen(text), 0755, libdir, &gen);
			free(path);
			free(text);
			if (r < 0)
				goto out;
		}
	}
	path = xasprintf("%s/%.*s/INSTALLER", libdir, (int)infolen, info);
	r = generate(path, "pip\n", 4, 0644, libdir, &gen);
	free(path);
	if (r < 0)
		goto out;
	if (directurl) {
		path = xasprintf("%s/%.*s/direct_url.json", libdir, (int)infolen, info);
		r = generate(path, directurl, strlen(directurl), 0644, libdir, &gen);
		free(path);
		if (r < 0)
			goto out;
	}
	if (requested) {
		path = xasprintf("%s/%.*s/REQUESTED", libdir, (int)infolen, info);
		r = generate(path, "", 0, 0644, libdir, &gen);
		free(path);
		if (r < 0)
			goto out;
	}

	/* RECORD as pip's get_csv_rows_for_installed: the wheel's rows, then the generated, then the unlisted */
	recordparse(record.s, &old);
	for (size_t i = 0; i < old.n; i++) {
		struct inst *in = NULL;
		for (size_t j = 0; !in && j < m.n; j++)
			if (!inst[j].recorded && !inst[j].skip && strcmp(inst[j].src, old.v[i].f[0]) == 0)
				in = &inst[j];
		if (!in) {
			recordadd(&out, old.v[i].f[0], old.v[i].f[1], old.v[i].f[2]);
			continue;
		}
		in->recorded = true;
		if (in->digest) {
			char size[32];
			snprintf(size, sizeof(size), "%lld", in->size);
			recordadd(&out, in->rec, in->digest, size);
		} else {
			recordadd(&out, in->rec, old.v[i].f[1], old.v[i].f[2]);
		}
	}
	for (size_t i = 0; i < gen.n; i++)
		recordadd(&out, gen.v[i].f[0], gen.v[i].f[1], gen.v[i].f[2]);
	for (size_t j = 0; j < m.n; j++)
		if (!inst[j].recorded && !inst[j].skip)
			recordadd(&out, inst[j].rec, "", "");
	recordtext(&out, &b);
	path = xasprintf("%s/%.*s/RECORD", libdir, (int)infolen, info);
	r = writenew(path, b.s, b.len, 0644);
	free(path);
	if (r < 0)
		goto out;

	/* the import system caches directory listings by mtime */
	utimensat(AT_FDCWD, l->purelib, NULL, 0);
	if (strcmp(l->platlib, l->purelib) != 0)
		utimensat(AT_FDCWD, l->platlib, NULL, 0);
	/* the entry's last use, for cacheprune */
	path = pathjoin(entry, MANIFEST);
	utimensat(AT_FDCWD, path, NULL, 0);
	free(path);
	ret = 0;
out:
	/* told once: where two processes share the files, the other finds it gone */
	if (ret == 1 && entrydiscard(entry))
		warn("%s: damaged cache entry; unpacking again", entry);
	for (size_t i = 0; inst && i < m.n; i++) {
		free(dirs ? dirs[i] : NULL);
		free(inst[i].dest);
		free(inst[i].rec);
		free(inst[i].digest);
	}
	free(inst);
	free(dirs);
	strlistclear(&nopyc);
	free(nopyc.v);
	recordclear(&old);
	recordclear(&gen);
	recordclear(&out);
	epclear(&console);
	epclear(&gui);
	epclear(&specs);
	manifestclear(&m);
	free(lastdir);
	free(purelib);
	free(distname);
	free(headers);
	free(wheelf.s);
	free(meta.s);
	free(record.s);
	free(eptext.s);
	free(b.s);
	return ret;
}

