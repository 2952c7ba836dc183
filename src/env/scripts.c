/* scripts.c: entry points, the console launchers pip writes for them, and #!python shebangs. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "env/scripts.h"

void
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

void
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

void
scriptspecs(const struct eplist *console, int major, int minor, struct eplist *out)
{
	const struct ep *pip = epfind(console, "pip"), *ei = epfind(console, "easy_install");
	const char *name;

	if (pip) {
		epadd(out, xstrdup("pip"), pip->value);
		epadd(out, xasprintf("pip%d", major), pip->value);
		epadd(out, xasprintf("pip%d.%d", major, minor), pip->value);
	}
	if (ei) {
		epadd(out, xstrdup("easy_install"), ei->value);
		epadd(out, xasprintf("easy_install-%d.%d", major, minor), ei->value);
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

void
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
		if (s[i] == '.' ? i == 0 || i == n - 1 || s[i + 1] == '.' : !wordchar((unsigned char)s[i]))
			return false;
	return n > 0;
}

char *
launcher(const char *entry, const struct ep *ep, const char *python)
{
	struct buf b = {0};
	const char *v = ep->value, *p, *colon;
	size_t n;

	for (p = ep->name; *p; p++)
		if (!wordchar((unsigned char)*p) && !strchr("-.+", *p))
			break;
	if (p == ep->name || *p || strcmp(ep->name, ".") == 0 || strcmp(ep->name, "..") == 0) {
		warn("%s: invalid entry point name: %s", entry, ep->name);
		return NULL;
	}
	/* module(.sub)*:attr(.attr)*, perhaps followed by [extras], which a launcher ignores */
	for (p = v; wordchar((unsigned char)*p) || *p == '.' || *p == ':'; p++)
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

bool
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
