/* statedir.c: the state dir beside each env, and the names of the files in it. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "base/util.h"
#include "base/statedir.h"

const char *const statefiles[] = {
	STATE_STAMP, STATE_INTERP, STATE_PENDING, STATE_MAKED, STATE_CHECKED,
	"vars",		/* written by venvmk 0.1 */
	STATE_FAILED, STATE_PLACED, STATE_LOCKIN, STATE_LOCK, NULL,
};

char *
statedirof(const char *envdir)
{
	size_t n = strlen(envdir);

	while (n > 1 && envdir[n - 1] == '/')
		n--;
	return xasprintf("%.*s.venvmk", (int)n, envdir);
}
