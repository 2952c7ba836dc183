/* lockpins.c: the pins of a lock venvmk lock replaces (pylock.toml, Pipfile.lock,
 * uv.lock, or hash-checking requirements), the versions it keeps where they still fit; pure. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "parse/lockdata.h"
#include "parse/lockpins.h"

static bool
pinsalnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* is the N bytes NAME a project name (PEP 508): ASCII letters and digits, with . _ - only between them? */
static bool
pinsname(const char *name, size_t n)
{
	if (n == 0 || !pinsalnum(name[0]) || !pinsalnum(name[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!pinsalnum(name[i]) && name[i] != '.' && name[i] != '_' && name[i] != '-')
			return false;
	return true;
}

/*
 * "canon==version" of the project NAME (N bytes) at VERSION (V bytes) into PINS, when the
 * two make a pin: a project name, and a PEP 440 version of printable ASCII with no space (a pin
 * is a line of pip's constraints file); else a warning at PATH:LINE, and no pin.
 */
static void
pinsadd(struct strlist *pins, const char *name, size_t n, const char *version, size_t v, const char *path, long line)
{
	char *ver = xstrndup(version, v);
	struct version pv;
	const char *why;
	bool ok = pinsname(name, n) && v > 0;

	/* versionparse trims what Python calls space (\x1c too): a pin has none, nor any control */
	for (size_t i = 0; ok && i < v; i++)
		ok = (unsigned char)ver[i] > ' ' && (unsigned char)ver[i] < 0x7f;
	ok = ok && versionparse(&pv, ver, &why) == 0;
	if (ok) {
		struct buf b = {0};
		char *nm = xstrndup(name, n);
		depnormname(nm, &b);
		strlistpush(pins, xasprintf("%s==%s", b.s, ver));
		versionclear(&pv);
		free(nm);
		free(b.s);
	} else {
		warnat(path, line, 0, "warning: not a pin venvmk can keep (a project name, == and a PEP 440 version)");
	}
	free(ver);
}

int
lockpins(const char *text, size_t len, const char *path, bool parsed, struct strlist *pins)
{
	long line = 1;

	if (parsed) {
		struct lock lk = {0};
		if (lockparse(&lk, text, len, path, NULL) < 0)
			return -1;
		for (size_t i = 0; i < lk.n; i++)
			if (lk.v[i].version)
				pinsadd(pins, lk.v[i].name, strlen(lk.v[i].name), lk.v[i].version, strlen(lk.v[i].version), path,
				    lk.v[i].line);
		lockclear(&lk);
		return 0;
	}
	/* a requirements lock: the "name==version" that begin its lines */
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL, line++) {
		size_t n = strcspn(l, "= \\;\n#");
		if (n && pinsalnum(*l) && strncmp(l + n, "==", 2) == 0)
			pinsadd(pins, l, n, l + n + 2, strcspn(l + n + 2, " \\;\n#"), path, line);
	}
	return 0;
}
