/* simpleindex.c: a project page of a simple index (PEP 691 JSON, PEP 503 HTML) read into its files; pure. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "base/util.h"
#include "base/url.h"
#include "parse/datetime.h"
#include "parse/simpleindex.h"

char *
simplejoin(const char *base, const char *ref)
{
	const char *scheme = strstr(base, "://");
	size_t n = strspn(ref, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	if (n > 0 && ref[n] == ':')
		return xstrdup(ref);	/* absolute */
	if (!scheme)
		return pathjoin(base, ref);
	const char *host = scheme + 3, *path = host + strcspn(host, "/?#");
	if (ref[0] == '/' && ref[1] == '/')
		return xasprintf("%.*s%s", (int)(scheme + 1 - base), base, ref);
	if (ref[0] == '/')
		return xasprintf("%.*s%s", (int)(path - base), base, ref);
	if (ref[0] == '#')
		return xasprintf("%.*s%s", (int)strcspn(base, "#"), base, ref);
	/* relative: against the base's dir, then "." and ".." folded */
	size_t end = path - base + strcspn(path, "?#");
	while (end > (size_t)(path - base) && base[end - 1] != '/')
		end--;
	struct buf b = {0};
	bufadd(&b, path, base + end - path);
	if (b.len == 0)
		bufputc(&b, '/');
	bufputs(&b, ref);
	/* fold the path part (up to ? or #) */
	size_t plen = strcspn(b.s, "?#");
	struct strlist segs = {0};
	char *p = xstrndup(b.s, plen), *save = NULL;
	bool trailing = plen > 0 && (p[plen - 1] == '/' || (plen >= 2 && strcmp(p + plen - 2, "/.") == 0)
	    || (plen >= 3 && strcmp(p + plen - 3, "/..") == 0));
	for (char *s = strtok_r(p, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0) {
			if (segs.n)
				free(segs.v[--segs.n]);
			continue;
		}
		strlistadd(&segs, s);
	}
	struct buf out = {0};
	bufadd(&out, base, path - base);
	for (size_t i = 0; i < segs.n; i++)
		bufprintf(&out, "/%s", segs.v[i]);
	if (trailing || segs.n == 0)
		bufputc(&out, '/');
	bufputs(&out, b.s + plen);
	strlistclear(&segs);
	free(segs.v);
	free(p);
	free(b.s);
	return out.s;
}

/* what a page says of one file besides its name and URL; the strings are the caller's */
struct fileattrs {
	const char *sha, *rp, *yankreason, *metasha, *uploadtime;
	bool yanked, metadata;
	long long size;		/* -1: none */
};

/* copy the sha256 SHA (64 hex digits, else "") to OUT, lowercased */
static void
copysha(char out[65], const char *sha)
{
	out[0] = '\0';
	if (sha && strlen(sha) == 64 && strspn(sha, "0123456789abcdefABCDEF") == 64)
		for (int i = 0; i <= 64; i++)
			out[i] = tolower((unsigned char)sha[i]);
}

static void
addfile(struct simplefile **files, size_t *n, const char *filename, char *url, const struct fileattrs *a)
{
	*files = xrealloc(*files, (*n + 1) * sizeof(**files));
	struct simplefile *f = &(*files)[(*n)++];
	memset(f, 0, sizeof(*f));
	f->filename = xstrdup(filename);
	f->url = url;
	copysha(f->sha256, a->sha);
	f->requirespython = a->rp && *a->rp ? xstrdup(a->rp) : NULL;
	f->yanked = a->yanked;
	f->yankedreason = a->yanked && a->yankreason && *a->yankreason ? xstrdup(a->yankreason) : NULL;
	f->metadata = a->metadata;
	copysha(f->metasha256, a->metasha);
	f->size = a->size;
	const char *why;
	char norm[40];
	if (a->uploadtime && datetimeparse(a->uploadtime, false, &f->uploadus, &why) == 0) {
		datetimeformat(f->uploadus, norm);
		f->uploadtime = xstrdup(norm);
	}
}

/* PEP 714's core-metadata, else PEP 658's dist-info-metadata, of the JSON file F into A */
static void
jsonmetadata(json_t *f, struct fileattrs *a)
{
	json_t *m = json_object_get(f, "core-metadata");

	if (!m)
		m = json_object_get(f, "dist-info-metadata");
	a->metadata = m && !json_is_false(m) && !json_is_null(m);
	if (json_is_object(m))
		a->metasha = json_string_value(json_object_get(m, "sha256"));
}

static int
parsejson(const char *text, size_t len, const char *base, struct simplefile **files, size_t *n,
    const char **why)
{
	json_error_t err;
	json_t *doc = json_loadb(text, len, 0, &err), *fs, *f;
	size_t i;

	if (!doc || !(fs = json_object_get(doc, "files")) || !json_is_array(fs)) {
		*why = "not a PEP 691 project page";
		json_decref(doc);
		return -1;
	}
	json_array_foreach(fs, i, f) {
		const char *name = json_string_value(json_object_get(f, "filename"));
		const char *url = json_string_value(json_object_get(f, "url"));
		json_t *y = json_object_get(f, "yanked"), *size = json_object_get(f, "size");
		struct fileattrs a = {
			.size = json_is_integer(size) && json_integer_value(size) >= 0 ? json_integer_value(size) : -1,
			.sha = json_string_value(json_object_get(json_object_get(f, "hashes"), "sha256")),
			.rp = json_string_value(json_object_get(f, "requires-python")),
			.yanked = y && !json_is_false(y) && !json_is_null(y),
			.yankreason = json_string_value(y),
			.uploadtime = json_string_value(json_object_get(f, "upload-time")),
		};
		if (!name || !url)
			continue;
		jsonmetadata(f, &a);
		addfile(files, n, name, simplejoin(base, url), &a);
	}
	json_decref(doc);
	return 0;
}

/* the value of attribute NAME in the tag text T..E, HTML entities decoded, newly allocated, or NULL */
static char *
attr(const char *t, const char *e, const char *name)
{
	size_t k = strlen(name);

	for (const char *p = t; p + k <= e; p++) {
		if (strncasecmp(p, name, k) != 0 || !isspace((unsigned char)p[-1]))
			continue;
		const char *q = p + k;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if (q >= e || *q != '=') {
			if (q >= e || isspace((unsigned char)*q) || *q == '>' || *q == '/')
				return xstrdup("");	/* a bare attribute: data-yanked, also last in its tag */
			continue;
		}
		q++;
		while (q < e && isspace((unsigned char)*q))
			q++;
		const char *v = q, *ve;
		if (*q == '"' || *q == '\'') {
			v = q + 1;
			ve = memchr(v, *q, e - v);
			if (!ve)
				ve = e;
		} else {
			ve = v;
			while (ve < e && !isspace((unsigned char)*ve) && *ve != '>')
				ve++;
		}
		struct buf b = {0};
		bufputs(&b, "");
		for (const char *c = v; c < ve; c++) {
			static const char *const ent[][2] = { {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
				{"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"} };
			size_t j;
			for (j = 0; j < sizeof(ent) / sizeof(*ent); j++)
				if ((size_t)(ve - c) >= strlen(ent[j][0]) && strncmp(c, ent[j][0], strlen(ent[j][0])) == 0)
					break;
			if (j < sizeof(ent) / sizeof(*ent)) {
				bufputs(&b, ent[j][1]);
				c += strlen(ent[j][0]) - 1;
			} else {
				bufputc(&b, *c);
			}
		}
		return b.s;
	}
	return NULL;
}

static int
parsehtml(const char *text, size_t len, const char *base, struct simplefile **files, size_t *n)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *a = memchr(p, '<', end - p);
		if (!a || a + 2 >= end)
			break;
		p = a + 1;
		if (tolower((unsigned char)a[1]) != 'a' || !isspace((unsigned char)a[2]))
			continue;
		const char *close = memchr(a, '>', end - a);
		if (!close)
			break;
		char *href = attr(a + 2, close, "href");
		if (!href) {
			p = close;
			continue;
		}
		char *rp = attr(a + 2, close, "data-requires-python");
		char *yanked = attr(a + 2, close, "data-yanked");
		char *meta = attr(a + 2, close, "data-core-metadata");
		if (!meta || !*meta) {	/* PEP 714: the new name first, then PEP 658's */
			free(meta);
			meta = attr(a + 2, close, "data-dist-info-metadata");
		}
		struct fileattrs fa = {.size = -1, .rp = rp, .yanked = yanked != NULL, .yankreason = yanked,
			.metadata = meta && *meta,
			.metasha = meta && strncasecmp(meta, "sha256=", 7) == 0 ? meta + 7 : NULL};
		char *url = simplejoin(base, href);
		const char *frag = strchr(url, '#'), *sha = NULL;
		if (frag && strncmp(frag, "#sha256=", 8) == 0)
			sha = frag + 8;
		fa.sha = sha;
		/* the file name is the URL's last path part, percent-decoded */
		size_t pl = strcspn(url, "?#");
		const char *slash = url + pl;
		while (slash > url && slash[-1] != '/')
			slash--;
		size_t fl;
		char *fname = urlunquote(slash, url + pl - slash, &fl);
		if (*fname && !memchr(fname, '\0', fl))
			addfile(files, n, fname, xstrndup(url, frag ? (size_t)(frag - url) : strlen(url)), &fa);
		free(fname);
		free(url);
		free(href);
		free(rp);
		free(yanked);
		free(meta);
		p = close + 1;
	}
	return 0;
}

int
simpleparse(const char *text, size_t len, const char *baseurl, struct simplefile **files, size_t *n,
    const char **why)
{
	size_t i = 0;

	*files = NULL;
	*n = 0;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (i < len && text[i] == '{')
		return parsejson(text, len, baseurl, files, n, why);
	return parsehtml(text, len, baseurl, files, n);
}

bool
simpleexcluded(const struct simplefile *f, long long cutoffus)
{
	return !f->uploadtime || f->uploadus >= cutoffus;
}

void
delsimplefiles(struct simplefile *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].filename);
		free(files[i].url);
		free(files[i].requirespython);
		free(files[i].yankedreason);
		free(files[i].uploadtime);
	}
	free(files);
}
