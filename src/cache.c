/* cache.c: stub until written. */
#include <stdbool.h>
#include <stdlib.h>
#include "util.h"
#include "cache.h"

char *
cachedir(const char *override)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (override && *override)
		return xstrdup(override);
	if (getenv("VENVMK_CACHE_DIR") && *getenv("VENVMK_CACHE_DIR"))
		return xstrdup(getenv("VENVMK_CACHE_DIR"));
	if (x && *x)
		return pathjoin(x, "venvmk");
	return xasprintf("%s/.cache/venvmk", home ? home : "");
}

char *
cachetmpdir(const char *cachedir)
{
	return NULL;
}

int
cachepublish(const char *tmp, const char *dest)
{
	return -1;
}

int
cacheprune(const char *cachedir, int days, bool quiet)
{
	return -1;
}
