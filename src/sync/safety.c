/* safety.c: what venvmk may touch (an env, never the user's other dirs), and removing an env in one step. */
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
#include "sync/safety.h"

static bool
hasfile(const char *dir, const char *name)
{
	char *p = pathjoin(dir, name);
	bool has = access(p, F_OK) == 0;

	free(p);
	return has;
}

static bool
isemptydir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool empty = d != NULL;

	while (d && empty && (de = readdir(d)))
		empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
	if (d)
		closedir(d);
	return empty;
}

int
envsafe(const char *dir, const char *label)
{
	struct stat st;
	char *real, cwd[PATH_MAX];
	const char *why = NULL;

	if (lstat(dir, &st) < 0)
		return errno == ENOENT ? 0 : (warn("%s: %s:", label, dir), -1);
	if (S_ISLNK(st.st_mode)) {
		warn("%s: is a symbolic link; venvmk does not follow it, refusing to touch it", label);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		warn("%s: exists and is not a virtual environment (not a directory); refusing to touch it", label);
		return -1;
	}
	real = realpath(dir, NULL);
	if (!real)
		return warn("%s:", label), -1;
	const char *home = getenv("HOME");
	char *rhome = home ? realpath(home, NULL) : NULL;
	if (strcmp(real, "/") == 0)
		why = "is the root directory";
	else if (rhome && strcmp(real, rhome) == 0)
		why = "is the home directory";
	else if (getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(real);
		if (strncmp(cwd, real, n) == 0 && (cwd[n] == '/' || cwd[n] == '\0'))
			why = "holds the current directory";
	}
	free(rhome);
	free(real);
	if (why) {
		warn("%s: %s; refusing to touch it", label, why);
		return -1;
	}
	if (hasfile(dir, "pyvenv.cfg") || hasfile(dir, ENV_MARKER))
		return 0;
	if (isemptydir(dir))
		return 0;
	warn("%s: is a directory but not a virtual environment (no pyvenv.cfg); refusing to touch it", label);
	return -1;
}

/* remove what earlier removals killed half-way left in STATEDIR */
static void
sweeptrash(const char *statedir)
{
	DIR *d = opendir(statedir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, STATE_TRASH, strlen(STATE_TRASH)) == 0) {
			char *p = pathjoin(statedir, de->d_name);
			removetree(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
}

/*
 * Remove the env at DIR: first renamed into STATEDIR, in one step, so that a kill
 * during the removal leaves either the whole env or none of it at DIR, never a
 * half-emptied directory that the safety check would then refuse. Returns 0 or -1.
 */
int
safetyremove(const char *dir, const char *statedir)
{
	char *trash = xasprintf("%s/" STATE_TRASH "%ld", statedir, (long)getpid());
	int ret;

	sweeptrash(statedir);
	if (rename(dir, trash) == 0) {
		spawntestpause("trashed");
		ret = removetree(trash);
	}
	else
		ret = errno == EXDEV || errno == EBUSY ? removetree(dir) : -1;
	free(trash);
	return ret;
}
