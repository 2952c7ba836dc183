/* report.c: pip's installation report (pip install --dry-run --report), read with jansson. */
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/report.h"

static char *
getstr(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* "file:///a%20b/x.whl" -> "/a b/x.whl", or NULL for any other URL */
/* the strings of the JSON array A appended to L */
static void
getstrs(json_t *a, struct strlist *l)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_is_string(v))
			strlistadd(l, json_string_value(v));
}

static char *
filepath(const char *url)
{
	struct buf b = {0};

	if (strncmp(url, "file://", 7) != 0)
		return NULL;
	url += 7;
	if (*url != '/')
		return NULL;	/* file://host/... */
	for (const char *p = url; *p; p++) {
		unsigned v;
		/* two hex digits, both there: "%b" at the end is not an escape */
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])
		    && sscanf(p + 1, "%2x", &v) == 1 && v != 0) {
			bufputc(&b, v);
			p += 2;
		} else if (*p == '?' || *p == '#') {
			break;
		} else {
			bufputc(&b, *p);
		}
	}
	return b.s ? b.s : xstrdup("");
}

/* the last part of an http(s) URL's path, percent-decoded, or NULL for any other URL */
static char *
remotefile(const char *url)
{
	struct buf b = {0};
	const char *end, *slash;

	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return NULL;
	end = url + strcspn(url, "?#");
	slash = end;
	while (slash > url && slash[-1] != '/')
		slash--;
	for (const char *p = slash; p < end; p++) {
		unsigned v;
		if (*p == '%' && p + 2 < end && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])
		    && sscanf(p + 1, "%2x", &v) == 1 && v != 0 && v != '/') {
			bufputc(&b, v);
			p += 2;
		} else {
			bufputc(&b, *p);
		}
	}
	/* a name that could leave the download dir is no name */
	if (!b.s || strcmp(b.s, "..") == 0 || b.s[0] == '.' || strchr(b.s, '/')) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* 64 lowercase hex digits: a sha256 that may name a cache entry */
static bool
ishex64(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == 64 && !s[n];
}

int
reportparse(struct report *r, const char *text, const char *where)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err), *install, *item;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!root) {
		warn("%s:%d: pip's report: %s", where, err.line, err.text);
		return -1;
	}
	install = json_object_get(root, "install");
	if (!json_is_array(install)) {
		warn("%s: pip's report has no \"install\" list", where);
		json_decref(root);
		return -1;
	}
	r->v = xmalloc((json_array_size(install) + 1) * sizeof(*r->v));
	json_array_foreach(install, i, item) {
		struct reportitem *it = &r->v[r->n];
		json_t *meta = json_object_get(item, "metadata");
		json_t *dl = json_object_get(item, "download_info");
		json_t *archive = json_object_get(dl, "archive_info");
		json_t *hashes = json_object_get(archive, "hashes");
		json_t *sha = json_object_get(hashes, "sha256");

		memset(it, 0, sizeof(*it));
		it->name = getstr(meta, "name");
		it->version = getstr(meta, "version");
		it->url = getstr(dl, "url");
		if (!it->name || !it->version || !it->url) {
			warn("%s: pip's report: item %zu lacks a name, version or URL", where, i + 1);
			free(it->name);
			free(it->version);
			free(it->url);
			reportclear(r);
			json_decref(root);
			return -1;
		}
		r->n++;
		/* pips before 23.1 give only the legacy "hash": "sha256=HEX" */
		json_t *legacy = json_object_get(archive, "hash");
		const char *lv = json_is_string(legacy) ? json_string_value(legacy) : "";
		if (json_is_string(sha) && ishex64(json_string_value(sha)))
			it->hash = xasprintf("sha256=%s", json_string_value(sha));
		else if (strncmp(lv, "sha256=", 7) == 0 && ishex64(lv + 7))
			it->hash = xstrdup(lv);
		it->requested = json_is_true(json_object_get(item, "requested"));
		getstrs(json_object_get(meta, "requires_dist"), &it->requiresdist);
		getstrs(json_object_get(item, "requested_extras"), &it->extras);
		it->requirespython = getstr(meta, "requires_python");
		if (json_is_true(json_object_get(item, "is_direct")))
			it->directurl = json_dumps(dl, JSON_COMPACT | JSON_SORT_KEYS);
		/* a wheel file on this machine: not a dir, VCS checkout or remote archive */
		it->path = filepath(it->url);
		bool plain = archive && !json_object_get(dl, "vcs_info") && !json_object_get(dl, "dir_info");
		it->wheel = it->path && plain && endswith(it->path, ".whl");
		if (!it->path && plain && it->hash && (it->file = remotefile(it->url)) && endswith(it->file, ".whl"))
			it->wheel = it->remote = true;
	}
	r->pipversion = getstr(root, "pip_version");
	json_decref(root);
	return 0;
}

void
reportclear(struct report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].version);
		free(r->v[i].url);
		free(r->v[i].path);
		free(r->v[i].hash);
		free(r->v[i].directurl);
		free(r->v[i].file);
		free(r->v[i].requirespython);
		strlistclear(&r->v[i].requiresdist);
		free(r->v[i].requiresdist.v);
		strlistclear(&r->v[i].extras);
		free(r->v[i].extras.v);
	}
	free(r->v);
	free(r->pipversion);
	memset(r, 0, sizeof(*r));
}
