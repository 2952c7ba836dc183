/* sdist.c: the PKG-INFO of a .tar.gz source distribution: gunzip as it goes, and a small tar reader (ustar, GNU long names, pax paths); pure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "base/util.h"
#include "parse/sdist.h"

enum {
	BLOCK = 512,
	MAXINFO = 1 << 20,		/* a PKG-INFO larger than this is refused */
	MAXNAME = 4096,			/* a long name larger than this is skipped */
};
static const uint64_t MAXTOTAL = (uint64_t)1 << 30;	/* bytes inflated before giving up */

/* the archive, inflated as it is read */
struct gz {
	z_stream z;
	bool end;
	uint64_t total;
};

/* the next LEN bytes of G into DST (skipped when DST is NULL); 0, or -1 at its end or on an error */
static int
gzget(struct gz *g, unsigned char *dst, size_t len)
{
	unsigned char scratch[4096];

	while (len > 0) {
		size_t want = dst ? len : (len < sizeof(scratch) ? len : sizeof(scratch));
		if (g->end || (g->total += want) > MAXTOTAL)
			return -1;
		g->z.next_out = dst ? dst : scratch;
		g->z.avail_out = (uInt)want;
		while (g->z.avail_out > 0) {
			int r = inflate(&g->z, Z_NO_FLUSH);
			if (r == Z_STREAM_END) {
				g->end = true;
				break;
			}
			if (r != Z_OK)
				return -1;	/* Z_BUF_ERROR here: the input ended */
		}
		if (g->z.avail_out > 0)
			return -1;
		if (dst)
			dst += want;
		len -= want;
	}
	return 0;
}

/* the octal (or base-256) number of the N bytes at P, or -1 */
static int64_t
tarnum(const unsigned char *p, size_t n)
{
	int64_t v = 0;
	size_t i = 0;

	if (p[0] & 0x80) {	/* GNU base-256: refused past 2^40 */
		if (p[0] != 0x80)
			return -1;
		for (i = 1; i < n; i++) {
			if (v >> 40)
				return -1;
			v = v * 256 + p[i];
		}
		return v;
	}
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 40)
			return -1;
		v = v * 8 + (p[i] - '0');
	}
	return i < n && p[i] != ' ' && p[i] != '\0' ? -1 : v;
}

/* does the header H carry its own checksum (the sum of its bytes, the field as spaces)? */
static bool
tarsum(const unsigned char *h)
{
	int64_t want = tarnum(h + 148, 8), sum = 0;

	for (size_t i = 0; i < BLOCK; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	return want == sum;
}

/* the path a pax header block TEXT (N bytes) gives ("LEN path=VALUE\n" records), or NULL */
static char *
paxpath(const char *text, size_t n)
{
	size_t at = 0;

	while (at < n) {
		size_t len = 0, i = at;
		while (i < n && text[i] >= '0' && text[i] <= '9' && len < n)
			len = len * 10 + (size_t)(text[i++] - '0');
		if (i >= n || text[i] != ' ' || len == 0 || len > n - at)
			return NULL;
		const char *rec = text + i + 1, *end = text + at + len - 1;	/* END: its '\n' */
		if (end > rec + 5 && *end == '\n' && strncmp(rec, "path=", 5) == 0)
			return xstrndup(rec + 5, (size_t)(end - rec - 5));
		at += len;
	}
	return NULL;
}

/* is NAME "TOP/PKG-INFO", one directory deep ("./" before it allowed)? */
static bool
ispkginfo(const char *name)
{
	const char *slash;

	while (strncmp(name, "./", 2) == 0)
		name += 2;
	slash = strchr(name, '/');
	return slash && slash > name && strcmp(slash + 1, "PKG-INFO") == 0;
}

/* the name of header H: a long name had before it, else its prefix and name fields */
static char *
tarname(const unsigned char *h, char *longname)
{
	if (longname)
		return longname;
	char name[101], prefix[156];
	memcpy(name, h, 100);
	name[100] = '\0';
	memcpy(prefix, h + 345, 155);
	prefix[155] = '\0';
	if (memcmp(h + 257, "ustar", 5) == 0 && prefix[0])
		return xasprintf("%s/%s", prefix, name);
	return xstrdup(name);
}

/* the tar entries of G until PKG-INFO, into OUT; 0 or -1 with *WHY */
static int
tarscan(struct gz *g, struct buf *out, const char **why)
{
	unsigned char h[BLOCK];
	char *longname = NULL;

	for (;;) {
		if (gzget(g, h, BLOCK) < 0) {
			*why = "a broken archive (or no PKG-INFO in it)";
			break;
		}
		if (h[0] == '\0') {
			*why = "no PKG-INFO in the archive";
			break;
		}
		int64_t size = tarnum(h + 124, 12);
		if (!tarsum(h) || size < 0) {
			*why = "a broken tar header";
			break;
		}
		size_t pad = (size_t)((BLOCK - size % BLOCK) % BLOCK);
		char type = (char)h[156], *name = tarname(h, longname);
		longname = NULL;
		if ((type == 'L' || type == 'x') && size <= MAXNAME) {
			char *text = xmalloc((size_t)size + 1);
			int r = gzget(g, (unsigned char *)text, (size_t)size);
			text[size] = '\0';
			longname = r < 0 ? NULL : type == 'L' ? xstrndup(text, strlen(text)) : paxpath(text, (size_t)size);
			free(text);
			free(name);
			if (r < 0 || gzget(g, NULL, pad) < 0) {
				*why = "a broken archive";
				break;
			}
			continue;
		}
		if ((type == '0' || type == '\0') && ispkginfo(name)) {
			free(name);
			if (size > MAXINFO) {
				*why = "a PKG-INFO too large";
				return -1;
			}
			unsigned char *text = xmalloc((size_t)size + 1);
			if (gzget(g, text, (size_t)size) < 0) {
				free(text);
				*why = "a broken archive";
				return -1;
			}
			bufadd(out, (const char *)text, (size_t)size);
			free(text);
			return 0;
		}
		free(name);
		if (gzget(g, NULL, (size_t)size + pad) < 0) {
			*why = "a broken archive (or no PKG-INFO in it)";
			break;
		}
	}
	free(longname);
	return -1;
}

int
sdistpkginfo(const void *gz, size_t n, struct buf *out, const char **why)
{
	struct gz g;
	int r;

	memset(&g, 0, sizeof(g));
	g.z.next_in = (Bytef *)(uintptr_t)gz;
	g.z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	if (n < 2 || ((const unsigned char *)gz)[0] != 0x1f || ((const unsigned char *)gz)[1] != 0x8b) {
		*why = "not a gzip file";
		return -1;
	}
	if (inflateInit2(&g.z, 16 + MAX_WBITS) != Z_OK) {
		*why = "zlib could not start";
		return -1;
	}
	r = tarscan(&g, out, why);
	inflateEnd(&g.z);
	return r;
}
