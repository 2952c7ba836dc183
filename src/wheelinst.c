/* wheelinst.c: an unpacked wheel installed into an env as pip installs it: links, new scripts, a fresh RECORD. */
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
#include "util.h"
#include "entry.h"
#include "wheel.h"


struct row {
	char *f[3];	/* path, hash, size */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

struct ep {
	char *name, *value;
};

struct eplist {
	struct ep *v;
	size_t n, cap;
};

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
};

/* RECORD's CSV TEXT as rows of three fields ("" where short), as Python's csv reads it */
static void
csvparse(const char *s, struct rows *rows)
{
	struct buf field = {0};
	struct row r;
	int nf;
	bool quoted;

	while (*s) {
		nf = 0;
		memset(&r, 0, sizeof(r));
		for (;;) {
			bufreset(&field);
			bufputs(&field, "");
			quoted = *s == '"';
			if (quoted) {
				for (s++; *s; s++) {
					if (*s == '"' && s[1] == '"')
						bufputc(&field, *s++);
					else if (*s == '"')
						break;
					else
						bufputc(&field, *s);
				}
				if (*s)
					s++;
			}
			while (*s && *s != ',' && *s != '\n' && *s != '\r')
				bufputc(&field, *s++);
			if (nf < 3)
				r.f[nf] = xstrdup(field.s);
			nf++;
			if (*s != ',')
				break;
			s++;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		if (nf == 1 && !*r.f[0]) {
			free(r.f[0]);
			continue;
		}
		for (int i = 0; i < 3; i++)
			if (!r.f[i])
				r.f[i] = xstrdup("");
		if (rows->n == rows->cap) {
			rows->cap = rows->cap ? rows->cap * 2 : 64;
			rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
		}
		rows->v[rows->n++] = r;
	}
	free(field.s);
}

static void
rowadd(struct rows *rows, const char *path, const char *hash, const char *size)
{
	struct row *r;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
	}
	r = &rows->v[rows->n++];
	r->f[0] = xstrdup(path);
	r->f[1] = xstrdup(hash);
	r->f[2] = xstrdup(size);
}

static void
rowsclear(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		for (int f = 0; f < 3; f++)
			free(rows->v[i].f[f]);
	free(rows->v);
}

static int
rowcmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = 0;

	for (int i = 0; c == 0 && i < 3; i++)
		c = strcmp(x->f[i], y->f[i]);
	return c;
}

static void
csvfield(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		bufputs(b, s);
		return;
	}
	bufputc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			bufputc(b, '"');
		bufputc(b, *s);
	}
	bufputc(b, '"');
}

/* the entry points in entry_points.txt TEXT, read as importlib.metadata reads them */
static void
epparse(const char *text, struct eplist *console, struct eplist *gui)
{
	struct eplist *sect = NULL;
	const char *line = text, *end, *eq;
	char *l, *name, *value;
	size_t n;

	for (; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		while (line < end && isspace((unsigned char)*line))
			line++;
		n = end - line;
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		l = xstrndup(line, n);
		if (l[0] == '[' && l[n - 1] == ']') {
			sect = strcmp(l, "[console_scripts]") == 0 ? console : strcmp(l, "[gui_scripts]") == 0 ? gui : NULL;
		} else if (sect && (eq = strchr(l, '='))) {
			name = xstrndup(l, eq - l);
			for (n = strlen(name); n > 0 && isspace((unsigned char)name[n - 1]); n--)
				name[n - 1] = '\0';
			for (eq++; isspace((unsigned char)*eq); eq++)
				;
			value = xstrdup(eq);
			size_t i;
			for (i = 0; i < sect->n && strcmp(sect->v[i].name, name) != 0; i++)
				;
			if (i == sect->n) {
				if (sect->n == sect->cap) {
					sect->cap = sect->cap ? sect->cap * 2 : 8;
					sect->v = xrealloc(sect->v, sect->cap * sizeof(*sect->v));
				}
				sect->v[sect->n++] = (struct ep){name, value};
			} else {
				free(name);
				free(sect->v[i].value);
				sect->v[i].value = value;
			}
		}
		free(l);
	}
}

static void
epadd(struct eplist *l, char *name, const char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct ep){name, xstrdup(value)};
}

static void
epclear(struct eplist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
	}
	free(l->v);
}

static const struct ep *
epfind(const struct eplist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* whether S is digits+ (and, with DOT, "." digits+) up to its end */
static bool
isversion(const char *s, bool dot, bool needdot)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == s)
		return false;
	if (!*p)
		return !needdot;
	if (!dot || *p != '.')
		return false;
	s = ++p;
	while (isdigit((unsigned char)*p))
		p++;
	return p > s && !*p;
}

/* the launchers to write, as pip's get_console_script_specs: pip, pipX, pipX.Y for the env's python */
static void
scriptspecs(const struct eplist *console, const struct layout *l, struct eplist *out)
{
	const struct ep *pip = epfind(console, "pip"), *ei = epfind(console, "easy_install");
	const char *name;

	if (pip) {
		epadd(out, xstrdup("pip"), pip->value);
		epadd(out, xasprintf("pip%d", l->major), pip->value);
		epadd(out, xasprintf("pip%d.%d", l->major, l->minor), pip->value);
	}
	if (ei) {
		epadd(out, xstrdup("easy_install"), ei->value);
		epadd(out, xasprintf("easy_install-%d.%d", l->major, l->minor), ei->value);
	}
	for (size_t i = 0; i < console->n; i++) {
		name = console->v[i].name;
		if (pip && strncmp(name, "pip", 3) == 0 && (!name[3] || isversion(name + 3, true, false)))
			continue;
		if (ei && strncmp(name, "easy_install", 12) == 0 && (!name[12] || (name[12] == '-' && isversion(name + 13, true, true))))
			continue;
		epadd(out, xstrdup(name), console->v[i].value);
	}
}

static bool
isword(int c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* the shebang distlib writes for PYTHON: the /bin/sh form when too long or with a space */
static void
shebang(const char *python, struct buf *b)
{
	bool space = strchr(python, ' ');
	char *exe = space && python[0] != '"' ? xasprintf("\"%s\"", python) : xstrdup(python);

	if (!space && strlen(exe) + 3 <= 127)
		bufprintf(b, "#!%s\n", exe);
	else
		bufprintf(b, "#!/bin/sh\n'''exec' %s \"$0\" \"$@\"\n' '''\n", exe);
	free(exe);
}

/* whether the N bytes at S are word(.word)* */
static bool
isdotted(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' ? i == 0 || i == n - 1 || s[i + 1] == '.' : !isword((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* the text of the launcher for entry point EP, as distlib's ScriptMaker writes it; NULL after warn() */
static char *
launcher(const char *entry, const struct ep *ep, const char *python)
{
	struct buf b = {0};
	const char *v = ep->value, *p, *colon;
	size_t n;

	for (p = ep->name; *p; p++)
		if (!isword((unsigned char)*p) && !strchr("-.+", *p))
			break;
	if (p == ep->name || *p || strcmp(ep->name, ".") == 0 || strcmp(ep->name, "..") == 0) {
		warn("%s: invalid entry point name: %s", entry, ep->name);
		return NULL;
	}
	/* module(.sub)*:attr(.attr)*, perhaps followed by [extras], which a launcher ignores */
	for (p = v; isword((unsigned char)*p) || *p == '.' || *p == ':'; p++)
		;
	n = p - v;
	colon = memchr(v, ':', n);
	if (!colon || memchr(colon + 1, ':', n - (colon + 1 - v)) || !isdotted(v, colon - v)
	    || !isdotted(colon + 1, n - (colon + 1 - v))) {
		warn("%s: invalid script entry point: %s = %s (module:function is required)", entry, ep->name, v);
		return NULL;
	}
	shebang(python, &b);
	bufprintf(&b, "# -*- coding: utf-8 -*-\n"
	    "import re\n"
	    "import sys\n"
	    "from %.*s import %.*s\n"
	    "if __name__ == '__main__':\n"
	    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
	    "    sys.exit(%.*s())\n",
	    (int)(colon - v), v, (int)strcspn(colon + 1, ".:[ \t"), colon + 1, (int)(n - (colon + 1 - v)), colon + 1);
	return b.s;
}

/* PATH relative to the dir BASE (both absolute), as os.path.relpath */
static char *
relpath(const char *path, const char *base)
{
	char *p = pathnorm(path), *b = pathnorm(base);
	const char *rest;
	struct buf out = {0};
	size_t common = 0;

	/* the longest common run of whole components */
	for (size_t i = 0;; i++) {
		if ((p[i] == '/' || !p[i]) && (b[i] == '/' || !b[i]))
			common = i;
		if (!p[i] || !b[i] || p[i] != b[i])
			break;
	}
	bufputs(&out, "");
	for (const char *s = b + common; *s; s++)
		if (*s != '/' && (s == b + common || s[-1] == '/'))
			bufputs(&out, "../");
	for (rest = p + common; *rest == '/'; rest++)
		;
	bufputs(&out, rest);
	if (out.len > 0 && out.s[out.len - 1] == '/')
		out.s[--out.len] = '\0';
	if (out.len == 0)
		bufputc(&out, '.');
	free(p);
	free(b);
	return out.s;
}

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

/* whether NAME is a setuptools wrapper of an entry point (NAME, NAME.exe, NAME-script.py, NAME.pya) */
static bool
iswrapper(const char *name, const struct eplist *console, const struct eplist *gui)
{
	size_t n = strlen(name);
	char *match;
	bool r;

	if (n > 4 && (strcasecmp(name + n - 4, ".exe") == 0 || strcasecmp(name + n - 4, ".pya") == 0))
		n -= 4;
	else if (n > 10 && strcasecmp(name + n - 10, "-script.py") == 0)
		n -= 10;
	match = xstrndup(name, n);
	r = epfind(console, match) || epfind(gui, match);
	free(match);
	return r;
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
	rowadd(gen, rec, digest, size);
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
 * Beside the module IN just placed, the .pyc the cache compiled for it (see
 * wheelcompile), as pip compiles at install time; a row for it goes to GEN.
 * Returns 0 (also when there is none), 1 when the entry vanished, or -1.
 */
static int
placepyc(const char *entry, const struct inst *in, const struct layout *l, const char *libdir, struct rows *gen,
    char **lastpyc)
{
	size_t n = strlen(in->src);
	char *dir, *stem, *src, *dest, *destdir, *rec;
	const char *base;
	int r;

	if (!l->cachetag || !*l->cachetag || n < 4 || strcmp(in->src + n - 3, ".py") != 0)
		return 0;
	dir = pathdir(in->src);
	base = strrchr(in->src, '/') ? strrchr(in->src, '/') + 1 : in->src;
	stem = xstrndup(base, strlen(base) - 3);
	src = xasprintf("%s/%s%s__pycache__/%s.%s.pyc", entry, dir, *dir ? "/" : "", stem, l->cachetag);
	r = 0;
	if (access(src, F_OK) == 0) {
		destdir = pathdir(in->dest);
		dest = xasprintf("%s/__pycache__/%s.%s.pyc", destdir, stem, l->cachetag);
		r = mkparent(dest, lastpyc);
		if (r == 0)
			r = place(src, dest, false, l->copy);
		if (r == 0) {
			rec = relpath(dest, libdir);
			rowadd(gen, rec, "", "");
			free(rec);
		}
		free(dest);
		free(destdir);
	}
	free(src);
	free(stem);
	free(dir);
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
	char *purelib = NULL, *distname = NULL, *headers = NULL, *path, *lastdir = NULL, *lastpyc = NULL, *text, *slash, *p, *key;
	size_t infolen = 0;
	int ret = -1, r;
	struct stat st;

	if (stat(entry, &st) < 0 || manifestread(entry, &m) != 0 || !manifestok(entry, &m)) {
		warn("%s: damaged cache entry; unpacking again", entry);
		entrydiscard(entry);
		manifestclear(&m);
		return 1;
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

	for (size_t i = 0; i < m.n; i++) {
		if (inst[i].skip)
			continue;
		/* RECORD is written afresh below */
		if (strncmp(inst[i].src, info, infolen) == 0 && strcmp(inst[i].src + infolen, "/RECORD") == 0)
			continue;
		if (mkparent(inst[i].dest, &lastdir) < 0)
			goto out;
		if (inst[i].fix) {
			r = fixscript(entry, &inst[i], l->python);
		} else {
			path = pathjoin(entry, inst[i].src);
			r = place(path, inst[i].dest, m.v[i].exec, l->copy);
			free(path);
			if (r == 0)
				r = placepyc(entry, &inst[i], l, libdir, &gen, &lastpyc);
		}
		if (r != 0) {
			if (r == 1) {
				warn("%s: damaged cache entry; unpacking again", entry);
				entrydiscard(entry);
			}
			ret = r;
			goto out;
		}
	}

	/* launchers, then pip's own files in the dist-info, each written new */
	scriptspecs(&console, l, &specs);
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
	csvparse(record.s, &old);
	for (size_t i = 0; i < old.n; i++) {
		struct inst *in = NULL;
		for (size_t j = 0; !in && j < m.n; j++)
			if (!inst[j].recorded && !inst[j].skip && strcmp(inst[j].src, old.v[i].f[0]) == 0)
				in = &inst[j];
		if (!in) {
			rowadd(&out, old.v[i].f[0], old.v[i].f[1], old.v[i].f[2]);
			continue;
		}
		in->recorded = true;
		if (in->digest) {
			char size[32];
			snprintf(size, sizeof(size), "%lld", in->size);
			rowadd(&out, in->rec, in->digest, size);
		} else {
			rowadd(&out, in->rec, old.v[i].f[1], old.v[i].f[2]);
		}
	}
	for (size_t i = 0; i < gen.n; i++)
		rowadd(&out, gen.v[i].f[0], gen.v[i].f[1], gen.v[i].f[2]);
	for (size_t j = 0; j < m.n; j++)
		if (!inst[j].recorded && !inst[j].skip)
			rowadd(&out, inst[j].rec, "", "");
	qsort(out.v, out.n, sizeof(*out.v), rowcmp);
	bufreset(&b);
	for (size_t i = 0; i < out.n; i++) {
		for (int f = 0; f < 3; f++) {
			if (f)
				bufputc(&b, ',');
			csvfield(&b, out.v[i].f[f]);
		}
		bufputs(&b, "\r\n");
	}
	path = xasprintf("%s/%.*s/RECORD", libdir, (int)infolen, info);
	r = writenew(path, b.s ? b.s : "", b.len, 0644);
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
	for (size_t i = 0; inst && i < m.n; i++) {
		free(inst[i].dest);
		free(inst[i].rec);
		free(inst[i].digest);
	}
	free(inst);
	rowsclear(&old);
	rowsclear(&gen);
	rowsclear(&out);
	epclear(&console);
	epclear(&gui);
	epclear(&specs);
	manifestclear(&m);
	free(lastdir);
	free(lastpyc);
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
