/* wheel.c: a wheel unpacked once into the cache, then installed into envs by hard links, as pip installs it. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <nettle/sha2.h>
#include <zip.h>
#include "util.h"
#include "hash.h"
#include "cache.h"
#include "wheel.h"

/* written last into an unpacked entry: every file with its size and mtime */
#define MANIFEST ".venvmk-manifest"
#define MANIFESTHEAD "venvmk-manifest 1\n"

struct mfile {
	char *name;	/* as in the wheel, relative to the entry */
	bool exec;
	long long size, sec;
	long nsec;
};

struct manifest {
	struct mfile *v;
	size_t n, cap;
};

struct row {
	char *f[3];	/* path, hash, size */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

struct ep {
	char *name, *value;
};

struct eplist {
	struct ep *v;
	size_t n, cap;
};

/* one file of the wheel on its way into the env */
struct inst {
	const char *src;	/* the name in the wheel */
	char *dest;		/* absolute */
	char *rec;		/* DEST as RECORD names it: relative to the lib dir */
	char *digest;		/* set when written new, not linked: its own hash */
	long long size;
	bool fix;		/* a #!python script, written with the env's python */
	bool skip;		/* a setuptools wrapper of an entry point: a launcher replaces it */
	bool recorded;
};

static void
manifestadd(struct manifest *m, const char *name, bool exec, const struct stat *st)
{
	struct mfile *f;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	f = &m->v[m->n++];
	f->name = xstrdup(name);
	f->exec = exec;
	f->size = st->st_size;
	f->sec = st->st_mtim.tv_sec;
	f->nsec = st->st_mtim.tv_nsec;
}

static void
manifestclear(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* ENTRY's manifest into M; returns 0, or 1 when it is missing or unreadable (a damaged entry) */
static int
manifestread(const char *entry, struct manifest *m)
{
	char *path = pathjoin(entry, MANIFEST), *line, *end, *p;
	struct buf b = {0};
	struct mfile f;
	int ret = 1;

	if (readfile(path, &b) < 0 || strncmp(b.s, MANIFESTHEAD, strlen(MANIFESTHEAD)) != 0)
		goto out;
	for (line = b.s + strlen(MANIFESTHEAD); *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			goto out;
		*end = '\0';
		if ((line[0] != 'x' && line[0] != '-') || line[1] != ' ')
			goto out;
		f.exec = line[0] == 'x';
		f.size = strtoll(line + 2, &p, 10);
		if (*p != ' ')
			goto out;
		f.sec = strtoll(p + 1, &p, 10);
		if (*p != '.')
			goto out;
		f.nsec = strtol(p + 1, &p, 10);
		if (*p != ' ' || !p[1])
			goto out;
		f.name = xstrdup(p + 1);
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 64;
			m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
		}
		m->v[m->n++] = f;
	}
	ret = 0;
out:
	free(b.s);
	free(path);
	return ret;
}

/* whether every file of ENTRY is as its manifest says: a file changed through a hard link shows */
static bool
manifestok(const char *entry, const struct manifest *m)
{
	struct stat st;
	char *path;
	bool ok = true;

	for (size_t i = 0; ok && i < m->n; i++) {
		path = pathjoin(entry, m->v[i].name);
		ok = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == m->v[i].size
		    && st.st_mtim.tv_sec == m->v[i].sec && st.st_mtim.tv_nsec == m->v[i].nsec;
		free(path);
	}
	return ok;
}

/* move the damaged ENTRY out of the way (into the cache's tmp dir) and remove it */
static void
entrydiscard(const char *entry)
{
	char *wheels = pathdir(entry), *cache = pathdir(wheels), *tmp, *dst;

	tmp = cachetmpdir(cache);
	if (tmp) {
		dst = pathjoin(tmp, "damaged");
		if (rename(entry, dst) < 0 && errno != ENOENT)
			warn("rename %s to %s:", entry, dst);
		if (removetree(tmp) < 0)
			warn("remove %s:", tmp);
		free(dst);
		free(tmp);
	}
	free(cache);
	free(wheels);
}

/* urlsafe base64 without padding, as RECORD wants it */
static void
b64url(const uint8_t *p, size_t n, struct buf *b)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint32_t v;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		bufputc(b, digits[v >> 18 & 63]);
		bufputc(b, digits[v >> 12 & 63]);
		bufputc(b, digits[v >> 6 & 63]);
		bufputc(b, digits[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		bufputc(b, digits[v >> 18 & 63]);
		bufputc(b, digits[v >> 12 & 63]);
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		bufputc(b, digits[v >> 18 & 63]);
		bufputc(b, digits[v >> 12 & 63]);
		bufputc(b, digits[v >> 6 & 63]);
	}
}

/* "sha256=<urlsafe base64>" of N bytes at P, newly allocated */
static char *
recorddigest(const void *p, size_t n)
{
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];
	struct buf b = {0};

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, sizeof(md), md);
	bufputs(&b, "sha256=");
	b64url(md, sizeof(md), &b);
	return b.s;
}

/* the hex SHA-256 of the whole file FD; 0 or -1 with errno set */
static int
fdhash(int fd, char hex[65])
{
	char chunk[65536];
	struct hash *h = mkhash();
	ssize_t r;
	int ret = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		ret = -1;
	while (ret == 0 && (r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno != EINTR)
				ret = -1;
			continue;
		}
		hashadd(h, chunk, r);
	}
	hashend(h, hex);
	return ret;
}

static int
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

/* a fresh temporary name next to PATH, created exclusively; the fd or -1 after warn() */
static int
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

/* finish a file from tmpcreate: mode, close, rename over PATH; 0 or -1 after warn() */
static int
tmpfinish(int fd, char *tmp, const char *path, mode_t mode, bool ok)
{
	if (ok && fchmod(fd, mode) < 0) {
		warn("chmod %s:", tmp);
		ok = false;
	}
	if (close(fd) < 0 && ok) {
		warn("write %s:", tmp);
		ok = false;
	}
	if (ok && rename(tmp, path) < 0) {
		warn("rename %s to %s:", tmp, path);
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

/* write PATH as a new file (temporary name, then rename): an old PATH may be a link into the cache */
static int
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

/* copy SRC to DEST as a new file; 0, 1 when SRC vanished, or -1 after warn() */
static int
copynew(const char *src, const char *dest, mode_t mode)
{
	char chunk[65536], *tmp;
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	ssize_t r;
	bool ok = true;

	if (in < 0) {
		if (errno == ENOENT)
			return 1;
		warn("open %s:", src);
		return -1;
	}
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
	close(in);
	return tmpfinish(out, tmp, dest, mode, ok);
}

/* put the cache file SRC at DEST: a hard link, or a copy when COPY or linking fails; 0, 1 when SRC vanished, -1 */
static int
place(const char *src, const char *dest, bool exec, bool copy)
{
	struct stat a, b;
	char *tmp;
	int ret = 0;

	if (copy)
		return copynew(src, dest, exec ? 0755 : 0644);
	if (link(src, dest) == 0)
		return 0;
	if (errno == ENOENT)
		return 1;
	if (errno == EXDEV || errno == EPERM || errno == EMLINK)
		return copynew(src, dest, exec ? 0755 : 0644);
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
		else if (errno == EXDEV || errno == EPERM || errno == EMLINK)
			ret = copynew(src, dest, exec ? 0755 : 0644);
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

/* NAME from the archive as a relative path without "." or empty parts ("" for the top dir); NULL when it could escape */
static char *
zipname(const char *name, bool *isdir)
{
	struct buf b = {0};
	const char *p = name, *e;
	size_t n = strlen(name);

	*isdir = n > 0 && name[n - 1] == '/';
	if (name[0] == '/' || strpbrk(name, "\n\r"))
		return NULL;
	bufputs(&b, "");
	while (*p) {
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		if (e - p == 2 && p[0] == '.' && p[1] == '.') {
			free(b.s);
			return NULL;
		}
		if (e > p && !(e - p == 1 && p[0] == '.')) {
			if (b.len)
				bufputc(&b, '/');
			bufadd(&b, p, e - p);
		}
		p = *e ? e + 1 : e;
	}
	return b.s;
}

/* the value of field KEY in the RFC 822 header TEXT (WHEEL, METADATA), newly allocated, or NULL */
static char *
headerfield(const char *text, const char *key)
{
	size_t klen = strlen(key), n;
	const char *line = text, *end, *v;

	for (; *line && *line != '\n' && !(line[0] == '\r' && line[1] == '\n'); line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (strncasecmp(line, key, klen) == 0 && line[klen] == ':') {
			v = line + klen + 1;
			while (v < end && isspace((unsigned char)*v))
				v++;
			n = end - v;
			while (n > 0 && isspace((unsigned char)v[n - 1]))
				n--;
			return xstrndup(v, n);
		}
		if (!*end)
			break;
	}
	return NULL;
}

/* the major Wheel-Version of the unpacked wheel in DIR; 0 or -1 after warn() */
static int
checkwheelfile(const char *wheel, const char *dir, const char *info)
{
	char *path = xasprintf("%s/%s/WHEEL", dir, info), *v = NULL, *end;
	struct buf b = {0};
	long major = -1;
	int ret = -1;

	if (readfile(path, &b) < 0) {
		warn("read %s:", path);
		goto out;
	}
	v = headerfield(b.s, "Wheel-Version");
	if (!v) {
		warn("%s: %s/WHEEL has no Wheel-Version", wheel, info);
		goto out;
	}
	major = strtol(v, &end, 10);
	if (end == v || (*end && *end != '.') || major != 1) {
		warn("%s: Wheel-Version %s is not supported (only 1.x)", wheel, v);
		goto out;
	}
	ret = 0;
out:
	free(v);
	free(b.s);
	free(path);
	return ret;
}

/* extract entry I of ZA to PATH, read-only, and note it in M; 0 or -1 after warn() */
static int
extract(zip_t *za, zip_uint64_t i, const char *wheel, const char *name, const char *path, struct manifest *m)
{
	char chunk[65536];
	zip_file_t *zf;
	zip_uint8_t opsys;
	zip_uint32_t attr = 0;
	zip_int64_t r;
	struct stat st;
	mode_t mode;
	bool exec;
	int fd, ret = -1;

	/* as pip: a regular file with any execute bit in its unix mode is executable */
	if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) < 0)
		attr = 0;
	mode = attr >> 16;
	exec = mode && S_ISREG(mode) && (mode & 0111);
	zf = zip_fopen_index(za, i, 0);
	if (!zf) {
		warn("%s: %s: %s", wheel, name, zip_strerror(za));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			warn("%s: %s: the name is in the archive twice", wheel, name);
		else
			warn("create %s:", path);
		zip_fclose(zf);
		return -1;
	}
	while ((r = zip_fread(zf, chunk, sizeof(chunk))) > 0) {
		if (writeall(fd, chunk, r) < 0) {
			warn("write %s:", path);
			goto out;
		}
	}
	if (r < 0) {
		warn("%s: %s: %s", wheel, name, zip_file_strerror(zf));
		goto out;
	}
	/* read-only: an editor refuses to write into it, and so into every env linked to it */
	if (fchmod(fd, exec ? 0555 : 0444) < 0 || fstat(fd, &st) < 0) {
		warn("chmod %s:", path);
		goto out;
	}
	manifestadd(m, name, exec, &st);
	ret = 0;
out:
	if (close(fd) < 0 && ret == 0) {
		warn("write %s:", path);
		ret = -1;
	}
	zip_fclose(zf);
	return ret;
}

static int
writemanifest(const char *dir, const struct manifest *m)
{
	char *path = pathjoin(dir, MANIFEST);
	struct buf b = {0};
	int fd, ret = -1;

	bufputs(&b, MANIFESTHEAD);
	for (size_t i = 0; i < m->n; i++)
		bufprintf(&b, "%c %lld %lld.%09ld %s\n", m->v[i].exec ? 'x' : '-',
		    m->v[i].size, m->v[i].sec, m->v[i].nsec, m->v[i].name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0 || writeall(fd, b.s, b.len) < 0)
		warn("write %s:", path);
	else
		ret = 0;
	if (fd >= 0 && close(fd) < 0 && ret == 0) {
		warn("write %s:", path);
		ret = -1;
	}
	free(b.s);
	free(path);
	return ret;
}

/* unpack the wheel open as FD into the empty DIR, checking it on the way; 0 or -1 after warn() */
static int
unpackzip(int fd, const char *wheel, const char *dir)
{
	struct strlist names = {0}, infos = {0};
	struct manifest m = {0};
	zip_error_t zerr;
	zip_t *za;
	zip_int64_t n;
	const char *raw, *slash;
	char *name, *path, *parent, *info = NULL;
	bool isdir, *dirs = NULL;
	int zfd, ze, ret = -1;

	zfd = dup(fd);
	if (zfd < 0 || lseek(zfd, 0, SEEK_SET) < 0) {
		warn("read %s:", wheel);
		if (zfd >= 0)
			close(zfd);
		return -1;
	}
	za = zip_fdopen(zfd, ZIP_RDONLY, &ze);
	if (!za) {
		zip_error_init_with_code(&zerr, ze);
		warn("%s: not a wheel: %s", wheel, zip_error_strerror(&zerr));
		zip_error_fini(&zerr);
		close(zfd);
		return -1;
	}
	n = zip_get_num_entries(za, 0);
	if (n > 0)
		dirs = xmalloc(n * sizeof(*dirs));

	/* every name first: nothing is written for a wheel that would escape its dir */
	for (zip_int64_t i = 0; i < n; i++) {
		raw = zip_get_name(za, i, 0);
		if (!raw) {
			warn("%s: %s", wheel, zip_strerror(za));
			goto out;
		}
		name = zipname(raw, &isdir);
		if (!name) {
			warn("%s: refusing a file outside the wheel: %s", wheel, raw);
			goto out;
		}
		if (strcmp(name, MANIFEST) == 0 || strncmp(name, MANIFEST "/", strlen(MANIFEST) + 1) == 0) {
			warn("%s: refusing a file venvmk reserves: %s", wheel, raw);
			free(name);
			goto out;
		}
		slash = strchr(name, '/');
		if (*name) {
			char *top = slash ? xstrndup(name, slash - name) : xstrdup(name);
			size_t tl = strlen(top);
			if (tl > 10 && strcmp(top + tl - 10, ".dist-info") == 0 && strlistfind(&infos, top) < 0)
				strlistpush(&infos, top);
			else
				free(top);
		}
		dirs[i] = isdir;
		strlistpush(&names, name);
	}
	if (infos.n != 1) {
		if (infos.n == 0)
			warn("%s: not a wheel: no .dist-info directory", wheel);
		else
			warn("%s: not a wheel: %zu .dist-info directories: %s, %s", wheel, infos.n, infos.v[0], infos.v[1]);
		goto out;
	}
	info = infos.v[0];
	if (!strchr(info, '-') || info[0] == '-' || strstr(info, "-.dist-info")) {
		warn("%s: not a wheel: %s is not NAME-VERSION.dist-info", wheel, info);
		goto out;
	}
	for (const char *const *f = (const char *const[]){"WHEEL", "METADATA", "RECORD", NULL}; *f; f++) {
		bool found = false;
		char *want = xasprintf("%s/%s", info, *f);
		for (size_t i = 0; !found && i < names.n; i++)
			found = !dirs[i] && strcmp(names.v[i], want) == 0;
		free(want);
		if (!found) {
			warn("%s: not a wheel: no %s/%s", wheel, info, *f);
			goto out;
		}
	}

	for (size_t i = 0; i < names.n; i++) {
		if (!*names.v[i])
			continue;
		path = pathjoin(dir, names.v[i]);
		parent = dirs[i] ? xstrdup(path) : pathdir(path);
		if (mkdirs(parent, 0755) < 0) {
			warn("mkdir %s:", parent);
			free(parent);
			free(path);
			goto out;
		}
		free(parent);
		if (!dirs[i] && extract(za, i, wheel, names.v[i], path, &m) < 0) {
			free(path);
			goto out;
		}
		free(path);
	}
	if (checkwheelfile(wheel, dir, info) < 0)
		goto out;
	if (writemanifest(dir, &m) < 0)
		goto out;
	ret = 0;
out:
	zip_discard(za);
	manifestclear(&m);
	strlistclear(&names);
	free(names.v);
	strlistclear(&infos);
	free(infos.v);
	free(dirs);
	return ret;
}

/* HASH ("sha256=HEX" or "sha256:HEX") as lowercase HEX; 0 or -1 after warn() */
static int
hashparse(const char *wheel, const char *hash, char hex[65])
{
	const char *p = hash + 7;

	if (strncasecmp(hash, "sha256", 6) != 0 || (hash[6] != '=' && hash[6] != ':') || strlen(p) != 64) {
		warn("%s: unsupported hash %s (sha256=HEX or sha256:HEX)", wheel, hash);
		return -1;
	}
	for (int i = 0; i < 64; i++) {
		if (!isxdigit((unsigned char)p[i])) {
			warn("%s: unsupported hash %s (sha256=HEX or sha256:HEX)", wheel, hash);
			return -1;
		}
		hex[i] = tolower((unsigned char)p[i]);
	}
	hex[64] = '\0';
	return 0;
}

int
wheelunpack(const char *cachedir, const char *wheel, const char *hash, char **entry)
{
	char hex[65], want[65], *real, *wheels, *index, *idxpath = NULL, *path = NULL, *mpath, *tmp;
	struct buf key = {0}, b = {0};
	struct stat st;
	bool indexed = false;
	int fd, ret = -1;

	*entry = NULL;
	if (hash && hashparse(wheel, hash, want) < 0)
		return -1;
	fd = open(wheel, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		warn("open %s:", wheel);
		return -1;
	}
	wheels = pathjoin(cachedir, "wheels");
	index = pathjoin(wheels, "index");
	if (fstat(fd, &st) < 0) {
		warn("stat %s:", wheel);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		warn("%s: not a regular file", wheel);
		goto out;
	}

	/* the index spares hashing the same unchanged file again */
	real = realpath(wheel, NULL);
	if (real) {
		bufputs(&key, real);
		bufputc(&key, '\n');
		statid(&st, &key);
		hashbytes(key.s, key.len, hex);
		idxpath = pathjoin(index, hex);
		free(real);
		if (readfile(idxpath, &b) == 0 && b.len >= 64) {
			indexed = true;
			for (int i = 0; i < 64; i++)
				indexed = indexed && isxdigit((unsigned char)b.s[i]) && !isupper((unsigned char)b.s[i]);
			if (indexed) {
				memcpy(hex, b.s, 64);
				hex[64] = '\0';
				utimensat(AT_FDCWD, idxpath, NULL, 0);
			}
		}
	}
	if (!indexed && fdhash(fd, hex) < 0) {
		warn("read %s:", wheel);
		goto out;
	}
	if (hash && strcmp(hex, want) != 0) {
		warn("%s: hash mismatch: expected sha256=%s, got sha256=%s", wheel, want, hex);
		goto out;
	}

	path = pathjoin(wheels, hex);
	mpath = pathjoin(path, MANIFEST);
	if (lstat(mpath, &st) < 0) {
		/* a dir without its manifest is half an entry: discard it */
		if (lstat(path, &st) == 0)
			entrydiscard(path);
		tmp = cachetmpdir(cachedir);
		if (!tmp) {
			free(mpath);
			goto out;
		}
		if (mkdirs(wheels, 0755) < 0)
			warn("mkdir %s:", wheels);
		/* mkdtemp made it 0700; the entry is readable by all, like the wheel */
		if (access(wheels, F_OK) < 0 || unpackzip(fd, wheel, tmp) < 0 || chmod(tmp, 0755) < 0
		    || cachepublish(tmp, path) < 0) {
			removetree(tmp);
			free(tmp);
			free(mpath);
			goto out;
		}
		free(tmp);
	}
	free(mpath);
	if (idxpath && !indexed && mkdirs(index, 0755) == 0) {
		bufreset(&b);
		bufprintf(&b, "%s\n", hex);
		writefileatomic(idxpath, b.s, b.len);
	}
	*entry = path;
	path = NULL;
	ret = 0;
out:
	close(fd);
	free(path);
	free(idxpath);
	free(key.s);
	free(b.s);
	free(index);
	free(wheels);
	return ret;
}

/* RECORD's CSV TEXT as rows of three fields ("" where short), as Python's csv reads it */
static void
csvparse(const char *s, struct rows *rows)
{
	struct buf field = {0};
	struct row r;
	int nf;
	bool quoted;

	while (*s) {
		nf = 0;
		memset(&r, 0, sizeof(r));
		for (;;) {
			bufreset(&field);
			bufputs(&field, "");
			quoted = *s == '"';
			if (quoted) {
				for (s++; *s; s++) {
					if (*s == '"' && s[1] == '"')
						bufputc(&field, *s++);
					else if (*s == '"')
						break;
					else
						bufputc(&field, *s);
				}
				if (*s)
					s++;
			}
			while (*s && *s != ',' && *s != '\n' && *s != '\r')
				bufputc(&field, *s++);
			if (nf < 3)
				r.f[nf] = xstrdup(field.s);
			nf++;
			if (*s != ',')
				break;
			s++;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		if (nf == 1 && !*r.f[0]) {
			free(r.f[0]);
			continue;
		}
		for (int i = 0; i < 3; i++)
			if (!r.f[i])
				r.f[i] = xstrdup("");
		if (rows->n == rows->cap) {
			rows->cap = rows->cap ? rows->cap * 2 : 64;
			rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
		}
		rows->v[rows->n++] = r;
	}
	free(field.s);
}

static void
rowadd(struct rows *rows, const char *path, const char *hash, const char *size)
{
	struct row *r;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
	}
	r = &rows->v[rows->n++];
	r->f[0] = xstrdup(path);
	r->f[1] = xstrdup(hash);
	r->f[2] = xstrdup(size);
}

static void
rowsclear(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		for (int f = 0; f < 3; f++)
			free(rows->v[i].f[f]);
	free(rows->v);
}

static int
rowcmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = 0;

	for (int i = 0; c == 0 && i < 3; i++)
		c = strcmp(x->f[i], y->f[i]);
	return c;
}

static void
csvfield(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		bufputs(b, s);
		return;
	}
	bufputc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			bufputc(b, '"');
		bufputc(b, *s);
	}
	bufputc(b, '"');
}

/* the entry points in entry_points.txt TEXT, read as importlib.metadata reads them */
static void
epparse(const char *text, struct eplist *console, struct eplist *gui)
{
	struct eplist *sect = NULL;
	const char *line = text, *end, *eq;
	char *l, *name, *value;
	size_t n;

	for (; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		while (line < end && isspace((unsigned char)*line))
			line++;
		n = end - line;
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		l = xstrndup(line, n);
		if (l[0] == '[' && l[n - 1] == ']') {
			sect = strcmp(l, "[console_scripts]") == 0 ? console : strcmp(l, "[gui_scripts]") == 0 ? gui : NULL;
		} else if (sect && (eq = strchr(l, '='))) {
			name = xstrndup(l, eq - l);
			for (n = strlen(name); n > 0 && isspace((unsigned char)name[n - 1]); n--)
				name[n - 1] = '\0';
			for (eq++; isspace((unsigned char)*eq); eq++)
				;
			value = xstrdup(eq);
			size_t i;
			for (i = 0; i < sect->n && strcmp(sect->v[i].name, name) != 0; i++)
				;
			if (i == sect->n) {
				if (sect->n == sect->cap) {
					sect->cap = sect->cap ? sect->cap * 2 : 8;
					sect->v = xrealloc(sect->v, sect->cap * sizeof(*sect->v));
				}
				sect->v[sect->n++] = (struct ep){name, value};
			} else {
				free(name);
				free(sect->v[i].value);
				sect->v[i].value = value;
			}
		}
		free(l);
	}
}

static void
epadd(struct eplist *l, char *name, const char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct ep){name, xstrdup(value)};
}

static void
epclear(struct eplist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
	}
	free(l->v);
}

static const struct ep *
epfind(const struct eplist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* whether S is digits+ (and, with DOT, "." digits+) up to its end */
static bool
isversion(const char *s, bool dot, bool needdot)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == s)
		return false;
	if (!*p)
		return !needdot;
	if (!dot || *p != '.')
		return false;
	s = ++p;
	while (isdigit((unsigned char)*p))
		p++;
	return p > s && !*p;
}

/* the launchers to write, as pip's get_console_script_specs: pip, pipX, pipX.Y for the env's python */
static void
scriptspecs(const struct eplist *console, const struct layout *l, struct eplist *out)
{
	const struct ep *pip = epfind(console, "pip"), *ei = epfind(console, "easy_install");
	const char *name;

	if (pip) {
		epadd(out, xstrdup("pip"), pip->value);
		epadd(out, xasprintf("pip%d", l->major), pip->value);
		epadd(out, xasprintf("pip%d.%d", l->major, l->minor), pip->value);
	}
	if (ei) {
		epadd(out, xstrdup("easy_install"), ei->value);
		epadd(out, xasprintf("easy_install-%d.%d", l->major, l->minor), ei->value);
	}
	for (size_t i = 0; i < console->n; i++) {
		name = console->v[i].name;
		if (pip && strncmp(name, "pip", 3) == 0 && (!name[3] || isversion(name + 3, true, false)))
			continue;
		if (ei && strncmp(name, "easy_install", 12) == 0 && (!name[12] || (name[12] == '-' && isversion(name + 13, true, true))))
			continue;
		epadd(out, xstrdup(name), console->v[i].value);
	}
}

static bool
isword(int c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* the shebang distlib writes for PYTHON: the /bin/sh form when too long or with a space */
static void
shebang(const char *python, struct buf *b)
{
	bool space = strchr(python, ' ');
	char *exe = space && python[0] != '"' ? xasprintf("\"%s\"", python) : xstrdup(python);

	if (!space && strlen(exe) + 3 <= 127)
		bufprintf(b, "#!%s\n", exe);
	else
		bufprintf(b, "#!/bin/sh\n'''exec' %s \"$0\" \"$@\"\n' '''\n", exe);
	free(exe);
}

/* whether the N bytes at S are word(.word)* */
static bool
isdotted(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' ? i == 0 || i == n - 1 || s[i + 1] == '.' : !isword((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* the text of the launcher for entry point EP, as distlib's ScriptMaker writes it; NULL after warn() */
static char *
launcher(const char *entry, const struct ep *ep, const char *python)
{
	struct buf b = {0};
	const char *v = ep->value, *p, *colon;
	size_t n;

	for (p = ep->name; *p; p++)
		if (!isword((unsigned char)*p) && !strchr("-.+", *p))
			break;
	if (p == ep->name || *p || strcmp(ep->name, ".") == 0 || strcmp(ep->name, "..") == 0) {
		warn("%s: invalid entry point name: %s", entry, ep->name);
		return NULL;
	}
	/* module(.sub)*:attr(.attr)*, perhaps followed by [extras], which a launcher ignores */
	for (p = v; isword((unsigned char)*p) || *p == '.' || *p == ':'; p++)
		;
	n = p - v;
	colon = memchr(v, ':', n);
	if (!colon || memchr(colon + 1, ':', n - (colon + 1 - v)) || !isdotted(v, colon - v)
	    || !isdotted(colon + 1, n - (colon + 1 - v))) {
		warn("%s: invalid script entry point: %s = %s (module:function is required)", entry, ep->name, v);
		return NULL;
	}
	shebang(python, &b);
	bufprintf(&b, "# -*- coding: utf-8 -*-\n"
	    "import re\n"
	    "import sys\n"
	    "from %.*s import %.*s\n"
	    "if __name__ == '__main__':\n"
	    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
	    "    sys.exit(%.*s())\n",
	    (int)(colon - v), v, (int)strcspn(colon + 1, ".:[ \t"), colon + 1, (int)(n - (colon + 1 - v)), colon + 1);
	return b.s;
}

/* PATH relative to the dir BASE (both absolute), as os.path.relpath */
static char *
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

/* the dirs where the .data/KEY/ files go */
static const char *
schemedir(const struct layout *l, const char *key, const char *headers)
{
	if (strcmp(key, "purelib") == 0)
		return l->purelib;
	if (strcmp(key, "platlib") == 0)
		return l->platlib;
	if (strcmp(key, "scripts") == 0)
		return l->scripts;
	if (strcmp(key, "headers") == 0)
		return headers;
	if (strcmp(key, "data") == 0)
		return l->prefix;
	return NULL;
}

/* whether NAME is a setuptools wrapper of an entry point (NAME, NAME.exe, NAME-script.py, NAME.pya) */
static bool
iswrapper(const char *name, const struct eplist *console, const struct eplist *gui)
{
	size_t n = strlen(name);
	char *match;
	bool r;

	if (n > 4 && (strcasecmp(name + n - 4, ".exe") == 0 || strcasecmp(name + n - 4, ".pya") == 0))
		n -= 4;
	else if (n > 10 && strcasecmp(name + n - 10, "-script.py") == 0)
		n -= 10;
	match = xstrndup(name, n);
	r = epfind(console, match) || epfind(gui, match);
	free(match);
	return r;
}

/* read the file NAME of ENTRY into B; 0, or -1 with errno set */
static int
readentry(const char *entry, const char *name, struct buf *b)
{
	char *path = pathjoin(entry, name);
	int r = readfile(path, b);

	free(path);
	return r;
}

/* write a new file into the env, adding its RECORD row to GEN; 0 or -1 after warn() */
static int
generate(const char *path, const char *data, size_t len, mode_t mode, const char *libdir, struct rows *gen)
{
	char *rec, *digest, size[32];

	if (writenew(path, data, len, mode) < 0)
		return -1;
	rec = relpath(path, libdir);
	digest = recorddigest(data, len);
	snprintf(size, sizeof(size), "%zu", len);
	rowadd(gen, rec, digest, size);
	free(rec);
	free(digest);
	return 0;
}

/* write the #!python script IN anew with PYTHON's shebang, as pip's fix_script; 0, 1 when gone, -1 */
static int
fixscript(const char *entry, struct inst *in, const char *python)
{
	struct buf old = {0}, new = {0};
	const char *rest;
	int r;

	if (readentry(entry, in->src, &old) < 0) {
		r = errno == ENOENT ? 1 : -1;
		if (r < 0)
			warn("read %s/%s:", entry, in->src);
		free(old.s);
		return r;
	}
	rest = strchr(old.s, '\n');
	rest = rest ? rest + 1 : old.s + old.len;
	shebang(python, &new);
	bufadd(&new, rest, old.len - (rest - old.s));
	r = writenew(in->dest, new.s, new.len, 0755);
	in->digest = recorddigest(new.s, new.len);
	in->size = new.len;
	free(old.s);
	free(new.s);
	return r;
}

static int
mkparent(const char *path, char **last)
{
	char *dir = pathdir(path);

	if (*last && strcmp(*last, dir) == 0) {
		free(dir);
		return 0;
	}
	if (mkdirs(dir, 0755) < 0) {
		warn("mkdir %s:", dir);
		free(dir);
		return -1;
	}
	free(*last);
	*last = dir;
	return 0;
}

int
wheelinstall(const char *entry, const struct layout *l, bool requested, const char *directurl)
{
	struct manifest m = {0};
	struct buf wheelf = {0}, meta = {0}, record = {0}, eptext = {0}, b = {0};
	struct eplist console = {0}, gui = {0}, specs = {0};
	struct rows old = {0}, gen = {0}, out = {0};
	struct inst *inst = NULL;
	const char *info = NULL, *libdir, *name, *dir;
	char *purelib = NULL, *distname = NULL, *headers = NULL, *path, *lastdir = NULL, *text, *slash, *p, *key;
	size_t infolen = 0;
	int ret = -1, r;
	struct stat st;

	if (stat(entry, &st) < 0 || manifestread(entry, &m) != 0 || !manifestok(entry, &m)) {
		warn("%s: damaged cache entry; unpacking again", entry);
		entrydiscard(entry);
		manifestclear(&m);
		return 1;
	}
	for (size_t i = 0; i < m.n; i++) {
		slash = strchr(m.v[i].name, '/');
		if (slash && slash - m.v[i].name > 10 && strncmp(slash - 10, ".dist-info", 10) == 0) {
			if (info && (infolen != (size_t)(slash - m.v[i].name) || strncmp(info, m.v[i].name, infolen) != 0)) {
				warn("%s: several .dist-info directories", entry);
				goto out;
			}
			info = m.v[i].name;
			infolen = slash - info;
		}
	}
	if (!info) {
		warn("%s: no .dist-info directory", entry);
		goto out;
	}
	path = xasprintf("%.*s/WHEEL", (int)infolen, info);
	r = readentry(entry, path, &wheelf);
	free(path);
	path = xasprintf("%.*s/METADATA", (int)infolen, info);
	r = r < 0 ? r : readentry(entry, path, &meta);
	free(path);
	path = xasprintf("%.*s/RECORD", (int)infolen, info);
	r = r < 0 ? r : readentry(entry, path, &record);
	free(path);
	if (r < 0) {
		warn("%s: read %.*s:", entry, (int)infolen, info);
		goto out;
	}
	path = xasprintf("%.*s/entry_points.txt", (int)infolen, info);
	if (readentry(entry, path, &eptext) == 0)
		epparse(eptext.s, &console, &gui);
	free(path);

	purelib = headerfield(wheelf.s, "Root-Is-Purelib");
	libdir = purelib && strcasecmp(purelib, "true") == 0 ? l->purelib : l->platlib;
	distname = headerfield(meta.s, "Name");
	if (!distname || !*distname || strchr(distname, '/')) {
		free(distname);
		distname = xstrndup(info, strcspn(info, "-"));
	}
	headers = xasprintf("%s/include/site/python%d.%d/%s", l->prefix, l->major, l->minor, distname);

	/* where each file goes, as pip's _install_wheel maps them */
	inst = xmalloc((m.n ? m.n : 1) * sizeof(*inst));
	memset(inst, 0, (m.n ? m.n : 1) * sizeof(*inst));
	for (size_t i = 0; i < m.n; i++) {
		name = m.v[i].name;
		inst[i].src = name;
		slash = strchr(name, '/');
		if (slash && slash - name > 5 && strncmp(slash - 5, ".data", 5) == 0) {
			p = strchr(slash + 1, '/');
			key = p ? xstrndup(slash + 1, p - slash - 1) : NULL;
			dir = key ? schemedir(l, key, headers) : NULL;
			if (!p || !p[1] || !dir) {
				warn("%s: %s: .data files go in <scheme key>/<path>, one of purelib, platlib, headers, scripts, data", entry, name);
				free(key);
				goto out;
			}
			inst[i].dest = pathjoin(dir, p + 1);
			if (strcmp(key, "scripts") == 0) {
				inst[i].skip = iswrapper(strrchr(inst[i].dest, '/') + 1, &console, &gui);
				bufreset(&b);
				if (!inst[i].skip && readentry(entry, name, &b) == 0 && strncmp(b.s, "#!python", 8) == 0)
					inst[i].fix = true;
			}
			free(key);
		} else {
			inst[i].dest = pathjoin(libdir, name);
		}
		inst[i].rec = relpath(inst[i].dest, libdir);
	}

	for (size_t i = 0; i < m.n; i++) {
		if (inst[i].skip)
			continue;
		/* RECORD is written afresh below */
		if (strncmp(inst[i].src, info, infolen) == 0 && strcmp(inst[i].src + infolen, "/RECORD") == 0)
			continue;
		if (mkparent(inst[i].dest, &lastdir) < 0)
			goto out;
		if (inst[i].fix) {
			r = fixscript(entry, &inst[i], l->python);
		} else {
			path = pathjoin(entry, inst[i].src);
			r = place(path, inst[i].dest, m.v[i].exec, l->copy);
			free(path);
		}
		if (r != 0) {
			if (r == 1) {
				warn("%s: damaged cache entry; unpacking again", entry);
				entrydiscard(entry);
			}
			ret = r;
			goto out;
		}
	}

	/* launchers, then pip's own files in the dist-info, each written new */
	scriptspecs(&console, l, &specs);
	for (size_t g = 0; g < 2; g++) {
		const struct eplist *eps = g == 0 ? &specs : &gui;
		for (size_t i = 0; i < eps->n; i++) {
			text = launcher(entry, &eps->v[i], l->python);
			if (!text)
				goto out;
			path = pathjoin(l->scripts, eps->v[i].name);
			r = mkparent(path, &lastdir);
			if (r == 0)
				r = generate(path, text, strlen(text), 0755, libdir, &gen);
			free(path);
			free(text);
			if (r < 0)
				goto out;
		}
	}
	path = xasprintf("%s/%.*s/INSTALLER", libdir, (int)infolen, info);
	r = generate(path, "pip\n", 4, 0644, libdir, &gen);
	free(path);
	if (r < 0)
		goto out;
	if (directurl) {
		path = xasprintf("%s/%.*s/direct_url.json", libdir, (int)infolen, info);
		r = generate(path, directurl, strlen(directurl), 0644, libdir, &gen);
		free(path);
		if (r < 0)
			goto out;
	}
	if (requested) {
		path = xasprintf("%s/%.*s/REQUESTED", libdir, (int)infolen, info);
		r = generate(path, "", 0, 0644, libdir, &gen);
		free(path);
		if (r < 0)
			goto out;
	}

	/* RECORD as pip's get_csv_rows_for_installed: the wheel's rows, then the generated, then the unlisted */
	csvparse(record.s, &old);
	for (size_t i = 0; i < old.n; i++) {
		struct inst *in = NULL;
		for (size_t j = 0; !in && j < m.n; j++)
			if (!inst[j].recorded && !inst[j].skip && strcmp(inst[j].src, old.v[i].f[0]) == 0)
				in = &inst[j];
		if (!in) {
			rowadd(&out, old.v[i].f[0], old.v[i].f[1], old.v[i].f[2]);
			continue;
		}
		in->recorded = true;
		if (in->digest) {
			char size[32];
			snprintf(size, sizeof(size), "%lld", in->size);
			rowadd(&out, in->rec, in->digest, size);
		} else {
			rowadd(&out, in->rec, old.v[i].f[1], old.v[i].f[2]);
		}
	}
	for (size_t i = 0; i < gen.n; i++)
		rowadd(&out, gen.v[i].f[0], gen.v[i].f[1], gen.v[i].f[2]);
	for (size_t j = 0; j < m.n; j++)
		if (!inst[j].recorded && !inst[j].skip)
			rowadd(&out, inst[j].rec, "", "");
	qsort(out.v, out.n, sizeof(*out.v), rowcmp);
	bufreset(&b);
	for (size_t i = 0; i < out.n; i++) {
		for (int f = 0; f < 3; f++) {
			if (f)
				bufputc(&b, ',');
			csvfield(&b, out.v[i].f[f]);
		}
		bufputs(&b, "\r\n");
	}
	path = xasprintf("%s/%.*s/RECORD", libdir, (int)infolen, info);
	r = writenew(path, b.s ? b.s : "", b.len, 0644);
	free(path);
	if (r < 0)
		goto out;

	/* the import system caches directory listings by mtime */
	utimensat(AT_FDCWD, l->purelib, NULL, 0);
	if (strcmp(l->platlib, l->purelib) != 0)
		utimensat(AT_FDCWD, l->platlib, NULL, 0);
	/* the entry's last use, for cacheprune */
	path = pathjoin(entry, MANIFEST);
	utimensat(AT_FDCWD, path, NULL, 0);
	free(path);
	ret = 0;
out:
	for (size_t i = 0; inst && i < m.n; i++) {
		free(inst[i].dest);
		free(inst[i].rec);
		free(inst[i].digest);
	}
	free(inst);
	rowsclear(&old);
	rowsclear(&gen);
	rowsclear(&out);
	epclear(&console);
	epclear(&gui);
	epclear(&specs);
	manifestclear(&m);
	free(lastdir);
	free(purelib);
	free(distname);
	free(headers);
	free(wheelf.s);
	free(meta.s);
	free(record.s);
	free(eptext.s);
	free(b.s);
	return ret;
}
