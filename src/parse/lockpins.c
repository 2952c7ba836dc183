/* lockpins.c: the pins of a lock venvmk lock replaces (pylock.toml, Pipfile.lock, or
 * hash-checking requirements), the versions it keeps where they still fit; pure. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "parse/lockdata.h"
#include "parse/lockpins.h"

int
lockpins(const char *text, size_t len, const char *path, bool pylock, struct strlist *pins)
{
	if (pylock) {
		struct lock lk = {0};
		if (lockparse(&lk, text, len, path, NULL) < 0)
			return -1;
		for (size_t i = 0; i < lk.n; i++)
			if (lk.v[i].version)
				strlistpush(pins, xasprintf("%s==%s", lk.v[i].canon, lk.v[i].version));
		lockclear(&lk);
		return 0;
	}
	/* a requirements lock: the "name==version" that begin its lines */
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t n = strcspn(l, "= \\;\n#");
		if (n && isalnum((unsigned char)*l) && strncmp(l + n, "==", 2) == 0) {
			size_t v = strcspn(l + n + 2, " \\;\n#");
			struct buf b = {0};
			char *name = xstrndup(l, n);
			depnormname(name, &b);
			strlistpush(pins, xasprintf("%s==%.*s", b.s, (int)v, l + n + 2));
			free(name);
			free(b.s);
		}
	}
	return 0;
}
