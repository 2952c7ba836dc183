/* statedir.c: the state dir beside each env, the names of the files in it, and the .gitignore venvmk writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"

const char *const statefiles[] = {
	STATE_STAMP, STATE_INTERP, STATE_PENDING, STATE_MAKED, STATE_CHECKED,
	"vars",		/* written by venvmk 0.1 */
	STATE_FAILED, STATE_PLACED, STATE_LOCKIN, STATE_IGNORE, STATE_LOCK, NULL,
};

char *
statedirof(const char *envdir)
{
	size_t n = strlen(envdir);

	while (n > 1 && envdir[n - 1] == '/')
		n--;
	return xasprintf("%.*s.venvmk", (int)n, envdir);
}

int
statedirignore(const char *dir)
{
	static const char text[] = "# Created by venvmk automatically.\n*\n";
	char *path = pathjoin(dir, STATE_IGNORE);
	/* the user's own, or venv's, is kept: created only when there is none */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666), ret = 0;

	if (fd < 0)
		ret = errno == EEXIST ? 0 : -1;
	else if (writeall(fd, text, sizeof(text) - 1) < 0)
		ret = -1;
	if (fd >= 0 && close(fd) < 0)
		ret = -1;
	free(path);
	return ret;
}
