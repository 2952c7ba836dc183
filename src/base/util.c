/* util.c: errors, memory, buffers, lists and file helpers shared by every module. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"

const char *argv0 = "venvmk";

/* the last message warn() printed, without the program name */
static char lastmsg[512];
static bool muted;

static void
vwarn(const char *fmt, va_list ap)
{
	int err = errno;
	size_t n = strlen(fmt), m;

	if (muted)
		return;
	vsnprintf(lastmsg, sizeof(lastmsg), fmt, ap);
	m = strlen(lastmsg);
	if (n > 0 && fmt[n - 1] == ':')
		snprintf(lastmsg + m, sizeof(lastmsg) - m, " %s", strerror(err));
	fprintf(stderr, "%s: %s\n", argv0, lastmsg);
	errno = err;
}

const char *
lasterror(void)
{
	return lastmsg;
}

void
setlasterror(const char *msg)
{
	snprintf(lastmsg, sizeof(lastmsg), "%s", msg);
}

void
warnmute(bool on)
{
	muted = on;
}

void
note(const char *fmt, ...)
{
	va_list ap;

	if (muted)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", argv0);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

int
vwarnat(const char *file, long line, int col, const char *fmt, va_list ap)
{
	int err = errno, len;
	size_t n = strlen(fmt);
	va_list aq;
	char *msg, *at, *text;

	if (muted)
		return -1;
	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = xmalloc(len + 1);
	vsnprintf(msg, len + 1, fmt, ap);
	if (!file)
		at = xstrdup("");
	else if (line <= 0)
		at = xasprintf("%s: ", file);
	else if (col <= 0)
		at = xasprintf("%s:%ld: ", file, line);
	else
		at = xasprintf("%s:%ld:%d: ", file, line, col);
	if (n > 0 && fmt[n - 1] == ':')
		text = xasprintf("%s%s %s", at, msg, strerror(err));
	else
		text = xasprintf("%s%s", at, msg);
	fprintf(stderr, "%s: %s\n", argv0, text);
	setlasterror(text);
	free(msg);
	free(at);
	free(text);
	errno = err;
	return -1;
}

int
warnat(const char *file, long line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		fatal("malloc:");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fatal("realloc:");
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("vasprintf:");
	va_end(ap);
	return s;
}

static void
bufgrow(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	b->cap = b->cap ? b->cap : 64;
	while (b->len + n + 1 > b->cap)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
bufadd(struct buf *b, const char *s, size_t n)
{
	bufgrow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
bufputs(struct buf *b, const char *s)
{
	bufadd(b, s, strlen(s));
}

void
bufputc(struct buf *b, int c)
{
	char ch = c;

	bufadd(b, &ch, 1);
}

void
bufprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	bufgrow(b, n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

void
bufreset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
strlistpush(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

void
strlistadd(struct strlist *l, const char *s)
{
	strlistpush(l, xstrdup(s));
}

bool
endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

long
strlistfind(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return i;
	return -1;
}

int
strlistcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strlistclear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

void
strlistcopy(struct strlist *dst, const struct strlist *src)
{
	strlistclear(dst);
	for (size_t i = 0; i < src->n; i++)
		strlistadd(dst, src->v[i]);
}

int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
wordchar(int c)
{
	return c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
}

bool
wordboundary(const char *s, size_t pos)
{
	bool a = pos > 0 && wordchar((unsigned char)s[pos - 1]), b = s[pos] && wordchar((unsigned char)s[pos]);

	return a != b;
}

char *
pathjoin(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n == 0 || name[0] == '/')
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *
pathdir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup("");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, slash - path);
}

char *
pathnorm(const char *path)
{
	struct strlist parts = {0};
	struct buf out = {0};
	const char *p = path, *e;
	bool abs = path[0] == '/';

	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		if (e - p == 1 && p[0] == '.') {
			/* drop */
		} else if (e - p == 2 && p[0] == '.' && p[1] == '.' && parts.n > 0
		    && strcmp(parts.v[parts.n - 1], "..") != 0) {
			free(parts.v[--parts.n]);
		} else if (!(e - p == 2 && p[0] == '.' && p[1] == '.' && abs)) {
			strlistpush(&parts, xstrndup(p, e - p));
		}
		p = e;
	}
	if (abs)
		bufputc(&out, '/');
	for (size_t i = 0; i < parts.n; i++) {
		if (i)
			bufputc(&out, '/');
		bufputs(&out, parts.v[i]);
	}
	if (out.len == 0)
		bufputc(&out, '.');
	strlistclear(&parts);
	free(parts.v);
	return out.s;
}

int
readfile(const char *path, struct buf *b)
{
	struct stat st;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto err;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto err;
	}
	if (st.st_size > 0)
		bufgrow(b, st.st_size);
	for (;;) {
		bufgrow(b, 4096);
		r = read(fd, b->s + b->len, b->cap - b->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto err;
		}
		if (r == 0)
			break;
		b->len += r;
	}
	b->s[b->len] = '\0';
	close(fd);
	return 0;
err:
	close(fd);
	return -1;
}

int
fsyncdir(const char *dir)
{
	int fd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret, err;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	err = errno;
	close(fd);
	errno = err;
	return ret;
}

int
writefile(const char *path, const void *data, size_t len, int flags)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid()), *dir;
	const char *p = data;
	int fd, err;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto fail;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto failclose;
		}
		p += w;
		len -= w;
	}
	/* the data on disk before the name: a crash then leaves the old file or the new one, never an empty one */
	if ((flags & WF_FSYNC) && fsync(fd) < 0)
		goto failclose;
	if (close(fd) < 0)
		goto failunlink;
	if (rename(tmp, path) < 0)
		goto failunlink;
	free(tmp);
	if (flags & WF_DIRSYNC) {
		dir = pathdir(path);
		err = fsyncdir(dir);
		free(dir);
		if (err < 0)
			return -1;
	}
	return 0;
failclose:
	err = errno;
	close(fd);
	errno = err;
failunlink:
	err = errno;
	unlink(tmp);
	errno = err;
fail:
	free(tmp);
	return -1;
}

int
writefileatomic(const char *path, const void *data, size_t len)
{
	return writefile(path, data, len, WF_FSYNC);
}

int
mkdirs(const char *path, mode_t mode)
{
	char *p, *s;
	int ret = 0;

	/* the dir, or its parents first when they are missing: one mkdir when they exist */
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	p = xstrdup(path);
	if ((s = strrchr(p, '/')) && s != p) {
		*s = '\0';
		ret = mkdirs(p, mode);
	}
	free(p);
	if (ret == 0 && mkdir(path, mode) < 0 && errno != EEXIST)
		ret = -1;
	return ret;
}

static int
removeone(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

int
removetree(const char *path)
{
	return nftw(path, removeone, 32, FTW_DEPTH | FTW_PHYS);
}

void
statkey(const struct stat *st, struct buf *b)
{
	bufprintf(b, "%llu:%llu:%lld:%lld.%09ld:%lld.%09ld",
	    (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	    (long long)st->st_size,
	    (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
	    (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

bool
tsbefore(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

void
statid(const struct stat *st, struct buf *b)
{
	bufprintf(b, "%llu:%llu:%lld:%lld.%09ld",
	    (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	    (long long)st->st_size, (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

char *
pathabs(const char *path)
{
	char cwd[PATH_MAX];
	char *p, *n;

	if (path[0] == '/')
		return pathnorm(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	p = pathjoin(cwd, path);
	n = pathnorm(p);
	free(p);
	return n;
}

int
writeall(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= w;
	}
	return 0;
}

char *
relpath(const char *path, const char *base)
{
	char *p = pathnorm(path), *b = pathnorm(base);
	const char *rest;
	struct buf out = {0};
	size_t common = 0;

	/* the longest common run of whole components */
	for (size_t i = 0;; i++) {
		if ((p[i] == '/' || !p[i]) && (b[i] == '/' || !b[i]))
			common = i;
		if (!p[i] || !b[i] || p[i] != b[i])
			break;
	}
	bufputs(&out, "");
	for (const char *s = b + common; *s; s++)
		if (*s != '/' && (s == b + common || s[-1] == '/'))
			bufputs(&out, "../");
	for (rest = p + common; *rest == '/'; rest++)
		;
	bufputs(&out, rest);
	if (out.len > 0 && out.s[out.len - 1] == '/')
		out.s[--out.len] = '\0';
	if (out.len == 0)
		bufputc(&out, '.');
	free(p);
	free(b);
	return out.s;
}

int
tmpcreate(const char *path, char **tmp)
{
	int fd;

	*tmp = xasprintf("%s.venvmk-%ld", path, (long)getpid());
	unlink(*tmp);
	fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		warn("create %s:", *tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

int
tmpfinish(int fd, char *tmp, const char *path, mode_t mode, bool ok)
{
	const char *made = tmp ? tmp : path;

	if (ok && fchmod(fd, mode) < 0) {
		warn("chmod %s:", made);
		ok = false;
	}
	if (close(fd) < 0 && ok) {
		warn("write %s:", made);
		ok = false;
	}
	if (ok && tmp && rename(tmp, path) < 0) {
		warn("rename %s to %s:", tmp, path);
		ok = false;
	}
	if (!ok)
		unlink(made);
	free(tmp);
	return ok ? 0 : -1;
}

int
writenew(const char *path, const void *data, size_t len, mode_t mode)
{
	char *tmp;
	int fd = tmpcreate(path, &tmp);
	bool ok;

	if (fd < 0)
		return -1;
	ok = writeall(fd, data, len) == 0;
	if (!ok)
		warn("write %s:", tmp);
	return tmpfinish(fd, tmp, path, mode, ok);
}
