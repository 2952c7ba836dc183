/* zipdir.c: a zip's end-of-central-directory record, ZIP64's, and the members its central
 * directory lists, read from bytes (the tail of a wheel had by an HTTP range request). */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "parse/zipdir.h"

#define EOCDSIG 0x06054b50u
#define LOCSIG 0x07064b50u
#define EOCD64SIG 0x06064b50u
#define CENSIG 0x02014b50u
#define LOCALSIG 0x04034b50u

static unsigned
le16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static unsigned long
le32(const unsigned char *p)
{
	return le16(p) | (unsigned long)le16(p + 2) << 16;
}

static unsigned long long
le64(const unsigned char *p)
{
	return le32(p) | (unsigned long long)le32(p + 4) << 32;
}

static int
fail(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* ZIP64's record, through the locator just before the classic record at EOCD (an offset in TAIL) */
static int
zipdir64(const unsigned char *tail, size_t len, long long total, size_t eocd, struct zipdir *zd, const char **why)
{
	const unsigned char *loc, *rec;
	unsigned long long recoff;
	long long base = total - (long long)len;

	if (eocd < 20 || le32(tail + eocd - 20) != LOCSIG)
		return fail(why, "ZIP64 sizes but no ZIP64 locator");
	loc = tail + eocd - 20;
	recoff = le64(loc + 8);
	if (recoff > (unsigned long long)total || (long long)recoff < base || (long long)recoff - base + 56 > (long long)eocd - 20)
		return fail(why, "ZIP64 end record out of the bytes read");
	rec = tail + (recoff - base);
	if (le32(rec) != EOCD64SIG)
		return fail(why, "bad ZIP64 end record signature");
	zd->entries = (long long)(le64(rec + 32) & 0x7fffffffffffffffull);
	zd->cdsize = (long long)(le64(rec + 40) & 0x7fffffffffffffffull);
	zd->cdoff = (long long)(le64(rec + 48) & 0x7fffffffffffffffull);
	if (zd->cdoff > (long long)recoff || zd->cdsize > (long long)recoff - zd->cdoff)
		return fail(why, "central directory out of the file");
	return 0;
}

int
zipdirfind(const unsigned char *tail, size_t len, long long total, struct zipdir *zd, const char **why)
{
	size_t i;
	long long eocdat;

	if (total < 22 || (long long)len > total || len < 22)
		return fail(why, "too short for a zip");
	/* the record is the last 22 bytes but for a comment of at most 65535 */
	for (i = len - 22;; i--) {
		if (le32(tail + i) == EOCDSIG && i + 22 + le16(tail + i + 20) <= len)
			break;
		if (i == 0 || len - 22 - i >= 65535)
			return fail(why, "no end-of-central-directory record");
	}
	if (le16(tail + i + 4) != 0 || le16(tail + i + 6) != 0)
		return fail(why, "a zip split across disks");
	zd->entries = le16(tail + i + 10);
	zd->cdsize = le32(tail + i + 12);
	zd->cdoff = le32(tail + i + 16);
	if (zd->entries == 0xffff || zd->cdsize == 0xffffffff || zd->cdoff == 0xffffffff)
		return zipdir64(tail, len, total, i, zd, why);
	eocdat = total - (long long)len + (long long)i;
	if (zd->cdoff > eocdat || zd->cdsize > eocdat - zd->cdoff)
		return fail(why, "central directory out of the file");
	return 0;
}

/* is the directory name D (N bytes, "X-V.dist-info") the project's? */
static bool
distinfoof(const unsigned char *d, size_t n, const char *project)
{
	size_t end = n - 10, k = 0;
	bool sep = false;

	while (end > 0 && d[end - 1] != '-')
		end--;
	if (end-- == 0 || !project)
		return false;
	for (size_t j = 0; j < end; j++) {
		char c = (char)d[j];
		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && project[k++] != '-')
			return false;
		sep = false;
		if (!project[k] || (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != project[k])
			return false;
		k++;
	}
	return !sep && project[k] == '\0';
}

/* ZIP64's extra field (id 1) of a central entry: the sizes and offset its 32-bit fields leave out */
static int
zipentry64(const unsigned char *x, size_t n, struct zipentry *e, bool bigu, bool bigc, bool bigo)
{
	while (n >= 4) {
		unsigned id = le16(x), sz = le16(x + 2);
		if (sz > n - 4)
			return -1;
		if (id == 1) {
			const unsigned char *v = x + 4;
			long long *f[] = { bigu ? &e->usize : NULL, bigc ? &e->csize : NULL, bigo ? &e->lhoff : NULL };
			for (size_t k = 0; k < 3; k++) {
				if (!f[k])
					continue;
				if (v + 8 > x + 4 + sz)
					return -1;
				*f[k] = (long long)(le64(v) & 0x7fffffffffffffffull);
				v += 8;
			}
			return 0;
		}
		x += 4 + sz;
		n -= 4 + sz;
	}
	return bigu || bigc || bigo ? -1 : 0;
}

/* the member at CD + OFF read into E, NAME and NAMELEN; its length, or 0 when bad */
static size_t
zipcentral(const unsigned char *cd, size_t len, size_t off, struct zipentry *e, const unsigned char **name, size_t *namelen)
{
	const unsigned char *p = cd + off;
	size_t n, x, c;

	if (len - off < 46 || le32(p) != CENSIG)
		return 0;
	n = le16(p + 28), x = le16(p + 30), c = le16(p + 32);
	if (46 + n + x + c > len - off)
		return 0;
	e->method = (le16(p + 8) & 1) ? -1 : (int)le16(p + 10);	/* encrypted: no method we read */
	e->crc = le32(p + 16);
	e->csize = le32(p + 20);
	e->usize = le32(p + 24);
	e->lhoff = le32(p + 42);
	if (zipentry64(p + 46 + n, x, e, e->usize == 0xffffffff, e->csize == 0xffffffff, e->lhoff == 0xffffffff) < 0)
		return 0;
	*name = p + 46;
	*namelen = n;
	return 46 + n + x + c;
}

int
zipdirmetadata(const unsigned char *cd, size_t len, const char *project, struct zipentry *e, const char **why)
{
	struct zipentry cur, any = {0};
	size_t off = 0, step, nany = 0;

	while (off < len) {
		const unsigned char *name, *slash;
		size_t n;
		if (!(step = zipcentral(cd, len, off, &cur, &name, &n)))
			return fail(why, "bad central directory entry");
		off += step;
		if (n < 20 || memcmp(name + n - 9, "/METADATA", 9) != 0 || !(slash = memchr(name, '/', n)) ||
		    slash != name + n - 9 || memcmp(slash - 10, ".dist-info", 10) != 0)
			continue;
		if (distinfoof(name, n - 9, project)) {
			any = cur;
			nany = 1;
			break;
		}
		any = cur;
		nany++;
	}
	if (nany != 1)
		return fail(why, nany ? "several .dist-info/METADATA, none the project's" : "no .dist-info/METADATA");
	if (any.method != 0 && any.method != 8)
		return fail(why, "METADATA neither stored nor deflated");
	if (any.method == 0 && any.csize != any.usize)
		return fail(why, "stored METADATA with two sizes");
	*e = any;
	return 0;
}

int
ziplocaldata(const unsigned char *p, size_t len, long long *off, const char **why)
{
	if (len < 30 || le32(p) != LOCALSIG)
		return fail(why, "no local file header");
	*off = 30 + (long long)le16(p + 26) + le16(p + 28);
	return 0;
}
