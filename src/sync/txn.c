/* txn.c: a sync's change to an env made undoable: the env as it was is kept aside until the new one is whole. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "sync/state.h"
#include "sync/txn.h"

/* where the env as it was waits, in its state dir (same filesystem: one rename) */
#define KEPT STATE_KEPT
/* the mark, in the state dir, that venvmk alone made the env as it is (see txnplaced) */
#define PLACED STATE_PLACED
#define PLACEDHEAD "venvmk-placed 1\n"

/* this sync's kept env, when its files may be carried over (see txnkept) */
static struct {
	char *dir, *kept;
	struct timespec since;
} carry;

static volatile sig_atomic_t held;
static bool holding;
static struct sigaction oldint, oldterm, oldhup;

static void
hold(int sig)
{
	held = sig;
}

static void
holdsignals(void)
{
	struct sigaction sa = {0};

	if (holding)
		return;
	sa.sa_handler = hold;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);
	sigaction(SIGHUP, &sa, &oldhup);
	holding = true;
}

int
txnsignal(void)
{
	return held;
}

void
txnrelease(void)
{
	if (!holding)
		return;
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	sigaction(SIGHUP, &oldhup, NULL);
	holding = false;
}

/* copy the tree SRC to DST (which must not exist) with hard links; 0 or -1 with errno set */
static int
linktree(const char *src, const char *dst)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	int ret = 0;

	if (lstat(src, &st) < 0 || mkdir(dst, st.st_mode & 07777) < 0)
		return -1;
	if (!(d = opendir(src)))
		return -1;
	while (ret == 0 && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *s = pathjoin(src, de->d_name), *t = pathjoin(dst, de->d_name);
		if (lstat(s, &st) < 0)
			ret = -1;
		else if (S_ISDIR(st.st_mode))
			ret = linktree(s, t);
		else if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t n = readlink(s, target, sizeof(target) - 1);
			if (n < 0)
				ret = -1;
			else {
				target[n] = '\0';
				ret = symlink(target, t);
			}
		} else {
			ret = link(s, t);
		}
		free(s);
		free(t);
	}
	closedir(d);
	return ret;
}

/* remove DIR by renaming it into STATEDIR first, so that no half-removed env is ever at DIR */
static int
discard(const char *dir, const char *statedir)
{
	char *trash = xasprintf("%s/trash.%ld", statedir, (long)getpid());
	int ret;

	if (rename(dir, trash) == 0)
		ret = removetree(trash);
	else
		ret = errno == ENOENT ? 0 : removetree(dir);
	free(trash);
	return ret;
}

/*
 * The time of STATEDIR's mark into *SINCE when it is this env's (DIR, as ENV says) and
 * the clock has not gone back past it since. The mark stays: a sync that fails (or is
 * killed) gives each file it touched a later ctime, and a good one marks anew (txnplaced)
 */
static bool
readplaced(const char *statedir, const struct stat *env, struct timespec *since)
{
	char *path = pathjoin(statedir, PLACED);
	struct buf b = {0};
	struct stat st;
	struct timespec now;
	unsigned long long dev, ino;
	bool ok = false;

	if (lstat(path, &st) == 0 && readfile(path, &b) == 0 && strncmp(b.s, PLACEDHEAD, strlen(PLACEDHEAD)) == 0
	    && sscanf(b.s + strlen(PLACEDHEAD), "%llu %llu", &dev, &ino) == 2
	    && dev == (unsigned long long)env->st_dev && ino == (unsigned long long)env->st_ino
	    && clock_gettime(CLOCK_REALTIME, &now) == 0 && !tsbefore(now, st.st_ctim)) {
		*since = st.st_ctim;
		ok = true;
	}
	free(b.s);
	free(path);
	return ok;
}

int
txnbegin(const char *dir, const char *statedir, bool refresh, const char *label)
{
	char *kept = pathjoin(statedir, KEPT);
	struct timespec since;
	struct stat st;
	int ret = -1;
	bool carrying;

	held = 0;
	holdsignals();
	free(carry.dir);
	free(carry.kept);
	carry.dir = carry.kept = NULL;
	if (lstat(dir, &st) < 0) {
		ret = 0;	/* nothing to keep: a first sync */
		goto out;
	}
	carrying = !refresh && readplaced(statedir, &st, &since);
	/* a kept env of an earlier sync was dealt with by txnrecover; anything there is debris */
	if (lstat(kept, &st) == 0 && removetree(kept) < 0) {
		warn("%s: remove %s:", label, kept);
		goto out;
	}
	if (rename(dir, kept) < 0) {
		warn("%s: rename %s to %s:", label, dir, kept);
		goto out;
	}
	if (refresh && linktree(kept, dir) < 0) {
		int err = errno;
		removetree(dir);
		if (rename(kept, dir) < 0)
			warn("%s: rename %s back to %s:", label, kept, dir);
		errno = err;
		warn("%s: copy the env before refreshing it:", label);
		goto out;
	}
	if (carrying && (carry.dir = pathabs(dir)) && (carry.kept = pathabs(kept)))
		carry.since = since;
	ret = 0;
out:
	free(kept);
	return ret;
}

const char *
txnkept(const char *dir, struct timespec *since)
{
	if (!carry.dir || !carry.kept || strcmp(dir, carry.dir) != 0)
		return NULL;
	*since = carry.since;
	return carry.kept;
}

void
txnplaced(const char *dir, const char *statedir, bool alone)
{
	char *path = pathjoin(statedir, PLACED), *text;
	struct stat st;

	unlink(path);
	if (!alone || lstat(dir, &st) < 0) {
		free(path);
		return;
	}
	text = xasprintf(PLACEDHEAD "%llu %llu\n", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	/* its ctime comes after every change this sync made (the kept env's links dropped
	 * too): asked for once, the next change of the file's times takes a fine-grained
	 * time where the kernel has them (Linux 6.13), not the clock tick those changes
	 * may share; a tie still counts as after (see txnkept) */
	if (writefile(path, text, strlen(text), 0) < 0 || lstat(path, &st) < 0 || utimensat(AT_FDCWD, path, NULL, 0) < 0)
		unlink(path);
	free(text);
	free(path);
}

void
txncommit(const char *statedir)
{
	char *kept = pathjoin(statedir, KEPT);
	struct stat st;

	if (lstat(kept, &st) == 0)
		removetree(kept);
	free(kept);
}

int
txnabort(const char *dir, const char *statedir, const char *label)
{
	char *kept = pathjoin(statedir, KEPT);
	struct stat st;
	int ret = 0;

	if (discard(dir, statedir) < 0) {
		warn("%s: remove the unfinished env:", label);
		ret = -1;
	} else if (lstat(kept, &st) == 0 && rename(kept, dir) < 0) {
		warn("%s: put the env back from %s:", label, kept);
		ret = -1;
	}
	free(kept);
	return ret;
}

int
txnrecover(const char *dir, const char *statedir, const char *label)
{
	char *kept = pathjoin(statedir, KEPT);
	struct stat st;
	int ret = 0;

	if (lstat(kept, &st) < 0) {
		free(kept);
		return 0;
	}
	if (!stateunfinished(statedir)) {
		/* the sync finished and was killed while dropping the env it had kept */
		removetree(kept);
	} else if (txnabort(dir, statedir, label) == 0) {
		statedone(statedir);
		ret = 1;
	} else {
		ret = -1;
	}
	free(kept);
	return ret;
}
