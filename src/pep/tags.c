/* tags.c: the wheel tags an interpreter supports, in packaging.tags.sys_tags()' order, and wheel ranks; pure. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/tags.h"

/* parts by their index in a tag list */
struct ids {
	int *v;
	size_t n, cap;
};

/* the facts, parsed */
struct facts {
	const struct tagenv *te;
	int major, minor;
	char name[32];		/* packaging's interpreter_name(): "cp", "pp" */
	char *nodot;		/* its interpreter_version(): "311" */
};

/* the index of part S (lowercased, as packaging's Tag stores it) in T, added when new */
static int
intern(struct tags *t, const char *s)
{
	char *l = xstrdup(s);
	long i;

	for (char *p = l; *p; p++)
		*p = tolower((unsigned char)*p);
	i = strlistfind(&t->part, l);
	if (i >= 0) {
		free(l);
		return i;
	}
	strlistpush(&t->part, l);
	return t->part.n - 1;
}

static int
internf(struct tags *t, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int i;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	i = intern(t, s);
	free(s);
	return i;
}

static void
idsadd(struct ids *l, int id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = id;
}

static void
add(struct tags *t, int interp, int abi, int plat)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 512;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n++] = (struct tag){ interp, abi, plat };
}

/* every (INTERP, ABI, platform) for the platforms PLATS */
static void
addplats(struct tags *t, int interp, int abi, const struct ids *plats)
{
	for (size_t i = 0; i < plats->n; i++)
		add(t, interp, abi, plats->v[i]);
}

/* packaging's _normalize_string */
static char *
normalize(const char *s)
{
	char *n = xstrdup(s);

	for (char *p = n; *p; p++)
		if (*p == '.' || *p == '-' || *p == ' ')
			*p = '_';
	return n;
}

/* (MAJOR, MINOR) >= (A, B) */
static bool
atleast(int major, int minor, int a, int b)
{
	return major > a || (major == a && minor >= b);
}

/* "X.Y..." as packaging's glibc and musl versions are read, or -1, -1 */
static void
parsever(const char *s, int *major, int *minor)
{
	char *end;

	*major = *minor = -1;
	if (!isdigit((unsigned char)s[0]))
		return;
	long a = strtol(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return;
	long b = strtol(end + 1, NULL, 10);
	/* a libc past these is not real: keep the list finite */
	if (a > 99 || b > 9999)
		return;
	*major = a;
	*minor = b;
}

/* does the executable's ELF header (class data machine flags) say 32-bit little-endian MACHINE? */
static bool
elf32le(const char *elf, unsigned machine, unsigned long *flags)
{
	unsigned class, data, m;

	return sscanf(elf, "%u %u %u %lu", &class, &data, &m, flags) == 4 && class == 1 && data == 1
	    && m == machine;
}

static bool
has(char *const archs[], int n, const char *arch)
{
	for (int i = 0; i < n; i++)
		if (strcmp(archs[i], arch) == 0)
			return true;
	return false;
}

/* packaging's _manylinux.platform_tags (without the user's _manylinux module) */
static void
manylinux(struct tags *t, struct ids *plats, char *const archs[], int narch, const struct tagenv *te)
{
	static const char *const allowed[] = {
		"x86_64", "aarch64", "ppc64", "ppc64le", "s390x", "loongarch64", "riscv64",
	};
	static const struct { int minor; const char *name; } legacy[] = {
		{ 17, "manylinux2014" }, { 12, "manylinux2010" }, { 5, "manylinux1" },
	};
	unsigned long flags = 0;
	bool ok = false;
	int major, minor, oldminor = 16;

	if (has(archs, narch, "armv7l"))
		ok = elf32le(te->elf, 40, &flags) && (flags & 0xFF000000) == 0x05000000 && (flags & 0x400);
	else if (has(archs, narch, "i686"))
		ok = elf32le(te->elf, 3, &flags);
	else
		for (int i = 0; i < narch; i++)
			for (size_t j = 0; j < sizeof(allowed) / sizeof(*allowed); j++)
				ok = ok || strcmp(archs[i], allowed[j]) == 0;
	if (!ok)
		return;
	if (has(archs, narch, "x86_64") || has(archs, narch, "i686"))
		oldminor = 4;
	parsever(te->glibc, &major, &minor);
	for (int i = 0; i < narch; i++) {
		/* the current version, then each older major's from its last minor (50) down */
		for (int mj = major; mj == major || mj > 1; mj--) {
			int top = mj == major ? minor : 50;
			int bottom = mj == 2 ? oldminor : -1;
			for (int mn = top; mn > bottom; mn--) {
				if (!atleast(major, minor, mj, mn))
					continue;
				idsadd(plats, internf(t, "manylinux_%d_%d_%s", mj, mn, archs[i]));
				for (size_t k = 0; k < sizeof(legacy) / sizeof(*legacy); k++)
					if (mj == 2 && mn == legacy[k].minor)
						idsadd(plats, internf(t, "%s_%s", legacy[k].name, archs[i]));
			}
			if (mj < 2)
				break;
		}
	}
}

/* packaging's _musllinux.platform_tags */
static void
musllinux(struct tags *t, struct ids *plats, char *const archs[], int narch, const struct tagenv *te)
{
	int major, minor;

	parsever(te->musl, &major, &minor);
	if (major < 0)
		return;
	for (int i = 0; i < narch; i++)
		for (int mn = minor; mn >= 0; mn--)
			idsadd(plats, internf(t, "musllinux_%d_%d_%s", major, mn, archs[i]));
}

/* packaging's platform_tags(): 0, or -1 for the platforms it has rules this lacks */
static int
platforms(struct tags *t, struct ids *plats, const struct tagenv *te)
{
	static const char *const unknown[] = { "Darwin", "iOS", "Android", "Emscripten" };
	char *lplat, *archs[2];
	int narch = 1;

	for (size_t i = 0; i < sizeof(unknown) / sizeof(*unknown); i++)
		if (strcmp(te->system, unknown[i]) == 0)
			return -1;
	lplat = normalize(te->platform);
	if (strcmp(te->system, "Linux") != 0 || strncmp(lplat, "linux_", 6) != 0) {
		idsadd(plats, intern(t, lplat));
		free(lplat);
		return 0;
	}
	if (strcmp(te->bits, "32") == 0) {
		if (strcmp(lplat, "linux_x86_64") == 0)
			strcpy(lplat, "linux_i686");
		else if (strcmp(lplat, "linux_aarch64") == 0)
			strcpy(lplat, "linux_armv8l");
	}
	archs[0] = lplat + 6;
	archs[1] = "armv7l";
	if (strcmp(archs[0], "armv8l") == 0)
		narch = 2;
	for (int i = 0; i < narch; i++)
		idsadd(plats, internf(t, "linux_%s", archs[i]));
	manylinux(t, plats, archs, narch, te);
	musllinux(t, plats, archs, narch, te);
	free(lplat);
	return 0;
}

/* packaging's _cpython_abis: the ABIs of CPython MAJOR.MINOR; returns how many */
static int
cpythonabis(struct tags *t, const struct facts *f, int abis[2])
{
	const char *info = f->te->abiinfo;
	bool debug = strchr(info, 'd');
	const char *threading = atleast(f->major, f->minor, 3, 13) && strchr(info, 't') ? "t" : "";
	const char *pymalloc = "", *ucs4 = "";
	int n = 0;

	if (!atleast(f->major, f->minor, 3, 8)) {
		pymalloc = strchr(info, 'm') ? "m" : "";
		if (!atleast(f->major, f->minor, 3, 3))
			ucs4 = strchr(info, 'u') ? "u" : "";
	}
	abis[n++] = internf(t, "cp%d%d%s%s%s%s", f->major, f->minor, threading, debug ? "d" : "",
	    pymalloc, ucs4);
	/* debug builds can also load "normal" extension modules */
	if (atleast(f->major, f->minor, 3, 8) && debug)
		abis[n++] = internf(t, "cp%d%d%s", f->major, f->minor, threading);
	return n;
}

/* packaging's cpython_tags */
static void
cpythontags(struct tags *t, const struct facts *f, const struct ids *plats)
{
	int abis[2], n = cpythonabis(t, f, abis);
	int interp = internf(t, "cp%d%d", f->major, f->minor);
	bool threaded = strchr(f->te->abiinfo, 't') && atleast(f->major, f->minor, 3, 13);
	bool stable = atleast(f->major, f->minor, 3, 2);
	int abi3 = intern(t, threaded ? "abi3t" : "abi3"), none = intern(t, "none");

	for (int i = 0; i < n; i++)
		addplats(t, interp, abis[i], plats);
	if (stable)
		addplats(t, interp, abi3, plats);
	addplats(t, interp, none, plats);
	if (stable)
		for (int mn = f->minor - 1; mn > 1; mn--)
			addplats(t, internf(t, "cp%d%d", f->major, mn), abi3, plats);
}

/* packaging's _generic_abi, from EXT_SUFFIX; returns how many, or -1 where it raises */
static int
genericabis(struct tags *t, const struct facts *f, int abis[2])
{
	const char *ext = f->te->extsuffix, *soabi, *end, *prefix = "";
	size_t len;
	int dashes = 0;

	if (ext[0] != '.')
		return -1;
	soabi = ext + 1;
	end = strchr(soabi, '.');
	if (!end)	/* ".pyd": CPython 3.7 and before on Windows */
		return cpythonabis(t, f, abis);
	len = end - soabi;
	if (len == 0)
		return 0;
	if (strncmp(soabi, "cpython", 7) == 0) {
		/* "cpython-311-x86_64-linux-gnu": cp311 */
		const char *v = memchr(soabi, '-', len);
		if (!v || v + 1 == end || v[1] == '-')
			return -1;
		prefix = "cp";
		len = end - v - 1;
		soabi = v + 1;
		dashes = 1;
	} else if (strncmp(soabi, "cp", 2) == 0) {
		dashes = 1;
	} else if (strncmp(soabi, "pypy", 4) == 0) {
		dashes = 2;
	} else if (strncmp(soabi, "graalpy", 7) == 0) {
		dashes = 3;
	}
	for (size_t i = 0, seen = 0; dashes && i < len; i++)
		if (soabi[i] == '-' && ++seen == (size_t)dashes)
			len = i;
	char *abi = xasprintf("%s%.*s", prefix, (int)len, soabi), *norm = normalize(abi);
	abis[0] = intern(t, norm);
	free(abi);
	free(norm);
	return 1;
}

/* packaging's generic_tags, for an interpreter other than CPython */
static int
generictags(struct tags *t, const struct facts *f, const struct ids *plats)
{
	int abis[3], n = genericabis(t, f, abis), none = intern(t, "none");
	int interp = internf(t, "%s%s", f->name, f->nodot);

	if (n < 0)
		return -1;
	bool hasnone = false;
	for (int i = 0; i < n; i++)
		hasnone = hasnone || abis[i] == none;
	if (!hasnone)
		abis[n++] = none;
	for (int i = 0; i < n; i++)
		addplats(t, interp, abis[i], plats);
	return 0;
}

/* packaging's compatible_tags: pyXY, pyX, pyX(Y-1)... on each platform, then on any */
static void
compatibletags(struct tags *t, const struct facts *f, const struct ids *plats)
{
	struct ids py = {0};
	int none = intern(t, "none"), any = intern(t, "any");

	idsadd(&py, internf(t, "py%d%d", f->major, f->minor));
	idsadd(&py, internf(t, "py%d", f->major));
	for (int mn = f->minor - 1; mn >= 0; mn--)
		idsadd(&py, internf(t, "py%d%d", f->major, mn));
	for (size_t i = 0; i < py.n; i++)
		addplats(t, py.v[i], none, plats);
	if (strcmp(f->name, "pp") == 0)
		add(t, intern(t, "pp3"), none, any);
	else if (strcmp(f->name, "cp") == 0)
		add(t, internf(t, "cp%s", f->nodot), none, any);
	for (size_t i = 0; i < py.n; i++)
		add(t, py.v[i], none, any);
	free(py.v);
}

int
tagslist(struct tags *t, const struct tagenv *te)
{
	static const char *const shortnames[][2] = {
		{ "python", "py" }, { "cpython", "cp" }, { "pypy", "pp" }, { "ironpython", "ip" },
		{ "jython", "jy" },
	};
	struct facts f = { .te = te };
	struct ids plats = {0};
	int ret = 0;

	tagsclear(t);
	if (sscanf(te->version, "%d.%d", &f.major, &f.minor) != 2 || f.major < 0 || f.minor < 0
	    || f.minor > 999 || !*te->implname || strlen(te->implname) >= sizeof(f.name))
		return -1;
	strcpy(f.name, te->implname);
	for (size_t i = 0; i < sizeof(shortnames) / sizeof(*shortnames); i++)
		if (strcmp(te->implname, shortnames[i][0]) == 0)
			strcpy(f.name, shortnames[i][1]);
	f.nodot = *te->nodot ? xstrdup(te->nodot) : xasprintf("%d%d", f.major, f.minor);
	if (platforms(t, &plats, te) < 0)
		ret = -1;
	else if (strcmp(f.name, "cp") == 0)
		cpythontags(t, &f, &plats);
	else
		ret = generictags(t, &f, &plats);
	if (ret == 0)
		compatibletags(t, &f, &plats);
	else
		tagsclear(t);
	free(plats.v);
	free(f.nodot);
	return ret;
}

void
tagsclear(struct tags *t)
{
	strlistclear(&t->part);
	free(t->part.v);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void
tagsformat(const struct tags *t, size_t i, struct buf *b)
{
	bufprintf(b, "%s-%s-%s", t->part.v[t->v[i].interp], t->part.v[t->v[i].abi],
	    t->part.v[t->v[i].plat]);
}

/* an identifier, as str.isidentifier() sees ASCII (other bytes are let through) */
static bool
isident(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && !((unsigned char)s[i] & 0x80))
			return false;
	return true;
}

/*
 * Check FILENAME as packaging's parse_wheel_filename does, and split its
 * lowercased tag set into the interpreter, ABI and platform parts (one string
 * with '\0' between the three, newly allocated). NULL when it is not a wheel's.
 */
static char *
tagset(const char *filename)
{
	size_t len = strlen(filename), dashes = 0;
	const char *p, *tag;

	if (len < 4 || strcmp(filename + len - 4, ".whl") != 0)
		return NULL;
	len -= 4;
	for (size_t i = 0; i < len; i++)
		dashes += filename[i] == '-';
	if (dashes != 4 && dashes != 5)
		return NULL;
	/* the name: [\w._]+ and no "__" */
	for (p = filename; *p != '-'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && !((unsigned char)*p & 0x80))
			return NULL;
	if (p == filename || memmem(filename, p - filename, "__", 2))
		return NULL;
	p = strchr(p + 1, '-');		/* past the version */
	if (dashes == 5 && !isdigit((unsigned char)p[1]))
		return NULL;
	tag = p + 1;
	if (dashes == 5)
		tag = strchr(tag, '-') + 1;
	char *s = xstrndup(tag, filename + len - tag);
	int field = 0;
	for (char *q = s, *start = s;; q++) {
		if (*q == '.' || *q == '-' || *q == '\0') {
			if (q == start || (field == 0 && !isident(start, q - start))) {
				free(s);
				return NULL;
			}
			start = q + 1;
		}
		if (*q == '-') {
			*q = '\0';
			field++;
		} else if (*q == '\0') {
			break;
		} else {
			*q = tolower((unsigned char)*q);
		}
	}
	return s;
}

int
tagsparse(const char *filename, struct strlist *tags)
{
	char *s = tagset(filename), *part[3];

	if (!s)
		return -1;
	part[0] = s;
	part[1] = part[0] + strlen(part[0]) + 1;
	part[2] = part[1] + strlen(part[1]) + 1;
	for (char *i = part[0], *ie; i; i = ie ? ie + 1 : NULL) {
		ie = strchr(i, '.');
		for (char *a = part[1], *ae; a; a = ae ? ae + 1 : NULL) {
			ae = strchr(a, '.');
			for (char *p = part[2], *pe; p; p = pe ? pe + 1 : NULL) {
				pe = strchr(p, '.');
				strlistpush(tags, xasprintf("%.*s-%.*s-%.*s",
				    (int)(ie ? ie - i : (long)strlen(i)), i,
				    (int)(ae ? ae - a : (long)strlen(a)), a,
				    (int)(pe ? pe - p : (long)strlen(p)), p));
			}
		}
	}
	free(s);
	return 0;
}

/* mark in IN (one flag a part of T) each member of the compressed tag component S */
static void
mark(const struct tags *t, char *s, bool *in)
{
	char *save;

	for (char *m = strtok_r(s, ".", &save); m; m = strtok_r(NULL, ".", &save)) {
		long i = strlistfind(&t->part, m);
		if (i >= 0)
			in[i] = true;
	}
}

long
tagsrank(const struct tags *t, const char *filename)
{
	char *s = tagset(filename);
	bool *in[3];
	long best = -1;

	if (!s || t->n == 0) {
		free(s);
		return -1;
	}
	char *p = s;
	for (int k = 0; k < 3; k++) {
		char *next = p + strlen(p) + 1;
		in[k] = xmalloc(t->part.n * sizeof(bool));
		memset(in[k], 0, t->part.n * sizeof(bool));
		mark(t, p, in[k]);
		p = next;
	}
	for (size_t i = 0; i < t->n && best < 0; i++)
		if (in[0][t->v[i].interp] && in[1][t->v[i].abi] && in[2][t->v[i].plat])
			best = i;
	for (int k = 0; k < 3; k++)
		free(in[k]);
	free(s);
	return best;
}
