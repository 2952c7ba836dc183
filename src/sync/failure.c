/* failure.c: why the last sync failed, kept in the state dir for check to say. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "base/spawn.h"
#include "sync/failure.h"

/* remember why the sync towards fingerprint FP failed, for check to say; or forget it (FP NULL) */
void
failrecord(const char *statedir, const char *fp, const char *why)
{
	char *path = pathjoin(statedir, STATE_FAILED);

	if (fp) {
		char *text = xasprintf("%s\n%s\n", fp, why);
		writefileatomic(path, text, strlen(text));
		free(text);
	} else {
		unlink(path);
	}
	free(path);
}

/* why the last sync towards fingerprint FP failed, or NULL; newly allocated */
char *
failreason(const char *statedir, const char *fp)
{
	char *path = pathjoin(statedir, STATE_FAILED), *why = NULL;
	struct buf b = {0};

	if (readfile(path, &b) == 0 && b.s && strncmp(b.s, fp, 64) == 0 && b.s[64] == '\n') {
		why = xstrdup(b.s + 65);
		why[strcspn(why, "\n")] = '\0';
	}
	free(b.s);
	free(path);
	return why;
}
