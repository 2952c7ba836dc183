/* provrange.c: a wheel's METADATA read by HTTP range requests of its zip (the tail with the
 * central directory, then the one member) when the index has no metadata file: a few KiB of a
 * big wheel, not all of it. Anything amiss leaves the candidate to the whole wheel's download. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "base/util.h"
#include "base/hash.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "inputs/netconf.h"
#include "cache/fetchclient.h"
#include "cache/wheelmeta.h"
#include "parse/zipdir.h"
#include "pep/marker.h"
#include "pep/tags.h"
#include "resolve/provider.h"
#include "resolve/provpriv.h"
#include "resolve/provrange.h"

#define RANGEMIN (1024 * 1024)	/* below: one request for the whole wheel beats two for part of it */
#define RANGETAIL 65536		/* the first read: the end of central directory and, mostly, all of it */
#define RANGEMARGIN 1024	/* room for a local header's name and extra field */
#define RANGEMAX (64 * 1024 * 1024)

/* one candidate's reads, round by round */
struct rangework {
	struct pcand *c;
	unsigned char *tail;	/* the file's last TAILLEN bytes, once had */
	size_t taillen;
	struct zipentry e;
	long long from, to;	/* the bytes the next round asks for (TO included) */
	int stage;		/* the next round reads 0: the tail, 1: the central directory, 2: the member */
	char *dest;		/* the file the round's answer is in */
	long status, total;	/* its status and the file's size the server told */
	long long got;		/* bytes fetched so far */
	bool asked, failed;
};

bool
provrangefits(const struct pcand *c)
{
	return c->wheel && c->url && !c->meta && c->sha256[0] && c->size >= RANGEMIN && !c->fetchwheel;
}

/* ask for the next bytes of every candidate still reading, in one run of venvmk-fetch */
static void
rangeround(struct provider *p, struct rangework *w, size_t n)
{
	struct buf in = {0}, out = {0};
	size_t asked = 0;

	fetchoptions(&in, &p->nc);
	for (size_t k = 0; k < n; k++) {
		struct rangework *r = &w[k];
		if ((r->asked = !r->failed && !r->c->metatext)) {
			char *url = fetchauthurl(&p->nc, r->c->url);
			char *spec = r->stage == 0 ? xasprintf("-%d", RANGETAIL) : xasprintf("%lld-%lld", r->from, r->to);
			free(r->dest);
			r->dest = xasprintf("%s/%s.range.%zu", p->s->tmp, r->c->filename, p->requests + asked++);
			r->status = 0;
			r->total = -1;
			if (strpbrk(url, "\t\n") || strpbrk(r->dest, "\t\n"))
				r->asked = false, r->failed = true;
			else
				bufprintf(&in, "range\t%s\t%s\t%s\t%zu\n", url, r->dest, spec, k);
			memset(url, 0, strlen(url));
			free(url);
			free(spec);
		}
	}
	if (!asked) {
		if (in.s)
			memset(in.s, 0, in.len);	/* the option lines may name a proxy's password */
		free(in.s);
		return;
	}
	fetchhelperrun(&in, envlabel(p->s->e), p->s->verbose ? 0 : 2, p->s->verbose, &out);
	p->requests += asked;
	for (char *line = out.s, *nl; line && *line; line = nl ? nl + 1 : line + strlen(line)) {
		char *end;
		unsigned long k;
		long status;
		long long total;
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		k = strtoul(line, &end, 10);
		if (end == line || *end != '\t' || k >= n)
			continue;
		status = strtol(end + 1, &end, 10);
		if (*end != '\t')
			continue;
		total = strtoll(end + 1, &end, 10);
		if (!*end) {
			w[k].status = status;
			w[k].total = total;
		}
	}
	free(out.s);
}

/* the member's bytes P (LEN of them, from its local header on) inflated into C's metadata; 0 or -1 */
static int
rangeinflate(struct rangework *r, const unsigned char *p, size_t len)
{
	long long off;
	const char *why;
	char *text;
	z_stream z;
	int zr;

	if (ziplocaldata(p, len, &off, &why) < 0 || off > (long long)len || r->e.csize > (long long)len - off ||
	    r->e.usize > RANGEMAX)
		return -1;
	text = xmalloc(r->e.usize + 1);
	if (r->e.method == 0) {
		memcpy(text, p + off, r->e.usize);
	} else {
		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, -15) != Z_OK) {
			free(text);
			return -1;
		}
		z.next_in = (unsigned char *)p + off;
		z.avail_in = (uInt)r->e.csize;
		z.next_out = (unsigned char *)text;
		z.avail_out = (uInt)r->e.usize + 1;
		zr = inflate(&z, Z_FINISH);
		inflateEnd(&z);
		if (zr != Z_STREAM_END || z.total_out != (uLong)r->e.usize) {
			free(text);
			return -1;
		}
	}
	/* no hash names the member: its CRC-32 at least tells a wrong read */
	if (crc32(0L, (unsigned char *)text, (uInt)r->e.usize) != r->e.crc || memchr(text, '\0', r->e.usize)) {
		free(text);
		return -1;
	}
	text[r->e.usize] = '\0';
	r->c->metatext = text;
	return 0;
}

/* the central directory CD (LEN bytes) read: the member's bytes from the tail, or asked for next; 0 or -1 */
static int
rangemember(struct rangework *r, const unsigned char *cd, size_t len)
{
	long long base = r->c->size - (long long)r->taillen;
	const char *why;

	if (zipdirmetadata(cd, len, r->c->name, &r->e, &why) < 0 || r->e.lhoff >= r->c->size ||
	    r->e.csize > RANGEMAX || r->e.usize > RANGEMAX)
		return -1;
	/* the tail runs to the file's end: a member that starts in it is all in it */
	if (r->e.lhoff >= base)
		return rangeinflate(r, r->tail + (r->e.lhoff - base), r->taillen - (r->e.lhoff - base));
	r->stage = 2;
	r->from = r->e.lhoff;
	r->to = r->e.lhoff + 30 + RANGEMARGIN + r->e.csize - 1;
	if (r->to >= r->c->size)
		r->to = r->c->size - 1;
	return 0;
}

/* a server that ignores ranges sent the whole wheel: its metadata, once its hash is right; 0 or -1 */
static int
rangewhole(struct rangework *r)
{
	struct buf b = {0};
	char hex[65];
	int fd = open(r->dest, O_RDONLY | O_CLOEXEC), ok = fd >= 0 && hashfd(fd, hex) == 0;

	if (fd >= 0)
		close(fd);
	if (!ok || strcmp(hex, r->c->sha256) != 0 || wheelmetadata(r->dest, &b) < 0) {
		free(b.s);
		return -1;
	}
	r->c->metatext = b.s ? b.s : xstrdup("");
	return 0;
}

/* the answer of R's round taken: the next bytes to ask for, or its metadata; 0 or -1 */
static int
rangetake(struct rangework *r)
{
	struct buf b = {0};
	struct zipdir zd;
	const char *why;
	long long want = r->stage == 0 ? (r->c->size < RANGETAIL ? r->c->size : RANGETAIL) : r->to - r->from + 1;
	int ret = -1;

	if (r->status == 200)
		return rangewhole(r);
	if (r->status != 206 || r->total != r->c->size || readfile(r->dest, &b) < 0 || (long long)b.len != want) {
		free(b.s);
		return -1;
	}
	r->got += want;
	if (r->stage == 0) {
		r->tail = (unsigned char *)b.s;
		r->taillen = b.len;
		if (zipdirfind(r->tail, r->taillen, r->c->size, &zd, &why) < 0 || zd.cdsize > RANGEMAX)
			return -1;
		if (zd.cdoff >= r->c->size - (long long)r->taillen)
			return rangemember(r, r->tail + (zd.cdoff - (r->c->size - (long long)r->taillen)), zd.cdsize);
		r->stage = 1;
		r->from = zd.cdoff;
		r->to = zd.cdoff + zd.cdsize - 1;
		return zd.cdsize ? 0 : -1;
	}
	if (r->stage == 1)
		ret = rangemember(r, (unsigned char *)b.s, b.len);
	else
		ret = rangeinflate(r, (unsigned char *)b.s, b.len);
	free(b.s);
	return ret;
}

void
provrangemeta(struct provider *p, struct pcand **c, size_t n)
{
	struct rangework *w = xmalloc((n + 1) * sizeof(*w));

	memset(w, 0, (n + 1) * sizeof(*w));
	for (size_t k = 0; k < n; k++)
		w[k].c = c[k];
	/* the tail; the central directory when bigger than the tail; the member */
	for (int round = 0; round < 3; round++) {
		rangeround(p, w, n);
		for (size_t k = 0; k < n; k++) {
			struct rangework *r = &w[k];
			if (!r->asked)
				continue;
			if (rangetake(r) < 0)
				r->failed = true;
			unlink(r->dest);
			if (r->c->metatext && r->status == 206 && p->s->verbose)
				note("%s: METADATA of %s read by range requests (%lld KiB of %lld KiB)", envlabel(p->s->e),
				    r->c->filename, (r->got + 1023) / 1024, (r->c->size + 1023) / 1024);
		}
	}
	for (size_t k = 0; k < n; k++) {
		free(w[k].tail);
		free(w[k].dest);
	}
	free(w);
}
