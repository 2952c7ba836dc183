/* reqfile.c: pip requirements-file reader, after pip's req_file.py. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"

struct option {
	const char *shortopt, *longopt;
	bool arg;
	bool perreq;		/* allowed after a requirement on the same line */
};

static const struct option options[] = {
	{"-i", "--index-url", true, false},
	{NULL, "--pypi-url", true, false},
	{NULL, "--extra-index-url", true, false},
	{NULL, "--no-index", false, false},
	{"-c", "--constraint", true, false},
	{"-r", "--requirement", true, false},
	{"-e", "--editable", true, false},
	{"-f", "--find-links", true, false},
	{NULL, "--no-binary", true, false},
	{NULL, "--only-binary", true, false},
	{NULL, "--prefer-binary", false, false},
	{NULL, "--require-hashes", false, false},
	{NULL, "--pre", false, false},
	{NULL, "--trusted-host", true, false},
	{NULL, "--use-feature", true, false},
	{NULL, "--hash", true, true},
	{"-C", "--config-settings", true, true},
	{NULL, "--global-option", true, true},
	{NULL, "--install-option", true, true},
};

struct ctx {
	struct reqset *rs;
	const char *file;
	long line;
	bool constraint;
};

static bool
isspacepy(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static bool
isword(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	    || c == '.' || c == '_' || c == '-' || c >= 0x80;
}

bool
requrl(const char *s)
{
	/* pip's SCHEME_RE: ^(http|https|file):  plus VCS schemes like git+https: */
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return n > 1 && s[n] == ':' && (strncmp(s + n, "://", 3) == 0 || strncmp(s, "file:", 5) == 0);
}

char *
reqnorm(const char *s)
{
	struct buf b = {0};
	char quote = 0;

	bufputs(&b, "");
	for (const char *p = s; *p; p++) {
		if (quote) {
			bufputc(&b, *p);
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			quote = *p;
			bufputc(&b, *p);
			continue;
		}
		if (!isspacepy(*p)) {
			bufputc(&b, *p);
			continue;
		}
		while (isspacepy(p[1]))
			p++;
		if (b.len > 0 && isword(b.s[b.len - 1]) && isword(p[1]))
			bufputc(&b, ' ');
	}
	return b.s;
}

/* warn "FILE:LINE: message" for the line being read; -1 */
static int
perr(struct ctx *c, const char *fmt, const char *arg)
{
	return warnat(c->file, c->line, 0, fmt, arg);
}

/* pip's shlex.split() of the options part of a line */
static int
shsplit(struct ctx *c, const char *s, struct strlist *out)
{
	struct buf tok = {0};
	bool have = false;

	for (const char *p = s;; p++) {
		if (!*p || isspacepy(*p)) {
			if (have)
				strlistpush(out, tok.s ? tok.s : xstrdup(""));
			tok = (struct buf){0};
			have = false;
			if (!*p)
				return 0;
			continue;
		}
		have = true;
		if (*p == '\'') {
			const char *e = strchr(p + 1, '\'');
			if (!e)
				goto unbalanced;
			bufadd(&tok, p + 1, e - p - 1);
			p = e;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p)
					goto unbalanced;
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`'))
					p++;
				bufputc(&tok, *p);
			}
		} else if (*p == '\\') {
			if (!p[1])
				goto unbalanced;
			bufputc(&tok, *++p);
		} else {
			bufputc(&tok, *p);
		}
	}
unbalanced:
	free(tok.s);
	return perr(c, "%s", "no closing quotation");
}

static const struct option *
findopt(struct ctx *c, const char *tok, const char **value)
{
	const struct option *found = NULL;
	size_t n;

	*value = NULL;
	if (tok[0] == '-' && tok[1] != '-') {
		for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++) {
			const struct option *o = &options[i];
			if (o->shortopt && tok[1] == o->shortopt[1]) {
				if (tok[2])
					*value = tok + 2;
				return o;
			}
		}
		perr(c, "no such option: %.2s", tok);
		return NULL;
	}
	n = strcspn(tok, "=");
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++) {
		const struct option *o = &options[i];
		if (strncmp(o->longopt, tok, n) != 0)
			continue;
		if (o->longopt[n] == '\0') {
			found = o;
			break;
		}
		if (found) {
			char *t = xstrndup(tok, n);
			perr(c, "ambiguous option: %s", t);
			free(t);
			return NULL;
		}
		found = o;
	}
	if (!found) {
		char *t = xstrndup(tok, n);
		perr(c, "no such option: %s", t);
		free(t);
		return NULL;
	}
	if (tok[n] == '=') {
		if (!found->arg) {
			perr(c, "%s option does not take a value", found->longopt);
			return NULL;
		}
		*value = tok + n + 1;
	}
	return found;
}

static void
addline(struct reqset *rs, const char *kind, const char *text)
{
	strlistpush(&rs->lines, text ? xasprintf("%s %s", kind, text) : xstrdup(kind));
}

/* A local path or file: URL in a requirement: its project metadata or archive is an input. */
static void
addlocal(struct reqset *rs, const char *text, bool editable)
{
	const char *p = text;
	char *at = strstr(text, " @ ");
	struct stat st;

	if (!at)
		at = strchr(text, '@');
	if (at && strncmp(text, "file:", 5) != 0 && text[0] != '.' && text[0] != '/') {
		p = at + 1;
		while (*p == ' ' || *p == '@')
			p++;
	}
	/* pip takes an editable without a scheme, or anything that looks like a path, as a directory */
	if (strncmp(p, "file://", 7) == 0)
		p += 7;
	else if (strncmp(p, "file:", 5) == 0)
		p += 5;
	else if (requrl(p) || !(editable || p[0] == '.' || strchr(p, '/')))
		return;
	size_t n = strcspn(p, "#[; ");
	char *path = xstrndup(p, n);
	char *norm = pathnorm(path);
	free(path);
	if (stat(norm, &st) == 0 && S_ISREG(st.st_mode)) {
		if (strlistfind(&rs->files, norm) < 0)
			strlistadd(&rs->files, norm);
	} else if (strlistfind(&rs->projects, norm) < 0) {
		static const char *const meta[] = { "pyproject.toml", "setup.cfg", "setup.py" };
		strlistadd(&rs->projects, norm);
		for (size_t i = 0; i < 3; i++) {
			char *m = pathjoin(strcmp(norm, ".") == 0 ? "" : norm, meta[i]);
			if (access(m, F_OK) == 0)
				strlistpush(&rs->files, m);
			else
				strlistpush(&rs->absent, m);
		}
	}
	free(norm);
}

void
reqinline(struct reqset *rs, const char *kind, const char *text)
{
	char *n = reqnorm(text);

	addline(rs, kind, n);
	addlocal(rs, n, strcmp(kind, "editable") == 0);
	free(n);
}

static int parsefile(struct ctx *c, struct buf *b);

static int
include(struct ctx *c, const char *value, bool constraint)
{
	char *path, *norm;
	int ret;

	if (requrl(value) || requrl(c->file)) {
		if (strlistfind(&c->rs->remote, value) < 0)
			strlistadd(&c->rs->remote, value);
		addline(c->rs, constraint ? "remote-constraint" : "remote", value);
		return 0;
	}
	char *dir = pathdir(c->file);
	path = pathjoin(dir, value);
	norm = pathnorm(path);
	free(dir);
	free(path);
	if (strlistfind(&c->rs->stack, norm) >= 0) {
		ret = perr(c, "%s: include cycle", norm);
	} else if (strlistfind(&c->rs->files, norm) >= 0) {
		ret = 0;	/* a diamond: its lines are in already */
	} else {
		struct ctx sub = { c->rs, norm, 0, constraint };
		struct buf b = {0};

		if (readfile(norm, &b) < 0)
			ret = perr(c, "%s:", norm);
		else
			ret = parsefile(&sub, &b);
		free(b.s);
	}
	free(norm);
	return ret;
}

/*
 * The options part of a line, classified as pip does: with requirement text only
 * the per-requirement options count; else the first -e makes an editable; else the
 * first -r (or else -c) includes a file; else every option applies.
 */
static int
optline(struct ctx *c, const char *args, const char *opts)
{
	struct strlist toks = {0}, perreq = {0}, global = {0};
	const char *editable = NULL, *req = NULL, *con = NULL;
	int ret = 0;

	if (shsplit(c, opts, &toks) < 0)
		ret = -1;
	for (size_t i = 0; i < toks.n && ret == 0; i++) {
		const char *value, *t = toks.v[i];
		const struct option *o;

		if (strcmp(t, "--") == 0)
			break;
		if (t[0] != '-' || t[1] == '\0')
			continue;	/* optparse drops positional words */
		o = findopt(c, t, &value);
		if (!o) {
			ret = -1;
			break;
		}
		if (o->arg && !value) {
			if (i + 1 >= toks.n) {
				ret = perr(c, "%s option requires an argument", o->longopt);
				break;
			}
			value = toks.v[++i];
		}
		const char *name = strcmp(o->longopt, "--pypi-url") == 0 ? "index-url" : o->longopt + 2;
		if (o->perreq)
			strlistpush(&perreq, xasprintf("%s=%s", o->longopt, value));
		else if (strcmp(name, "editable") == 0)
			editable = editable ? editable : value;
		else if (strcmp(name, "requirement") == 0)
			req = req ? req : value;
		else if (strcmp(name, "constraint") == 0)
			con = con ? con : value;
		else if (strcmp(name, "find-links") == 0 && !requrl(value) && value[0] != '/') {
			char *dir = pathdir(c->file), *p = pathjoin(dir, value), *n = pathnorm(p);
			strlistpush(&global, xasprintf("opt %s %s", name, n));
			free(n);
			free(p);
			free(dir);
		} else if (value)
			strlistpush(&global, xasprintf("opt %s %s", name, value));
		else
			strlistpush(&global, xasprintf("opt %s", name));
	}
	if (ret < 0) {
		/* nothing */
	} else if (*args) {
		struct buf b = {0};
		char *n = reqnorm(args);

		if (perreq.n > 1)
			qsort(perreq.v, perreq.n, sizeof(*perreq.v), strlistcmp);
		bufputs(&b, n);
		for (size_t i = 0; i < perreq.n; i++)
			bufprintf(&b, " %s", perreq.v[i]);
		addline(c->rs, c->constraint ? "constraint" : "req", b.s);
		addlocal(c->rs, n, false);
		free(n);
		free(b.s);
	} else if (editable) {
		char *n = reqnorm(editable);
		addline(c->rs, c->constraint ? "constraint-editable" : "editable", n);
		addlocal(c->rs, n, true);
		free(n);
	} else if (req || con) {
		ret = include(c, req ? req : con, !req);
	} else {
		for (size_t i = 0; i < global.n; i++)
			strlistadd(&c->rs->lines, global.v[i]);
	}
	strlistclear(&toks);
	free(toks.v);
	strlistclear(&perreq);
	free(perreq.v);
	strlistclear(&global);
	free(global.v);
	return ret;
}

/* the length of the valid UTF-8 sequence at P, or 0 */
static size_t
utf8len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* ${NAME} for NAME in [A-Z0-9_]+ is replaced by its value when set and not empty */
static char *
expandvars(struct ctx *c, const char *s)
{
	struct buf b = {0};

	bufputs(&b, "");
	for (const char *p = s; *p;) {
		size_t n;
		if (p[0] == '$' && p[1] == '{'
		    && (n = strspn(p + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")) > 0 && p[2 + n] == '}') {
			char *name = xstrndup(p + 2, n);
			const char *v = getenv(name);
			char *rec = v && *v ? xasprintf("%s=%s", name, v) : xstrdup(name);
			if (strlistfind(&c->rs->vars, rec) < 0)
				strlistpush(&c->rs->vars, rec);
			else
				free(rec);
			if (v && *v)
				bufputs(&b, v);
			else
				bufadd(&b, p, n + 3);
			free(name);
			p += n + 3;
		} else {
			bufputc(&b, *p++);
		}
	}
	return b.s;
}

char *
reqexpand(struct reqset *rs, const char *s)
{
	struct ctx c = { rs, NULL, 0, false };

	return expandvars(&c, s);
}

static bool
commentlike(const char *s)
{
	while (isspacepy(*s))
		s++;
	return *s == '#';
}

static int
logical(struct ctx *c, long lineno, char *text)
{
	char *p, *e, *x, *sp;
	int ret;

	c->line = lineno;
	/* pip's COMMENT_RE: a '#' at the start or after whitespace ends the line */
	for (p = text; *p; p++)
		if (*p == '#' && (p == text || isspacepy(p[-1]))) {
			*p = '\0';
			break;
		}
	for (p = text; isspacepy(*p); p++)
		;
	for (e = p + strlen(p); e > p && isspacepy(e[-1]); e--)
		;
	*e = '\0';
	if (!*p)
		return 0;
	x = expandvars(c, p);
	/* pip splits on single spaces; the options start at the first token with '-' */
	for (sp = x;; ) {
		if (*sp == '-')
			break;
		sp = strchr(sp, ' ');
		if (!sp)
			break;
		sp++;
	}
	if (sp == x) {
		ret = optline(c, "", x);
	} else if (sp) {
		sp[-1] = '\0';
		ret = optline(c, x, sp);
	} else {
		ret = optline(c, x, "");
	}
	free(x);
	return ret;
}

static int
parsefile(struct ctx *c, struct buf *b)
{
	unsigned char *s = (unsigned char *)(b->s ? b->s : "");
	size_t len = b->len;
	struct buf joined = {0};
	long lineno = 1, primary = 0;
	bool pending = false;
	int ret = 0;

	strlistadd(&c->rs->files, c->file);
	strlistadd(&c->rs->stack, c->file);
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		s += 3;
		len -= 3;
	}
	for (size_t i = 0, line = 1; i < len;) {
		size_t n = s[i] ? utf8len(s + i) : 0;
		c->line = line;
		if (!s[i]) {
			ret = perr(c, "%s", "binary data (a NUL byte); not a requirements file");
			goto out;
		}
		if (!n) {
			ret = perr(c, "%s", "invalid UTF-8");
			goto out;
		}
		if (s[i] == '\n')
			line++;
		i += n;
	}
	for (size_t i = 0; i <= len && ret == 0;) {
		size_t start = i;
		while (i < len && s[i] != '\n' && s[i] != '\r' && s[i] != '\v' && s[i] != '\f'
		    && !(s[i] >= 0x1c && s[i] <= 0x1e))
			i++;
		if (i == len && start == len)
			break;
		char *line = xstrndup((char *)s + start, i - start);
		size_t l = i - start;
		if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		i++;
		if (l == 0 || line[l - 1] != '\\' || commentlike(line)) {
			if (commentlike(line)) {
				char *t = xasprintf(" %s", line);
				free(line);
				line = t;
			}
			if (pending) {
				bufputs(&joined, line);
				ret = logical(c, primary, joined.s);
				bufreset(&joined);
				pending = false;
			} else {
				ret = logical(c, lineno, line);
			}
		} else {
			char *a = line, *z = line + l;
			if (!pending) {
				primary = lineno;
				pending = true;
				bufputs(&joined, "");
			}
			while (*a == '\\')
				a++;
			while (z > a && z[-1] == '\\')
				z--;
			bufadd(&joined, a, z - a);
		}
		free(line);
		lineno++;
	}
	if (ret == 0 && pending)
		ret = logical(c, primary, joined.s);
out:
	free(joined.s);
	free(c->rs->stack.v[--c->rs->stack.n]);
	return ret;
}

int
reqread(struct reqset *rs, const char *path, bool constraint, bool optional, const char *label)
{
	struct ctx c = { rs, NULL, 0, constraint };
	struct buf b = {0};
	char *norm;
	int ret;

	if (requrl(path)) {
		if (strlistfind(&rs->remote, path) < 0)
			strlistadd(&rs->remote, path);
		addline(rs, constraint ? "remote-constraint" : "remote", path);
		return 0;
	}
	norm = pathnorm(path);
	if (strlistfind(&rs->files, norm) >= 0) {
		free(norm);
		return 0;
	}
	if (readfile(norm, &b) < 0) {
		if (optional && errno == ENOENT) {
			if (strlistfind(&rs->absent, norm) < 0)
				strlistpush(&rs->absent, norm);
			else
				free(norm);
			return 0;
		}
		warn("%s: %s:", label, path);
		free(norm);
		return -1;
	}
	c.file = norm;
	ret = parsefile(&c, &b);
	free(b.s);
	free(norm);
	return ret;
}

bool
reqhashpinned(const struct reqset *rs, const struct env *e)
{
	static const char *const ok[] = { "index-url", "extra-index-url", "find-links", "no-index",
		"trusted-host", "require-hashes", "only-binary" };
	size_t nreq = 0;

	if (e->lock || e->packages.n || e->editables.n || e->constraints.n || rs->remote.n || rs->projects.n)
		return false;
	for (size_t i = 0; i < rs->lines.n; i++) {
		const char *l = rs->lines.v[i];
		if (strncmp(l, "req ", 4) == 0) {
			const char *opts = strstr(l, " --");
			/* the options after it are --hash=sha256:... alone */
			if (!opts || strncmp(opts, " --hash=sha256:", 15) != 0)
				return false;
			for (const char *o = opts; (o = strstr(o, " --")); o += 3)
				if (strncmp(o, " --hash=", 8) != 0)
					return false;
			/* pinned: the name's one "==" and nothing else that compares, no URL, no wildcard */
			size_t n = strcspn(l + 4, ";");
			if (n > (size_t)(opts - l - 4))
				n = opts - l - 4;
			char *spec = xstrndup(l + 4, n), *eq = strstr(spec, "==");
			bool pinned = eq && eq[2] != '=' && !strstr(eq + 2, "==") && !strpbrk(spec, "<>~!*,@");
			free(spec);
			if (!pinned)
				return false;
			nreq++;
			continue;
		}
		size_t k;
		for (k = 0; k < sizeof(ok) / sizeof(*ok); k++) {
			size_t m = strlen(ok[k]);
			if (strncmp(l, "opt ", 4) == 0 && strncmp(l + 4, ok[k], m) == 0 && (!l[4 + m] || l[4 + m] == ' '))
				break;
		}
		if (k == sizeof(ok) / sizeof(*ok))
			return false;
	}
	return nreq > 0;
}
