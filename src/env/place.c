/* place.c: cache files put into an env: cloned, hard-linked or copied, as the two filesystems allow. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#ifdef __linux__
#include <linux/fs.h>
#endif
#include "base/util.h"
#include "inputs/conf.h"
#include "cache/cache.h"
#include "cache/cacheentry.h"
#include "env/place.h"
#include "env/carry.h"

#define RECORDHEAD "venvmk-link 1\n"

/* what each mode makes, for show */
static const char *const plural[] = {
	[LINK_CLONE] = "clones", [LINK_HARDLINK] = "hard links", [LINK_COPY] = "copies",
};
static const char *const verb[] = {
	[LINK_CLONE] = "cloned", [LINK_HARDLINK] = "hard-linked", [LINK_COPY] = "copied",
};

/* whether PATH names a Python module, whose mtime its .pyc records */
static bool
ismodule(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".py") == 0;
}

/* the source's times ST on the new file: a .pyc compiled for it stays valid for the clone or copy */
static void
sametimes(const struct stat *st, int out)
{
	futimens(out, (struct timespec[2]){ st->st_atim, st->st_mtim });
}

/* open the cache file SRC into *IN and its stat into ST (when WANT or a module's times are
 * needed): 0, 1 when it vanished or is not as WANT says, or -1 after warn() */
static int
opensrc(const char *src, const struct mfile *want, int *in, struct stat *st)
{
	*in = open(src, O_RDONLY | O_CLOEXEC);
	if (*in < 0) {
		if (errno == ENOENT)
			return 1;
		warn("open %s:", src);
		return -1;
	}
	if ((want || ismodule(src)) && fstat(*in, st) < 0) {
		warn("stat %s:", src);
		close(*in);
		return -1;
	}
	if (want && !mfilesame(want, st)) {
		close(*in);
		return 1;
	}
	return 0;
}

/* copy SRC (as WANT says, unless NULL) to DEST as a new file; 0, 1 when SRC vanished or changed, or -1 after warn() */
static int
copynew(const char *src, const char *dest, mode_t mode, const struct mfile *want)
{
	char chunk[65536], *tmp;
	int in, out;
	ssize_t r;
	bool ok = true;
	struct stat st;

	if ((r = opensrc(src, want, &in, &st)) != 0)
		return r;
	out = tmpcreate(dest, &tmp);
	if (out < 0) {
		close(in);
		return -1;
	}
	while (ok && (r = read(in, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			warn("read %s:", src);
			ok = false;
		} else if (writeall(out, chunk, r) < 0) {
			warn("write %s:", tmp);
			ok = false;
		}
	}
	if (ok && ismodule(src))
		sametimes(&st, out);
	close(in);
	return tmpfinish(out, tmp, dest, mode, ok);
}

/* the process's umask, read once */
static mode_t
curumask(void)
{
	static int mask = -1;

	if (mask < 0) {
		mask = umask(022);
		umask(mask);
	}
	return mask;
}

/* FICLONE's errors that say these files or filesystems cannot share blocks (not that something broke) */
static bool
cannotclone(int err)
{
	return err == EXDEV || err == EOPNOTSUPP || err == ENOTTY || err == EINVAL || err == EPERM
	    || err == ETXTBSY;
}

/* ask the filesystem to share FROM's blocks with the empty file TO; 0 or -1 with errno set */
static int
ficlone(int to, int from)
{
#ifdef FICLONE
	return ioctl(to, FICLONE, from);
#else
	(void)to;
	(void)from;
	errno = EOPNOTSUPP;
	return -1;
#endif
}

/* clone SRC (as WANT says, unless NULL) to DEST as a new file; 0, 1 when SRC vanished or
 * changed, 2 when it cannot be cloned (errno set), -1 after warn() */
static int
clonenew(const char *src, const char *dest, mode_t mode, const struct mfile *want)
{
	char *tmp = NULL;
	int in, out, err;
	struct stat st;

	if ((err = opensrc(src, want, &in, &st)) != 0)
		return err;
	/* never write into an old DEST: it may be a link into the cache */
	out = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (out < 0 && errno == EEXIST)
		out = tmpcreate(dest, &tmp);
	else if (out < 0)
		warn("create %s:", dest);
	if (out < 0) {
		close(in);
		return -1;
	}
	if (ficlone(out, in) < 0) {
		err = errno;
		close(out);
		close(in);
		unlink(tmp ? tmp : dest);
		free(tmp);
		errno = err;
		if (cannotclone(err))
			return 2;
		warn("clone %s to %s:", src, dest);
		return -1;
	}
	/* a clone costs an inode, a link does not: no syscall more than it needs */
	if (ismodule(src))
		sametimes(&st, out);
	close(in);
	if (tmp || (mode & curumask()))
		return tmpfinish(out, tmp, dest, mode, true);
	if (close(out) < 0) {
		warn("write %s:", dest);
		unlink(dest);
		return -1;
	}
	return 0;
}

/* hard-link SRC (as WANT says, unless NULL) at DEST; 0, 1 when SRC vanished or changed,
 * 2 when it cannot be linked (errno set), -1 after warn() */
static int
linknew(const char *src, const char *dest, const struct mfile *want)
{
	struct stat a, b;
	char *tmp;
	int ret = 0;

	if (want && lstat(src, &a) < 0) {
		if (errno == ENOENT)
			return 1;
		warn("stat %s:", src);
		return -1;
	}
	if (want && !mfilesame(want, &a))
		return 1;
	if (link(src, dest) == 0)
		return 0;
	if (errno == ENOENT)
		return 1;
	if (errno == EXDEV || errno == EPERM || errno == EMLINK || errno == EOPNOTSUPP)
		return 2;
	if (errno != EEXIST) {
		warn("link %s to %s:", src, dest);
		return -1;
	}
	if (stat(src, &a) == 0 && lstat(dest, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return 0;
	/* never write into the old file: it may be a link into the cache */
	tmp = xasprintf("%s.venvmk-%ld", dest, (long)getpid());
	unlink(tmp);
	if (link(src, tmp) < 0) {
		if (errno == ENOENT)
			ret = 1;
		else if (errno == EXDEV || errno == EPERM || errno == EMLINK || errno == EOPNOTSUPP)
			ret = 2;
		else {
			warn("link %s to %s:", src, tmp);
			ret = -1;
		}
	} else if (rename(tmp, dest) < 0) {
		warn("rename %s to %s:", tmp, dest);
		unlink(tmp);
		ret = -1;
	}
	free(tmp);
	return ret;
}

/* the file that remembers the mode for the filesystems of CACHE and DIR, or NULL when either is not there */
static char *
memopath(const char *cache, const char *dir)
{
	struct stat a, b;

	if (stat(cache, &a) < 0 || stat(dir, &b) < 0)
		return NULL;
	return xasprintf("%s/linkmode/%llx-%llx", cache, (unsigned long long)a.st_dev, (unsigned long long)b.st_dev);
}

/*
 * Try a clone, then a hard link, from a new file in CACHE's tmp to DIR: the mode that
 * worked, or -1 after warn(). *SURE says the filesystems answered (not ENOSPC, say).
 */
static int
trymodes(const char *cache, const char *dir, bool *sure)
{
	char *tmp = cachetmpdir(cache), *src, *dest;
	int in, out, mode = -1;

	*sure = false;
	if (!tmp)
		return -1;
	src = pathjoin(tmp, "probe");
	dest = xasprintf("%s/.venvmk-probe.%ld", dir, (long)getpid());
	in = open(src, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (in < 0 || writeall(in, "venvmk\n", 7) < 0) {
		warn("write %s:", src);
		goto out;
	}
	unlink(dest);
	out = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		warn("create %s:", dest);
		goto out;
	}
	mode = ficlone(out, in) == 0 ? LINK_CLONE : LINK_COPY;
	*sure = mode == LINK_CLONE || cannotclone(errno);
	close(out);
	unlink(dest);
	if (mode == LINK_COPY && link(src, dest) == 0) {
		mode = LINK_HARDLINK;
		unlink(dest);
	} else if (mode == LINK_COPY) {
		*sure = *sure && (errno == EXDEV || errno == EPERM || errno == EMLINK || errno == EOPNOTSUPP);
	}
out:
	if (in >= 0)
		close(in);
	removetree(tmp);
	free(dest);
	free(src);
	free(tmp);
	return mode;
}

int
placeprobe(const char *cache, const char *dir)
{
	char *memo, *memodir;
	struct buf b = {0};
	bool sure = false;
	int mode = -1;

	if (mkdirs(cache, 0755) < 0) {
		warn("mkdir %s:", cache);
		return -1;
	}
	memo = memopath(cache, dir);
	if (!memo) {
		warn("stat %s:", dir);
		return -1;
	}
	if (readfile(memo, &b) == 0 && b.len > 1 && b.s[b.len - 1] == '\n') {
		b.s[b.len - 1] = '\0';
		mode = linkmodeparse(b.s);
	}
	if (mode <= LINK_AUTO) {
		mode = trymodes(cache, dir, &sure);
		memodir = pathdir(memo);
		/* only a cache of a few syscalls' answer: no fsync */
		if (mode > LINK_AUTO && sure && mkdirs(memodir, 0755) == 0) {
			char *text = xasprintf("%s\n", linkmodename(mode));
			writefile(memo, text, strlen(text), 0);
			free(text);
		}
		free(memodir);
	}
	free(b.s);
	free(memo);
	return mode;
}

int
placerecord(const char *dir, enum linkmode *mode, size_t n[4], size_t x[2], struct strlist *from)
{
	char *path = pathjoin(dir, PLACERECORD), *line, *end, *sp;
	struct buf b = {0};
	int m, ret = -1;

	*mode = LINK_AUTO;
	memset(n, 0, 4 * sizeof(*n));
	if (x)
		x[0] = x[1] = 0;
	if (readfile(path, &b) < 0 || strncmp(b.s, RECORDHEAD, strlen(RECORDHEAD)) != 0)
		goto out;
	for (line = b.s + strlen(RECORDHEAD); (end = strchr(line, '\n')); line = end + 1) {
		*end = '\0';
		sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		if (strcmp(line, "mode") == 0 && (m = linkmodeparse(sp + 1)) > LINK_AUTO)
			*mode = m;
		else if ((m = linkmodeparse(line)) > LINK_AUTO)
			n[m] = strtoull(sp + 1, NULL, 10);
		else if (x && (strcmp(line, "over") == 0 || strcmp(line, "carried") == 0))
			x[*line == 'c'] = strtoull(sp + 1, NULL, 10);
		else if (from && strcmp(line, "entry") == 0 && strlistfind(from, sp + 1) < 0)
			strlistadd(from, sp + 1);
	}
	/* what the most files were, when none was placed as the pair allowed (all copied, say) */
	if (*mode != LINK_AUTO && n[*mode] == 0)
		for (m = LINK_CLONE; m <= LINK_COPY; m++)
			if (n[m] > n[*mode])
				*mode = m;
	ret = *mode == LINK_AUTO ? -1 : 0;
out:
	free(b.s);
	free(path);
	return ret;
}

struct placer *
mkplacer(const char *cache, const char *prefix, enum linkmode want, const struct sync *s)
{
	struct placer *p = xmalloc(sizeof(*p));

	memset(p, 0, sizeof(*p));
	p->want = want;
	p->mode = want;
	p->cache = xstrdup(cache);
	p->prefix = xstrdup(prefix);
	carrysetup(p, s);
	return p;
}

void
delplacer(struct placer *p)
{
	enum linkmode mode;
	size_t n[4], x[2];
	struct strlist entries = {0};
	struct buf b = {0};
	char *path;

	if (!p)
		return;
	if (p->n[LINK_CLONE] + p->n[LINK_HARDLINK] + p->n[LINK_COPY] > 0) {
		/* the env's first placer starts the record; a later one of the same sync adds to it */
		if (placerecord(p->prefix, &mode, n, x, &entries) < 0) {
			memset(n, 0, sizeof(n));
			x[0] = x[1] = 0;
		}
		for (size_t i = 0; i < p->entries.n; i++)
			if (strlistfind(&entries, p->entries.v[i]) < 0)
				strlistadd(&entries, p->entries.v[i]);
		bufprintf(&b, RECORDHEAD "mode %s\n", linkmodename(p->mode));
		for (int m = LINK_CLONE; m <= LINK_COPY; m++)
			bufprintf(&b, "%s %zu\n", linkmodename(m), n[m] + p->n[m]);
		/* the overlaps counted over all of the sync's placers: with pip's seed, say */
		bufprintf(&b, "carried %zu\nover %zu\n", x[1] + p->carried, carryoverlaps(p->prefix));
		for (size_t i = 0; i < entries.n; i++)
			bufprintf(&b, "entry %s\n", entries.v[i]);
		path = pathjoin(p->prefix, PLACERECORD);
		if (writefile(path, b.s, b.len, 0) < 0)
			warn("write %s:", path);
		free(path);
		free(b.s);
	}
	strlistclear(&entries);
	free(entries.v);
	strlistclear(&p->from);
	free(p->from.v);
	strlistclear(&p->entries);
	free(p->entries.v);
	free(p->kept);
	free(p->cache);
	free(p->prefix);
	free(p);
}

/* put SRC at DEST as MODE says; 0, 1 when SRC vanished, 2 when MODE cannot (errno set), -1 after warn() */
static int
placeas(int mode, const char *src, const char *dest, mode_t perm, const struct mfile *want)
{
	if (mode == LINK_CLONE)
		return clonenew(src, dest, perm, want);
	if (mode == LINK_HARDLINK)
		return linknew(src, dest, want);
	return copynew(src, dest, perm, want);
}

int
placemode(struct placer *p)
{
	int mode;

	if (!p)
		return LINK_HARDLINK;
	if (p->mode == LINK_AUTO) {
		if ((mode = placeprobe(p->cache, p->prefix)) < 0)
			return -1;
		p->mode = mode;
	}
	return p->mode;
}

int
placefile(struct placer *p, const char *src, const char *dest, bool exec, const struct mfile *want)
{
	mode_t perm = exec ? 0755 : 0644;
	int mode = placemode(p), r;
	char *memo;

	if (mode < 0)
		return -1;
	r = placeas(mode, src, dest, perm, want);
	if (r == 2 && p && p->want == LINK_AUTO && !p->reprobed && (errno == EXDEV || errno == EOPNOTSUPP || errno == ENOTTY)) {
		/* the filesystems say the remembered answer is wrong for this pair
		 * (a device number now used by another): forget it and ask again, once */
		p->reprobed = true;
		if ((memo = memopath(p->cache, p->prefix)))
			unlink(memo);
		free(memo);
		if ((mode = placeprobe(p->cache, p->prefix)) < 0)
			return -1;
		p->mode = mode;
		r = placeas(mode, src, dest, perm, want);
	}
	if (r == 2) {
		/* this file cannot: a copy is the env's own file too (never a hard link
		 * in place of a clone, which the user may edit in place) */
		mode = LINK_COPY;
		r = copynew(src, dest, perm, want);
	}
	if (r == 0 && p)
		p->n[mode]++;
	return r;
}

void
placeentry(struct placer *p, const char *entry)
{
	const char *name = strrchr(entry, '/');

	if (!p)
		return;
	name = name ? name + 1 : entry;
	p->carrying = p->kept && strlistfind(&p->from, name) >= 0;
	if (!placeronly(p) && strlistfind(&p->entries, name) < 0)
		strlistadd(&p->entries, name);
}

void
placeplan(struct placer *p, const char *dest)
{
	if (p && !placeronly(p))
		carryplan(p->prefix, dest);
}

int
placecarry(struct placer *p, const char *src, const char *dest, bool exec, const struct mfile *want)
{
	int mode = placemode(p);

	if (mode < 0)
		return -1;
	if (p && p->carrying && want && (mode == LINK_CLONE || mode == LINK_COPY) && mode == (int)p->keptmode
	    && carryfile(p, dest, exec ? 0755 : 0644, want) == 0) {
		p->n[mode]++;
		p->carried++;
		return 0;
	}
	return placefile(p, src, dest, exec, want);
}

int
placeshared(struct placer *p, const char *src, const char *dest)
{
	/* Python writes a .pyc to a temporary name and renames it over the old one: no edit
	 * reaches the cache's through a link, and a link costs no inode, which a clone does */
	if (placemode(p) == LINK_CLONE) {
		int r = linknew(src, dest, NULL);
		if (r == 0)
			p->n[LINK_HARDLINK]++;
		if (r != 2)
			return r;
	}
	return placefile(p, src, dest, false, NULL);
}

size_t
placeclaim(struct placer *p, size_t *next, size_t n)
{
	if (!p || p->share < 2 || !p->claims)
		return *next < n ? (*next)++ : n;
	size_t k = __atomic_fetch_add(&p->claims[p->job], 1, __ATOMIC_RELAXED);
	return k < n ? k : n;
}

bool
placeronly(const struct placer *p)
{
	return p && p->share >= 2 && p->slot != 0;
}

char *
placesummary(const char *dir, enum linkmode want)
{
	struct buf b = {0};
	enum linkmode mode;
	size_t n[4], x[2];

	if (want == LINK_AUTO)
		bufputs(&b, "auto: ");
	if (placerecord(dir, &mode, n, x, NULL) < 0) {
		bufputs(&b, want == LINK_AUTO ? "clones, else hard links, else copies" : plural[want]);
		return b.s;
	}
	bufputs(&b, plural[mode]);
	for (int m = LINK_CLONE; m <= LINK_COPY; m++)
		if (m != (int)mode && n[m])
			bufprintf(&b, "; %zu %sfile%s %s", n[m], mode == LINK_CLONE && m == LINK_HARDLINK ? "compiled " : "",
			    n[m] == 1 ? "" : "s", verb[m]);
	if (x[1])
		bufprintf(&b, "; %zu carried over from the env it replaced", x[1]);
	return b.s;
}
