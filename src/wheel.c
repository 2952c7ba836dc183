/* wheel.c: stub until written. */
#include <stdbool.h>
#include "util.h"
#include "wheel.h"

int
wheelunpack(const char *cachedir, const char *wheel, const char *hash, char **entry)
{
	warn("%s: wheels: not yet written", wheel);
	return -1;
}

int
wheelinstall(const char *entry, const struct layout *l, bool requested, const char *directurl)
{
	return -1;
}
