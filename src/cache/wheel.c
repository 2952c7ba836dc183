/* wheel.c: a wheel checked and unpacked once into the content-addressed cache. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <unzip.h>
#include "base/util.h"
#include "base/hash.h"
#include "cache/cache.h"
#include "cache/cacheentry.h"
#include "parse/header.h"
#include "base/spawn.h"
#include "cache/wheel.h"


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

/* minizip's error code R as text */
static const char *
unzerror(int r)
{
	switch (r) {
	case UNZ_ERRNO:
		return strerror(errno);
	case UNZ_BADZIPFILE:
		return "not a zip file, or damaged";
	case UNZ_CRCERROR:
		return "CRC mismatch: the data is damaged";
	case UNZ_INTERNALERROR:
		return "internal error in minizip";
	default:
		return "damaged zip data";
	}
}

/* extract the current entry of UF (its external attributes ATTR) to PATH, read-only, and note it in M; 0 or -1 after warn() */
static int
extract(unzFile uf, unsigned long attr, const char *wheel, const char *name, const char *path, struct manifest *m)
{
	char chunk[65536];
	struct stat st;
	mode_t mode;
	bool exec;
	int fd, r, ret = -1;

	/* as pip: a regular file with any execute bit in its unix mode is executable */
	mode = attr >> 16;
	exec = mode && S_ISREG(mode) && (mode & 0111);
	r = unzOpenCurrentFile(uf);
	if (r != UNZ_OK) {
		warn("%s: %s: %s", wheel, name, unzerror(r));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			warn("%s: %s: the name is in the archive twice", wheel, name);
		else
			warn("create %s:", path);
		unzCloseCurrentFile(uf);
		return -1;
	}
	while ((r = unzReadCurrentFile(uf, chunk, sizeof(chunk))) > 0) {
		if (writeall(fd, chunk, r) < 0) {
			warn("write %s:", path);
			goto out;
		}
	}
	if (r < 0) {
		warn("%s: %s: %s", wheel, name, unzerror(r));
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
	/* the CRC is checked here, at the end of the entry */
	r = unzCloseCurrentFile(uf);
	if (r != UNZ_OK && ret == 0) {
		warn("%s: %s: %s", wheel, name, unzerror(r));
		ret = -1;
	}
	return ret;
}

/* minizip reads through stdio: the wheel already open as *(int *)OPAQUE, so what was hashed is what is unpacked */
static voidpf
openfd(voidpf opaque, const void *name, int mode)
{
	int fd = dup(*(int *)opaque);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (lseek(fd, 0, SEEK_SET) < 0 || !(f = fdopen(fd, "rb"))) {
		close(fd);
		return NULL;
	}
	return f;
}

/* the name of UF's current entry (newly allocated) and its info; NULL after warn() */
static char *
entryname(unzFile uf, unz_file_info64 *info, const char *wheel)
{
	char *raw;
	int r = unzGetCurrentFileInfo64(uf, info, NULL, 0, NULL, 0, NULL, 0);

	if (r != UNZ_OK) {
		warn("%s: %s", wheel, unzerror(r));
		return NULL;
	}
	raw = xmalloc(info->size_filename + 1);
	r = unzGetCurrentFileInfo64(uf, info, raw, info->size_filename + 1, NULL, 0, NULL, 0);
	if (r != UNZ_OK) {
		warn("%s: %s", wheel, unzerror(r));
		free(raw);
		return NULL;
	}
	raw[info->size_filename] = '\0';
	if (strlen(raw) != info->size_filename) {
		warn("%s: refusing a name with a NUL byte: %s", wheel, raw);
		free(raw);
		return NULL;
	}
	if (info->flag & 1) {
		warn("%s: refusing an encrypted file: %s", wheel, raw);
		free(raw);
		return NULL;
	}
	return raw;
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
	/* on disk before the entry is published: after a crash an entry has its whole
	 * manifest or none, and a file the crash cut short no longer matches it */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0 || writeall(fd, b.s, b.len) < 0 || fsync(fd) < 0)
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

/* the entries of a wheel's zip directory, all read before anything is written */
struct zipdir {
	struct strlist names;	/* each entry's name as zipname makes it ("" for the top dir) */
	bool *dirs;		/* whether NAMES.v[i] is a dir */
	unsigned long *attrs;	/* its external attributes: the unix mode in the high 16 bits */
	struct strlist infos;	/* the top dirs named *.dist-info */
};

/* free what Z holds */
static void
zipdirclear(struct zipdir *z)
{
	strlistclear(&z->names);
	free(z->names.v);
	strlistclear(&z->infos);
	free(z->infos.v);
	free(z->dirs);
	free(z->attrs);
}

/* every name of the N entries of UF into Z, none that could escape the dir or that venvmk reserves; 0 or -1 after warn() */
static int
readnames(unzFile uf, const char *wheel, ZPOS64_T n, struct zipdir *z)
{
	unz_file_info64 fi;
	const char *slash;
	char *raw = NULL, *name;
	bool isdir;
	int r, ret = -1;

	z->dirs = xmalloc((n + 1) * sizeof(*z->dirs));
	z->attrs = xmalloc((n + 1) * sizeof(*z->attrs));
	for (r = unzGoToFirstFile(uf); r == UNZ_OK && z->names.n < n; r = unzGoToNextFile(uf)) {
		free(raw);
		raw = entryname(uf, &fi, wheel);
		if (!raw)
			goto out;
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
			if (tl > 10 && strcmp(top + tl - 10, ".dist-info") == 0 && strlistfind(&z->infos, top) < 0)
				strlistpush(&z->infos, top);
			else
				free(top);
		}
		z->dirs[z->names.n] = isdir;
		z->attrs[z->names.n] = fi.external_fa;
		strlistpush(&z->names, name);
	}
	if (r != UNZ_END_OF_LIST_OF_FILE && r != UNZ_OK) {
		warn("%s: not a wheel: %s", wheel, unzerror(r));
		goto out;
	}
	if (z->names.n != n) {
		warn("%s: not a wheel: its directory lists %zu of %llu entries", wheel, z->names.n,
		    (unsigned long long)n);
		goto out;
	}
	ret = 0;
out:
	free(raw);
	return ret;
}

/* the one .dist-info dir of Z, NAME-VERSION.dist-info with a WHEEL, METADATA and RECORD; NULL after warn() */
static const char *
checkinfo(const char *wheel, const struct zipdir *z)
{
	const char *info;

	if (z->infos.n != 1) {
		if (z->infos.n == 0)
			warn("%s: not a wheel: no .dist-info directory", wheel);
		else
			warn("%s: not a wheel: %zu .dist-info directories: %s, %s", wheel, z->infos.n, z->infos.v[0], z->infos.v[1]);
		return NULL;
	}
	info = z->infos.v[0];
	if (!strchr(info, '-') || info[0] == '-' || strstr(info, "-.dist-info")) {
		warn("%s: not a wheel: %s is not NAME-VERSION.dist-info", wheel, info);
		return NULL;
	}
	for (const char *const *f = (const char *const[]){"WHEEL", "METADATA", "RECORD", NULL}; *f; f++) {
		bool found = false;
		char *want = xasprintf("%s/%s", info, *f);
		for (size_t i = 0; !found && i < z->names.n; i++)
			found = !z->dirs[i] && strcmp(z->names.v[i], want) == 0;
		free(want);
		if (!found) {
			warn("%s: not a wheel: no %s/%s", wheel, info, *f);
			return NULL;
		}
	}
	return info;
}

/* extract the entries of UF, as Z lists them, into DIR, noting each file in M; 0 or -1 after warn() */
static int
extractall(unzFile uf, const char *wheel, const char *dir, const struct zipdir *z, struct manifest *m)
{
	char *path, *parent;
	int r = unzGoToFirstFile(uf);

	for (size_t i = 0; i < z->names.n; i++, r = unzGoToNextFile(uf)) {
		if (r != UNZ_OK) {
			warn("%s: %s", wheel, unzerror(r));
			return -1;
		}
		if (!*z->names.v[i])
			continue;
		path = pathjoin(dir, z->names.v[i]);
		parent = z->dirs[i] ? xstrdup(path) : pathdir(path);
		if (mkdirs(parent, 0755) < 0) {
			warn("mkdir %s:", parent);
			free(parent);
			free(path);
			return -1;
		}
		free(parent);
		if (!z->dirs[i] && extract(uf, z->attrs[i], wheel, z->names.v[i], path, m) < 0) {
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* unpack the wheel open as FD into the empty DIR, checking it on the way; 0 or -1 after warn() */
static int
unpackzip(int fd, const char *wheel, const char *dir)
{
	struct zipdir z = {0};
	struct manifest m = {0};
	zlib_filefunc64_def io;
	unz_global_info64 gi;
	unzFile uf;
	const char *info;
	int r, ret = -1;

	fill_fopen64_filefunc(&io);
	io.zopen64_file = openfd;
	io.opaque = &fd;
	uf = unzOpen2_64(wheel, &io);
	if (!uf) {
		warn("%s: not a wheel: not a zip file, or damaged", wheel);
		return -1;
	}
	r = unzGetGlobalInfo64(uf, &gi);
	if (r != UNZ_OK) {
		warn("%s: not a wheel: %s", wheel, unzerror(r));
		goto out;
	}
	if (gi.number_entry > 1000000) {
		warn("%s: not a wheel: %llu entries", wheel, (unsigned long long)gi.number_entry);
		goto out;
	}
	/* every name first: nothing is written for a wheel that would escape its dir */
	if (readnames(uf, wheel, gi.number_entry, &z) < 0 || !(info = checkinfo(wheel, &z)))
		goto out;
	if (extractall(uf, wheel, dir, &z, &m) < 0 || checkwheelfile(wheel, dir, info) < 0 || writemanifest(dir, &m) < 0)
		goto out;
	ret = 0;
out:
	unzClose(uf);
	manifestclear(&m);
	zipdirclear(&z);
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

/*
 * The sha256 of WHEEL, open as FD, into HEX: from the index INDEX when the file
 * (its real path and stat ST) was hashed before, else by reading it. *IDXPATH is
 * its index file (NULL without a real path). Returns 1 from the index, 0 when
 * hashed, -1 on a read error.
 */
static int
indexedhash(const char *index, const char *wheel, int fd, const struct stat *st, char hex[65], char **idxpath)
{
	struct buf key = {0}, b = {0};
	char *real = realpath(wheel, NULL);
	int indexed = 0;

	*idxpath = NULL;
	if (real) {
		bufputs(&key, real);
		bufputc(&key, '\n');
		statid(st, &key);
		hashbytes(key.s, key.len, hex);
		*idxpath = pathjoin(index, hex);
		free(real);
		if (readfile(*idxpath, &b) == 0 && b.len >= 64) {
			indexed = 1;
			for (int i = 0; i < 64; i++)
				indexed = indexed && isxdigit((unsigned char)b.s[i]) && !isupper((unsigned char)b.s[i]);
			if (indexed) {
				memcpy(hex, b.s, 64);
				hex[64] = '\0';
				utimensat(AT_FDCWD, *idxpath, NULL, 0);
			}
		}
	}
	free(key.s);
	free(b.s);
	if (!indexed && hashfd(fd, hex) < 0)
		return -1;
	return indexed;
}

/* remember that the file of index entry IDXPATH hashes to HEX */
static void
indexwrite(const char *index, const char *idxpath, const char *hex)
{
	char line[66];

	if (!idxpath || mkdirs(index, 0755) < 0)
		return;
	snprintf(line, sizeof(line), "%s\n", hex);
	/* no fsync: a line a crash damaged is not 64 hex digits, and the wheel is hashed again */
	writefile(idxpath, line, 65, 0);
}

int
wheelunpack(const char *cachedir, const char *wheel, const char *hash, char **entry)
{
	char hex[65], want[65], *wheels, *index, *idxpath = NULL, *path = NULL, *mpath, *tmp;
	struct stat st;
	int indexed, fd, ret = -1;

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

	indexed = indexedhash(index, wheel, fd, &st, hex, &idxpath);
	if (indexed < 0) {
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
	if (!indexed)
		indexwrite(index, idxpath, hex);
	*entry = path;
	path = NULL;
	ret = 0;
out:
	close(fd);
	free(path);
	free(idxpath);
	free(index);
	free(wheels);
	return ret;
}

int
wheelsha(const char *cachedir, const char *wheel, char hex[65])
{
	char *index = xasprintf("%s/wheels/index", cachedir), *idxpath = NULL;
	struct stat st;
	int fd, indexed = -1;

	fd = open(wheel, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		indexed = indexedhash(index, wheel, fd, &st, hex, &idxpath);
		if (indexed == 0)
			indexwrite(index, idxpath, hex);
	}
	if (fd >= 0)
		close(fd);
	free(idxpath);
	free(index);
	return indexed < 0 ? -1 : 0;
}

int
wheelentry(const char *cache, const char *wheel, const char *hash, char **entry)
{
	if (hash) {
		/* content-addressed: the entry of the hash pip reported is the wheel, wherever its file went */
		char *e = xasprintf("%s/wheels/%s", cache, hash + 7), *m = pathjoin(e, MANIFEST);
		bool there = access(m, F_OK) == 0;
		free(m);
		if (there) {
			*entry = e;
			return 0;
		}
		free(e);
	}
	return wheelunpack(cache, wheel, hash, entry);
}
