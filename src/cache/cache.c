/* cache.c: the shared cache dir, its temporary dirs, publishing by rename, and pruning. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "base/util.h"
#include "cache/cache.h"

/* the file whose mtime says when a wheel entry was last used (wheel.c touches it) */
#define MARKER ".venvmk-manifest"
#define DAY (24 * 60 * 60)

static char *
absolute(const char *path)
{
	char *abs = pathabs(path);
	return abs ? abs : xstrdup(path);
}

char *
cachedir(const char *override)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	/* absolute: the cache's paths go into file:// URLs of reports, which a relative path breaks */
	if (override && *override)
		return absolute(override);
	if (getenv("VENVMK_CACHE_DIR") && *getenv("VENVMK_CACHE_DIR"))
		return absolute(getenv("VENVMK_CACHE_DIR"));
	if (x && *x == '/')	/* the XDG spec: a relative value is ignored */
		return pathjoin(x, "venvmk");
	return xasprintf("%s/.cache/venvmk", home ? home : "");
}

char *
cachetmpdir(const char *cachedir)
{
	char *dir = pathjoin(cachedir, "tmp"), *tmp;

	if (mkdirs(dir, 0755) < 0) {
		warn("mkdir %s:", dir);
		free(dir);
		return NULL;
	}
	tmp = xasprintf("%s/%ld.XXXXXX", dir, (long)getpid());
	free(dir);
	if (!mkdtemp(tmp)) {
		warn("mkdtemp %s:", tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

int
cachepublish(const char *tmp, const char *dest)
{
	if (rename(tmp, dest) == 0)
		return 0;
	if (errno != EEXIST && errno != ENOTEMPTY) {
		warn("rename %s to %s:", tmp, dest);
		return -1;
	}
	/* another process published the same content first */
	if (removetree(tmp) < 0) {
		warn("remove %s:", tmp);
		return -1;
	}
	return 0;
}

static unsigned long long treebytes;

static int
addsize(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	if (flag == FTW_F && S_ISREG(st->st_mode))
		treebytes += st->st_size;
	return 0;
}

/* the bytes of the regular files under PATH */
static unsigned long long
treesize(const char *path)
{
	treebytes = 0;
	nftw(path, addsize, 32, FTW_PHYS);
	return treebytes;
}

/*
 * Remove PATH by renaming it into a fresh dir under CACHEDIR/tmp first: a concurrent
 * reader sees the whole entry or none of it. Returns 0, 1 when PATH was gone already,
 * or -1 after warn().
 */
static int
cacheremove(const char *cachedir, const char *path)
{
	char *tmp = cachetmpdir(cachedir), *dst;
	int ret = 0;

	if (!tmp)
		return -1;
	dst = pathjoin(tmp, "old");
	if (rename(path, dst) < 0) {
		if (errno == ENOENT) {
			ret = 1;
		} else {
			warn("rename %s to %s:", path, dst);
			ret = -1;
		}
	}
	if (removetree(tmp) < 0 && errno != ENOENT) {
		warn("remove %s:", tmp);
		ret = -1;
	}
	free(dst);
	free(tmp);
	return ret;
}

/* the names in DIR but "." and ".."; -1 when DIR cannot be read (ENOENT is an empty dir) */
static int
dirnames(const char *dir, struct strlist *names)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		warn("open %s:", dir);
		return -1;
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		strlistadd(names, de->d_name);
	}
	closedir(d);
	return 0;
}

/* whether an index file names an entry that is still there */
static bool
indexlive(const char *wheels, const char *path)
{
	struct buf b = {0};
	struct stat st;
	char *entry;
	bool live = false;

	if (readfile(path, &b) == 0 && b.len >= 64) {
		b.s[64] = '\0';
		entry = pathjoin(wheels, b.s);
		live = !strchr(b.s, '/') && stat(entry, &st) == 0;
		free(entry);
	}
	free(b.s);
	return live;
}

/*
 * Remove the tool envs under CACHEDIR/tools last used before CUTOFF (all when ALL), adding
 * to *REMOVED and *BYTES. One in use is skipped: its running tool holds a shared lock on
 * its mark, and this one holds the exclusive lock until the mark is gone. 0 or -1.
 */
static int
prunetools(const char *cachedir, bool all, time_t cutoff, size_t *removed, unsigned long long *bytes)
{
	char *tools = pathjoin(cachedir, CACHE_TOOLS), *p, *m;
	struct strlist names = {0};
	struct stat st;
	int ret = dirnames(tools, &names), fd, r;

	for (size_t i = 0; i < names.n; i++) {
		p = pathjoin(tools, names.v[i]);
		m = pathjoin(p, TOOL_USED);
		fd = open(m, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			fd = -1;
		} else if ((fd >= 0 ? fstat(fd, &st) : lstat(p, &st)) == 0 && (all || st.st_mtime < cutoff)) {
			unsigned long long size = treesize(p);
			r = cacheremove(cachedir, p);
			if (r == 0) {
				(*removed)++;
				*bytes += size;
			} else if (r < 0) {
				ret = -1;
			}
		}
		if (fd >= 0)
			close(fd);
		free(m);
		free(p);
	}
	strlistclear(&names);
	free(names.v);
	free(tools);
	return ret;
}

/* remove the wheels kept in CACHEDIR's blobs/ for a remote cache whose entry in WHEELS is gone, their bytes added to *BYTES; 0 or -1 after warn() */
static int
pruneblobs(const char *cachedir, const char *wheels, unsigned long long *bytes)
{
	char *blobs = pathjoin(cachedir, "blobs");
	struct strlist names = {0};
	struct stat st, mst;
	int ret = dirnames(blobs, &names) < 0 ? -1 : 0;

	for (size_t i = 0; i < names.n; i++) {
		char *p = pathjoin(blobs, names.v[i]), *m = pathjoin(wheels, names.v[i]);
		if (lstat(m, &mst) < 0 && errno == ENOENT && lstat(p, &st) == 0) {
			if (unlink(p) == 0)
				*bytes += st.st_size;
			else if (errno != ENOENT) {
				warn("unlink %s:", p);
				ret = -1;
			}
		}
		free(m);
		free(p);
	}
	strlistclear(&names);
	free(names.v);
	free(blobs);
	return ret;
}

/* remove the files in CACHEDIR/DIR not written or touched since CUTOFF (all when ALL), their bytes added to *BYTES; 0 or -1 after warn() */
static int
prunefiles(const char *cachedir, const char *dir, bool all, time_t cutoff, unsigned long long *bytes)
{
	char *d = pathjoin(cachedir, dir);
	struct strlist names = {0};
	struct stat st;
	int ret = dirnames(d, &names) < 0 ? -1 : 0;

	for (size_t i = 0; i < names.n; i++) {
		char *p = pathjoin(d, names.v[i]);
		if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode) && (all || st.st_mtime < cutoff)) {
			if (unlink(p) == 0)
				*bytes += st.st_size;
			else if (errno != ENOENT) {
				warn("unlink %s:", p);
				ret = -1;
			}
		}
		free(p);
	}
	strlistclear(&names);
	free(names.v);
	free(d);
	return ret;
}

int
cacheprune(const char *cachedir, int days, bool quiet)
{
	char *wheels = pathjoin(cachedir, "wheels"), *index = pathjoin(wheels, "index");
	char *tmp = pathjoin(cachedir, "tmp"), *p, *m;
	struct strlist names = {0};
	struct stat st, mst;
	time_t now = time(NULL), cutoff = now - (time_t)days * DAY, used;
	unsigned long long bytes = 0, size;
	size_t removed = 0;
	int ret = 0, r;

	if (dirnames(wheels, &names) < 0)
		ret = -1;
	for (size_t i = 0; i < names.n; i++) {
		if (strcmp(names.v[i], "index") == 0)
			continue;
		p = pathjoin(wheels, names.v[i]);
		if (lstat(p, &st) < 0) {
			free(p);
			continue;
		}
		used = st.st_mtime;
		if (S_ISDIR(st.st_mode)) {
			m = pathjoin(p, MARKER);
			if (lstat(m, &mst) == 0)
				used = mst.st_mtime;
			free(m);
		}
		if (days == 0 || used < cutoff) {
			size = S_ISDIR(st.st_mode) ? treesize(p) : (unsigned long long)st.st_size;
			r = cacheremove(cachedir, p);
			if (r == 0) {
				removed++;
				bytes += size;
			} else if (r < 0) {
				ret = -1;
			}
		}
		free(p);
	}

	/* index files of removed entries, and those not used for DAYS days */
	strlistclear(&names);
	if (dirnames(index, &names) < 0)
		ret = -1;
	for (size_t i = 0; i < names.n; i++) {
		p = pathjoin(index, names.v[i]);
		if (lstat(p, &st) == 0 && (days == 0 || st.st_mtime < cutoff || !indexlive(wheels, p))) {
			if (unlink(p) == 0) {
				bytes += st.st_size;
			} else if (errno != ENOENT) {
				warn("unlink %s:", p);
				ret = -1;
			}
		}
		free(p);
	}

	/* wheels kept for a remote cache (remote.c) go with their entry */
	if (pruneblobs(cachedir, wheels, &bytes) < 0)
		ret = -1;

	if (prunetools(cachedir, days == 0, cutoff, &removed, &bytes) < 0)
		ret = -1;

	/* index pages the index has not vouched for in DAYS days (pagecache.c touches a page on a 304) */
	if (prunefiles(cachedir, CACHE_PAGES, days == 0, cutoff, &bytes) < 0)
		ret = -1;

	/* temporary dirs an interrupted process left; a younger one may be in use */
	strlistclear(&names);
	if (dirnames(tmp, &names) < 0)
		ret = -1;
	for (size_t i = 0; i < names.n; i++) {
		p = pathjoin(tmp, names.v[i]);
		if (lstat(p, &st) == 0 && st.st_mtime < now - DAY) {
			size = S_ISDIR(st.st_mode) ? treesize(p) : (unsigned long long)st.st_size;
			if (removetree(p) == 0) {
				bytes += size;
			} else if (errno != ENOENT) {
				warn("remove %s:", p);
				ret = -1;
			}
		}
		free(p);
	}
	strlistclear(&names);
	free(names.v);
	free(wheels);
	free(index);
	free(tmp);
	if (!quiet)
		printf("%s: cache: removed %zu entries, %llu bytes\n", argv0, removed, bytes);
	return ret;
}
