/* pagecache.c: index pages kept with their validators, and had fresh, revalidated (304) or anew through venvmk-fetch. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/util.h"
#include "base/hash.h"
#include "base/url.h"
#include "inputs/netconf.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "cache/cache.h"
#include "cache/fetchclient.h"
#include "cache/pagecache.h"

/*
 * A page's file, pages/SHA256-OF-URL: a header of "KEY VALUE" lines, a blank line, the body.
 *   venvmk-page 1
 *   url URL                 (no credentials: the check that the file is this URL's)
 *   etag, last-modified, cache-control, content-type  as the index sent them, each optional
 *   size N                  the body's bytes: a file cut short is a miss
 * Its mtime is when the index last vouched for it (a 200, or a 304 that touched it).
 */
#define MAGIC "venvmk-page 1\n"

struct pagerec {
	char *etag, *lastmod, *cachectl, *ctype;
	const char *body;	/* in DATA */
	size_t len;
	time_t checked;
	struct buf data;
};

/* the URLs this process had from the index (200 or 304): fresh for the rest of the run */
static struct strlist validated;
static unsigned long pagenames;

static void
recclear(struct pagerec *r)
{
	free(r->etag);
	free(r->lastmod);
	free(r->cachectl);
	free(r->ctype);
	free(r->data.s);
	memset(r, 0, sizeof(*r));
}

/* CACHE/pages/SHA256(URL) (newly allocated) */
static char *
recpath(const char *cache, const char *url)
{
	char hex[65];

	hashbytes(url, strlen(url), hex);
	return xasprintf("%s/" CACHE_PAGES "/%s", cache, hex);
}

/* read URL's file at PATH into R; 0, or -1 when there is none or it is not whole (a miss, never an error) */
static int
recread(const char *path, const char *url, struct pagerec *r)
{
	struct stat st;
	char *p, *end, *nl;
	long long size = -1;
	bool urlok = false;

	memset(r, 0, sizeof(*r));
	if (stat(path, &st) < 0 || readfile(path, &r->data) < 0 || r->data.len < sizeof(MAGIC) - 1
	    || memcmp(r->data.s, MAGIC, sizeof(MAGIC) - 1) != 0)
		goto miss;
	r->checked = st.st_mtime;
	end = r->data.s + r->data.len;
	for (p = r->data.s + sizeof(MAGIC) - 1; p < end && *p != '\n'; p = nl + 1) {
		char *sp, **field = NULL;
		if (!(nl = memchr(p, '\n', end - p)) || !(sp = memchr(p, ' ', nl - p)))
			goto miss;
		size_t kl = sp - p;
		if (kl == 3 && memcmp(p, "url", 3) == 0)
			urlok = (size_t)(nl - sp - 1) == strlen(url) && memcmp(sp + 1, url, nl - sp - 1) == 0;
		else if (kl == 4 && memcmp(p, "size", 4) == 0)
			size = strtoll(sp + 1, NULL, 10);
		field = kl == 4 && memcmp(p, "etag", 4) == 0 ? &r->etag
		    : kl == 13 && memcmp(p, "last-modified", 13) == 0 ? &r->lastmod
		    : kl == 13 && memcmp(p, "cache-control", 13) == 0 ? &r->cachectl
		    : kl == 12 && memcmp(p, "content-type", 12) == 0 ? &r->ctype : NULL;
		if (field && !*field)
			*field = xstrndup(sp + 1, nl - sp - 1);
	}
	if (p >= end || !urlok || size < 0 || (long long)(end - p - 1) != size)
		goto miss;
	r->body = p + 1;
	r->len = size;
	return 0;
miss:
	recclear(r);
	return -1;
}

/* keep BODY (LEN bytes) of URL at PATH with R's validators; renamed into place whole (no fsync: a file cut short by a crash is a miss) */
static void
recwrite(const char *path, const char *url, const struct pagerec *r, const char *body, size_t len)
{
	struct buf b = {0};
	const char *keys[] = { "etag", "last-modified", "cache-control", "content-type" };
	const char *vals[] = { r->etag, r->lastmod, r->cachectl, r->ctype };

	bufputs(&b, MAGIC);
	bufprintf(&b, "url %s\n", url);
	for (size_t i = 0; i < 4; i++)
		if (vals[i] && *vals[i] && !strchr(vals[i], '\n'))
			bufprintf(&b, "%s %s\n", keys[i], vals[i]);
	bufprintf(&b, "size %zu\n\n", len);
	bufadd(&b, body, len);
	if (writefile(path, b.s, b.len, 0) < 0)
		unlink(path);	/* an old body must not stand for the new one */
	free(b.s);
}

/* Cache-Control's max-age in seconds (-1: none), and whether it says no-cache or no-store */
static long
maxage(const char *cc, bool *nocache, bool *nostore)
{
	long age = -1;

	*nocache = *nostore = false;
	for (const char *p = cc ? cc : ""; *p; p += strcspn(p, ",")) {
		p += strspn(p, ", \t");
		size_t n = strcspn(p, ", \t=");
		if (n == 8 && strncasecmp(p, "no-cache", 8) == 0)
			*nocache = true;
		else if (n == 8 && strncasecmp(p, "no-store", 8) == 0)
			*nostore = true;
		else if (n == 7 && strncasecmp(p, "max-age", 7) == 0 && p[7] == '=')
			age = strtol(p + 8 + (p[8] == '"'), NULL, 10);
	}
	return age;
}

/* may R stand for its URL with no request? */
static bool
recfresh(const struct pagerec *r, const char *url, bool upgrade)
{
	bool nocache, nostore;
	long age = maxage(r->cachectl, &nocache, &nostore);
	time_t now = time(NULL);

	if (strlistfind(&validated, url) >= 0)
		return true;
	return !upgrade && !nocache && !nostore && age > 0 && now >= r->checked && now - r->checked < age;
}

static void
give(struct pagereq *q, const char *body, size_t len, int status)
{
	q->body = xmalloc(len + 1);
	memcpy(q->body, body, len);
	q->body[len] = '\0';
	q->len = len;
	q->status = status;
}

/* one line of venvmk-fetch's answers, "K STATUS ETAG LAST-MODIFIED CACHE-CONTROL CONTENT-TYPE" (tabs), split into F; false when it is not one */
static bool
answer(char *line, char *f[6])
{
	size_t n = 0;

	for (char *p = line; p && n < 6; n++) {
		f[n] = p;
		if ((p = strchr(p, '\t')))
			*p++ = '\0';
	}
	return n == 6;
}

/* one page on its way: its kept record, where it is kept, where venvmk-fetch puts it */
struct pagework {
	struct pagerec rec;
	char *bare;		/* the URL as kept: never with credentials */
	char *path, *dest;	/* DEST NULL: not asked for */
	char *secret;		/* the credentials NC has for it, or NULL: a page that holds them is not kept */
};

/* keep BODY as W's page with R's validators, unless it holds W's credentials (an index that puts them in its links) */
static void
keep(const struct pagework *w, const struct pagerec *r, const char *body, size_t len)
{
	const char *colon = w->secret ? strchr(w->secret, ':') : NULL;
	/* the password, or the user when there is none (a token given as the user) */
	const char *key = colon && colon[1] ? colon + 1 : w->secret;
	size_t kl = colon && colon[1] ? strlen(key) : colon ? (size_t)(colon - key) : key ? strlen(key) : 0;

	if (kl && memmem(body, len, key, kl))
		unlink(w->path);
	else
		recwrite(w->path, w->bare, r, body, len);
}

/* the answer F for Q, whose work is W (W->rec.data.s NULL: nothing was kept) */
static void
take(struct pagereq *q, struct pagework *w, char *f[6])
{
	long code = strtol(f[1], NULL, 10);
	struct pagerec *r = &w->rec;
	struct buf b = {0};
	bool nocache, nostore;

	if (code == 200 && readfile(w->dest, &b) == 0) {
		struct pagerec nr = { f[2], f[3], f[4], f[5], NULL, 0, 0, {0} };
		give(q, b.s ? b.s : "", b.len, 200);
		maxage(f[4], &nocache, &nostore);
		if (nostore)
			unlink(w->path);
		else
			keep(w, &nr, q->body, q->len);
		strlistadd(&validated, w->bare);
	} else if (code == 304 && r->data.s) {
		give(q, r->body, r->len, 304);
		/* the index vouched for it again: its validators as the 304 gave them, else as kept */
		if (*f[4] && (!r->cachectl || strcmp(f[4], r->cachectl) != 0)) {
			struct pagerec nr = { *f[2] ? f[2] : r->etag, *f[3] ? f[3] : r->lastmod, f[4], r->ctype, NULL, 0, 0, {0} };
			keep(w, &nr, r->body, r->len);
		} else if (utimensat(AT_FDCWD, w->path, NULL, 0) < 0 && errno != ENOENT) {
			unlink(w->path);
		}
		strlistadd(&validated, w->bare);
	} else if (code == 404) {
		/* kept empty, with no validator: the rest of this run has it, a later one asks again */
		struct pagerec nr = {0};
		give(q, "", 0, 404);
		recwrite(w->path, w->bare, &nr, "", 0);
		strlistadd(&validated, w->bare);
	}
	free(b.s);
	unlink(w->dest);
}

/* Q from the cache when fresh (0), else its request line onto IN (1) */
static int
ask(struct sync *s, const struct netconf *nc, struct pagereq *q, size_t k, struct pagework *w, struct buf *in)
{
	w->bare = urlstripauth(q->url);
	w->path = recpath(s->cache, w->bare);
	if (recread(w->path, w->bare, &w->rec) == 0 && recfresh(&w->rec, w->bare, s->upgrade)) {
		give(q, w->rec.body, w->rec.len, 0);
		return 0;
	}
	if (!s->tmp && !(s->tmp = cachetmpdir(s->cache)))
		return 0;
	char *url = fetchauthurl(nc, w->bare);
	w->secret = netconfauth(nc, w->bare);
	w->dest = xasprintf("%s/pagecache-%lu", s->tmp, pagenames++);
	/* a validator with a tab or a line end in it is not sent: the request goes unconditional */
	const char *etag = w->rec.etag && !strpbrk(w->rec.etag, "\t\n") ? w->rec.etag : "";
	const char *lm = w->rec.lastmod && !strpbrk(w->rec.lastmod, "\t\n") ? w->rec.lastmod : "";
	bufprintf(in, "page\t%s\t%s\t%s\t%zu\t%s\t%s\n", url, w->dest, PAGEACCEPT, k, etag, lm);
	memset(url, 0, strlen(url));
	free(url);
	return 1;
}

/* free what W holds, its credentials wiped */
static void
workclear(struct pagework *w)
{
	recclear(&w->rec);
	if (w->secret)
		memset(w->secret, 0, strlen(w->secret));
	free(w->secret);
	free(w->bare);
	free(w->path);
	free(w->dest);
}

/* the pages pagesprefetch handed venvmk-fetch, until pagesjoin takes their answers */
static struct {
	struct pagework *work;
	struct pagereq *reqs;
	size_t n;
} early;

/* the answers OUT of venvmk-fetch for the N REQS whose work is WORK, kept and given */
static void
takeall(struct pagereq *reqs, struct pagework *work, size_t n, struct buf *out)
{
	for (char *line = out->s, *nl; line && *line; line = nl ? nl + 1 : line + strlen(line)) {
		char *f[6], *end;
		unsigned long k;
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		if (answer(line, f) && (k = strtoul(f[0], &end, 10)) < n && end != f[0] && !*end && work[k].dest)
			take(&reqs[k], &work[k], f);
	}
}

void
pagesprefetch(struct sync *s, const struct netconf *nc, const char *const *urls, size_t n)
{
	struct buf in = {0};
	size_t asked = 0;

	if (early.n || n == 0)
		return;
	early.work = xmalloc(n * sizeof(*early.work));
	early.reqs = xmalloc(n * sizeof(*early.reqs));
	memset(early.work, 0, n * sizeof(*early.work));
	early.n = n;
	fetchoptions(&in, nc);
	for (size_t k = 0; k < n; k++) {
		early.reqs[k] = (struct pagereq){ urls[k], NULL, 0, -1 };
		asked += ask(s, nc, &early.reqs[k], k, &early.work[k], &in);
		early.reqs[k].url = NULL;	/* the caller's: the answers need only the work */
	}
	char *dir = pathjoin(s->cache, CACHE_PAGES);
	if (!asked || mkdirs(dir, 0777) < 0 || fetchhelpersend(&in, s->verbose) < 0)
		pagesjoin(s);	/* nothing on its way: forget it */
	free(dir);
	if (in.s) {
		memset(in.s, 0, in.len);
		free(in.s);
	}
}

void
pagesjoin(struct sync *s)
{
	struct buf out = {0};

	(void)s;
	if (!early.n)
		return;
	if (fetchhelperjoin(&out) >= 0)
		takeall(early.reqs, early.work, early.n, &out);
	for (size_t k = 0; k < early.n; k++)
		workclear(&early.work[k]);
	pagesclear(early.reqs, early.n);
	free(early.work);
	free(early.reqs);
	free(out.s);
	memset(&early, 0, sizeof(early));
}

size_t
pagesfetch(struct sync *s, const struct netconf *nc, struct pagereq *reqs, size_t n, int quiet)
{
	struct pagework *work = xmalloc((n + 1) * sizeof(*work));
	struct buf in = {0}, out = {0};
	size_t asked = 0, told[3] = {0};	/* fresh, not modified, fetched */

	pagesjoin(s);	/* what was asked for ahead is in the cache now, fresh for this run */
	memset(work, 0, (n + 1) * sizeof(*work));
	fetchoptions(&in, nc);
	for (size_t k = 0; k < n; k++) {
		reqs[k] = (struct pagereq){ reqs[k].url, NULL, 0, -1 };
		asked += ask(s, nc, &reqs[k], k, &work[k], &in);
	}
	if (asked) {
		char *dir = pathjoin(s->cache, CACHE_PAGES);
		mkdirs(dir, 0777);	/* else the pages are had, not kept */
		free(dir);
		fetchhelperrun(&in, envlabel(s->e), quiet, s->verbose, &out);
	} else if (in.s) {
		memset(in.s, 0, in.len);	/* the option lines may name a proxy's password */
		free(in.s);
	}
	takeall(reqs, work, n, &out);
	for (size_t k = 0; k < n; k++) {
		told[0] += reqs[k].status == 0;
		told[1] += reqs[k].status == 304;
		told[2] += reqs[k].status == 200 || reqs[k].status == 404;
		workclear(&work[k]);
	}
	if (s->verbose && n)
		note("%s: index pages: %zu fresh in the cache, %zu not modified (304), %zu fetched, %zu failed",
		    envlabel(s->e), told[0], told[1], told[2], n - told[0] - told[1] - told[2]);
	free(work);
	free(out.s);
	return asked;
}

void
pagesclear(struct pagereq *reqs, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(reqs[k].body);
		reqs[k].body = NULL;
	}
}

void
pageindexes(const struct netconf *nc, struct strlist *idx)
{
	if (nc->noindex)
		return;
	strlistpush(idx, urlstripauth(nc->index ? nc->index : "https://pypi.org/simple/"));
	for (size_t k = 0; k < nc->extra.n; k++)
		strlistpush(idx, urlstripauth(nc->extra.v[k]));
}

char *
pageurl(const char *index, const char *canon)
{
	size_t len = strlen(index);

	return xasprintf("%s%s%s/", index, len && index[len - 1] == '/' ? "" : "/", canon);
}
