/* remote.c: a cache the team shares over plain HTTP, in Bazel's layout, so that any server that
 * stores what it is PUT will do (nginx with dav_methods PUT, bazel-remote; an S3 bucket
 * through remotes3.c):
 *
 *   PREFIX/ac/<sha256 of "venvmk-report-v1\n" FINGERPRINT>   the record of a resolution: pip's
 *       report as the local cache keeps it, and the blobs it needs (JSON, below)
 *   PREFIX/cas/<sha256>                                   a blob: an original wheel file
 *
 * Wheels, not unpacked and compiled trees: a wheel serves every interpreter, is what the
 * report already names by its sha256, and is smaller than its tree; unpacking and compiling
 * it locally costs less than a second transfer would save (BENCHMARKS.md).  Every request
 * goes through venvmk-fetch; the remote is consulted only on a local miss and written only
 * after a successful sync, so that a no-op never starts it.  Anything wrong with the remote
 * is a miss. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "base/util.h"
#include "base/hash.h"
#include "base/url.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "parse/report.h"
#include "cache/cache.h"
#include "cache/bytecode.h"
#include "cache/fetchclient.h"
#include "cache/remote.h"
#include "cache/remotes3.h"

#define RECORDKEY "venvmk-report-v1\n"
#define RECORDVERSION 1

static bool writeoff;	/* a PUT was refused (401, 403): no more writing in this run */
static struct strlist keptnow;	/* the sha256 of each wheel remotekeep kept in this run: a lock's to push */

struct blob {
	char hex[65];
	long long size;
	char *file;	/* the wheel's file name */
};

/* URL of NAME ("ac/KEY", "cas/HEX") under the prefix of E's remote cache; newly allocated */
static char *
remoteurl(const struct env *e, const char *kind, const char *name)
{
	char *base = remotes3base(e->remote), *url = xasprintf("%s/%s/%s", base, kind, name);

	free(base);
	return url;
}

/* the key of the record of fingerprint FP */
static void
recordkey(const char *fp, char hex[65])
{
	char *k = xasprintf(RECORDKEY "%s", fp);

	hashbytes(k, strlen(k), hex);
	free(k);
}

/* the options every run of venvmk-fetch for E's remote starts with: short waits, one retry, the
 * token, or an S3 bucket's region and credentials */
static void
remoteoptions(const struct env *e, struct buf *in)
{
	const char *t = getenv("VENVMK_REMOTE_CACHE_TIMEOUT"), *token = getenv("VENVMK_REMOTE_CACHE_TOKEN");
	char *end = NULL;
	double secs = t && *t ? strtod(t, &end) : 0;

	/* a value venvmk-fetch would refuse is no reason to lose the remote: the default instead */
	if (!end || *end || !(secs > 0 && secs < 1e6))
		secs = 5;
	bufprintf(in, "option\ttimeout\t%g\noption\tretries\t1\n", secs);
	if (remotes3(e->remote))
		remotes3options(in);
	else if (token && *token && !strpbrk(token, "\t\n"))
		bufprintf(in, "option\tbearer\t%s\n", token);
}

/* run venvmk-fetch with the requests IN for S's env: told only with -v; its status (see fetchhelperrun) */
static int
remoterun(const struct sync *s, struct buf *in, struct buf *out)
{
	return fetchhelperrun(in, envlabel(s->e), s->verbose ? 0 : 2, s->verbose, out);
}

/* the status venvmk-fetch printed for NAME in OUT, or 0 */
static long
statusof(const struct buf *out, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = out->s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == '\t')
			return atol(p + n + 1);
	return 0;
}

/* BYTES as "1.5 MiB" into OUT */
static void
human(char out[32], long long bytes)
{
	if (bytes < 1024 * 1024)
		snprintf(out, 32, "%.1f KiB", bytes / 1024.0);
	else
		snprintf(out, 32, "%.1f MiB", bytes / 1048576.0);
}

static void
blobsclear(struct blob *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].file);
	free(b);
}

/* the record TEXT's report (as text, newly allocated) and its blobs for fingerprint FP; 0, or -1 when it is not one */
static int
recordparse(const char *text, const char *fp, char **report, struct blob **blobs, size_t *n)
{
	json_t *root = json_loads(text, 0, NULL), *r, *list, *b;
	size_t i;
	int ret = -1;

	*report = NULL;
	*blobs = NULL;
	*n = 0;
	r = json_object_get(root, "report");
	list = json_object_get(root, "blobs");
	if (!json_is_object(r) || !json_is_array(list) ||
	    json_integer_value(json_object_get(root, "version")) != RECORDVERSION ||
	    !json_is_string(json_object_get(root, "fingerprint")) ||
	    strcmp(json_string_value(json_object_get(root, "fingerprint")), fp) != 0)
		goto out;
	*blobs = xmalloc((json_array_size(list) + 1) * sizeof(**blobs));
	json_array_foreach(list, i, b) {
		const char *h = json_string_value(json_object_get(b, "sha256"));
		const char *f = json_string_value(json_object_get(b, "file"));
		json_int_t size = json_integer_value(json_object_get(b, "size"));
		if (!h || strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64 || !f || !*f ||
		    strpbrk(f, "/\t\n") || f[0] == '.' || size <= 0)
			goto out;
		memcpy((*blobs)[*n].hex, h, 65);
		(*blobs)[*n].size = size;
		(*blobs)[(*n)++].file = xstrdup(f);
	}
	*report = json_dumps(r, JSON_INDENT(1) | JSON_SORT_KEYS);
	ret = *report ? 0 : -1;
out:
	json_decref(root);
	return ret;
}

/* fetch the record of S's fingerprint into DIR/record and read it; 0, or -1: a miss */
static int
pullrecord(struct sync *s, const char *dir, char **report, struct blob **blobs, size_t *n)
{
	struct buf in = {0}, text = {0};
	char key[65], *url, *path = pathjoin(dir, "record");
	int ret = -1;

	recordkey(s->x->fp, key);
	url = remoteurl(s->e, "ac", key);
	remoteoptions(s->e, &in);
	bufprintf(&in, "page\t%s\t%s\t\n", url, path);
	if (remoterun(s, &in, NULL) == 0 && readfile(path, &text) == 0 && text.s) {
		struct report r = {0};
		ret = recordparse(text.s, s->x->fp, report, blobs, n);
		if (ret == 0 && reportparse(&r, *report, "the remote cache's record") < 0)
			ret = -1;
		reportclear(&r);
		if (ret < 0 && s->verbose)
			note("%s: the remote cache's record of this fingerprint is no record venvmk reads", envlabel(s->e));
	}
	free(text.s);
	free(url);
	free(path);
	return ret;
}

int
remotepull(struct sync *s)
{
	const struct env *e = s->e;
	const char *label = envlabel(e);
	struct blob *blobs = NULL;
	size_t n = 0, nget = 0, ngot = 0;
	char *report = NULL, *dir;
	long long bytes = 0;
	int ret = 0;

	if (!e->remote || !(dir = cachetmpdir(s->cache)))
		return 0;
	if (pullrecord(s, dir, &report, &blobs, &n) < 0) {
		if (s->verbose)
			note("%s: the remote cache has no record of this fingerprint", label);
		goto out;
	}
	struct buf in = {0};
	char **wheels = xmalloc((n + 1) * sizeof(*wheels)), **hashes = xmalloc((n + 1) * sizeof(*hashes));
	remoteoptions(s->e, &in);
	for (size_t i = 0; i < n; i++) {
		if (wheelcached(s->cache, blobs[i].hex))
			continue;
		char *url = remoteurl(e, "cas", blobs[i].hex);
		wheels[nget] = xasprintf("%s/%.16s/%s", dir, blobs[i].hex, blobs[i].file);
		hashes[nget++] = xasprintf("sha256=%s", blobs[i].hex);
		bufprintf(&in, "get\t%s\t%s\t%lld\t%s\t%s\n", url, blobs[i].hex, blobs[i].size, wheels[nget - 1], blobs[i].file);
		free(url);
	}
	if (nget > 0)
		remoterun(s, &in, NULL);
	free(in.s);
	/* what came whole and verified goes into the cache, even when others did not come */
	size_t k = 0;
	for (size_t i = 0; i < nget; i++) {
		struct stat st;
		if (stat(wheels[i], &st) == 0) {
			bytes += st.st_size;
			wheels[k] = wheels[i];
			hashes[k++] = hashes[i];
		} else {
			free(wheels[i]);
			free(hashes[i]);
		}
	}
	ngot = k;
	if (ngot > 0 && bytecodeprepare(s->cache, &s->x->in, wheels, hashes, ngot) == 0)
		remotekeep(s, wheels, hashes, ngot);
	for (size_t i = 0; i < ngot; i++) {
		free(wheels[i]);
		free(hashes[i]);
	}
	free(wheels);
	free(hashes);
	if (ngot < nget) {
		if (!s->quiet)
			note("%s: the remote cache lacks %zu of the %zu wheels its record names: resolving as without it",
			    label, nget - ngot, n);
		goto out;
	}
	char *path = xasprintf("%s/reports/%s.json", s->cache, s->x->fp), *rdir = pathdir(path);
	if (mkdirs(rdir, 0777) == 0 && writefileatomic(path, report, strlen(report)) == 0) {
		char size[32];
		ret = 1;
		human(size, bytes);
		if (!s->quiet)
			note("%s: from the remote cache: the resolution and %zu of its %zu wheels (%s)", label,
			    ngot, n, size);
	} else {
		warn("%s: write %s:", label, path);
	}
	free(path);
	free(rdir);
out:
	removetree(dir);
	free(dir);
	free(report);
	blobsclear(blobs, n);
	return ret;
}

void
remotekeep(const struct sync *s, char *const wheels[], char *const hashes[], size_t n)
{
	char *dir;

	if (!s->e->remote || !s->e->remotewrite || n == 0)
		return;
	dir = pathjoin(s->cache, "blobs");
	if (mkdirs(dir, 0777) < 0) {
		free(dir);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *h = hashes ? hashes[i] : NULL;
		if (!h || !wheels[i] || (strncmp(h, "sha256=", 7) != 0 && strncmp(h, "sha256:", 7) != 0))
			continue;
		char *p = xasprintf("%s/%s", dir, h + 7);
		/* the file was verified against H when it was unpacked; one on another filesystem is
		 * not kept, nor one gone (a seen resolution's download dir) */
		if (link(wheels[i], p) == 0 || errno == EEXIST) {
			if (strlistfind(&keptnow, h + 7) < 0)
				strlistadd(&keptnow, h + 7);
		} else if (errno != ENOENT && s->verbose) {
			note("%s: %s not kept for the remote cache: %s", envlabel(s->e), wheels[i], strerror(errno));
		}
		free(p);
	}
	free(dir);
}

int
remotefetch(struct sync *s, struct dlitem *items, size_t n)
{
	struct buf in = {0};
	char **dest = xmalloc((n + 1) * sizeof(*dest));
	size_t want = 0, got = 0;

	for (size_t i = 0; i < n; i++) {
		const struct dlitem *it = &items[i];
		dest[i] = NULL;
		if (!s->e->remote || !s->tmp || it->path || !it->hash || strncmp(it->hash, "sha256=", 7) != 0 ||
		    strlen(it->hash + 7) != 64 || strpbrk(it->name, "/\t\n"))
			continue;
		char *sub = xasprintf("%s/%.16s", s->tmp, it->hash + 7), *url = remoteurl(s->e, "cas", it->hash + 7);
		char size[32] = "-";
		if (it->size >= 0)
			snprintf(size, sizeof(size), "%lld", it->size);
		if (want++ == 0)
			remoteoptions(s->e, &in);
		dest[i] = pathjoin(sub, it->name);
		mkdirs(sub, 0755);
		bufprintf(&in, "get\t%s\t%s\t%s\t%s\t%s\n", url, it->hash + 7, size, dest[i], it->name);
		free(sub);
		free(url);
	}
	if (want > 0)
		remoterun(s, &in, NULL);
	for (size_t i = 0; i < n; i++)
		if (dest[i] && access(dest[i], F_OK) == 0) {
			items[i].path = dest[i];
			got++;
		} else {
			free(dest[i]);
		}
	free(dest);
	if (got > 0 && !s->quiet)
		note("%s: from the remote cache: %zu of %zu wheels", envlabel(s->e), got, n);
	return got;
}

/* the wheels remotekeep kept in this run, as blobs to push (a lock's env: no report); 0 or -1 */
static int
keptblobs(const struct sync *s, struct blob **blobs, size_t *n)
{
	*blobs = xmalloc((keptnow.n + 1) * sizeof(**blobs));
	*n = 0;
	for (size_t i = 0; i < keptnow.n; i++) {
		struct stat st;
		char *p = xasprintf("%s/blobs/%s", s->cache, keptnow.v[i]);
		if (stat(p, &st) == 0) {
			memcpy((*blobs)[*n].hex, keptnow.v[i], 65);
			(*blobs)[*n].size = st.st_size;
			(*blobs)[(*n)++].file = xstrdup(keptnow.v[i]);
		}
		free(p);
	}
	return *n > 0 ? 0 : -1;
}

/* the blobs of the report TEXT, each kept in CACHE/blobs; 0, or -1 (told with VERBOSE) when one cannot be pushed */
static int
pushblobs(const struct sync *s, const char *text, struct blob **blobs, size_t *n)
{
	struct report r = {0};
	int ret = -1;

	*blobs = NULL;
	*n = 0;
	if (reportparse(&r, text, "the cached report") < 0)
		return -1;
	*blobs = xmalloc((r.n + 1) * sizeof(**blobs));
	for (size_t i = 0; i < r.n; i++) {
		const struct reportitem *it = &r.v[i];
		struct stat st;
		if (!it->wheel || !it->hash) {
			if (s->verbose)
				note("%s: not pushed to the remote cache: %s is no wheel", envlabel(s->e), it->name);
			goto out;
		}
		char *p = xasprintf("%s/blobs/%s", s->cache, it->hash + 7);
		int there = stat(p, &st);
		free(p);
		if (there < 0) {
			if (s->verbose)
				note("%s: not pushed to the remote cache: the wheel of %s was not kept (a sync with remote-cache-write fetches it again)",
				    envlabel(s->e), it->name);
			goto out;
		}
		const char *file = it->file ? it->file : it->path ? strrchr(it->path, '/') + 1 : NULL;
		if (!file || !*file)
			goto out;
		memcpy((*blobs)[*n].hex, it->hash + 7, 65);
		(*blobs)[*n].size = st.st_size;
		(*blobs)[(*n)++].file = xstrdup(file);
	}
	ret = 0;
out:
	reportclear(&r);
	return ret;
}

/* the record of fingerprint FP: the report TEXT and its N BLOBS; newly allocated */
static char *
recordmake(const char *fp, const char *text, const struct blob *blobs, size_t n)
{
	json_t *root = json_object(), *list = json_array();
	char *out;

	json_object_set_new(root, "version", json_integer(RECORDVERSION));
	json_object_set_new(root, "fingerprint", json_string(fp));
	json_object_set_new(root, "report", json_loads(text, 0, NULL));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:I,s:s}", "sha256", blobs[i].hex, "size",
		    (json_int_t)blobs[i].size, "file", blobs[i].file));
	json_object_set_new(root, "blobs", list);
	out = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(root);
	return out;
}

/* a PUT answered CODE: false, told once for a refusal (then no more writing), when it did not store */
static bool
putok(const struct sync *s, long code)
{
	/* 412: If-None-Match: * (S3) found it there, someone else wrote it */
	if ((code >= 200 && code < 300) || code == 412)
		return true;
	if ((code == 401 || code == 403) && !writeoff) {
		writeoff = true;
		warn("%s: the remote cache refuses writing (%ld): no more pushing in this run", envlabel(s->e), code);
	} else if (!writeoff && !s->quiet) {
		note("%s: not pushed to the remote cache: %s", envlabel(s->e), code ? "it refused a blob" : "no answer");
	}
	return false;
}

/* PUT the blobs of B (N of them) that MISSING marks, then RECORD (unless NULL) through DIR; 0 or -1 */
static int
pushall(struct sync *s, const char *dir, const char *record, const struct blob *b, size_t n,
    const bool *missing, long long *bytes, size_t *nput)
{
	struct buf in = {0}, out = {0};
	char key[65], *path = pathjoin(dir, "record"), *url;
	int ret = -1;

	remoteoptions(s->e, &in);
	for (size_t i = 0; i < n; i++)
		if (missing[i]) {
			char *u = remoteurl(s->e, "cas", b[i].hex), *p = xasprintf("%s/blobs/%s", s->cache, b[i].hex);
			bufprintf(&in, "put\t%s\t%s\t%s\n", u, p, b[i].hex);
			*bytes += b[i].size;
			(*nput)++;
			free(u);
			free(p);
		}
	if (*nput > 0) {
		remoterun(s, &in, &out);
		for (size_t i = 0; i < n; i++) {
			long code = missing[i] ? statusof(&out, b[i].hex) : 200;
			if (!putok(s, code))
				goto out;
			if (code == 412) {
				/* someone else sent it: not ours to count */
				*bytes -= b[i].size;
				(*nput)--;
			}
		}
	}
	if (!record) {
		ret = 0;	/* a lock's wheels: no record names them */
		goto out;
	}
	/* every blob is there: the record that names them may go */
	recordkey(s->x->fp, key);
	url = remoteurl(s->e, "ac", key);
	bufreset(&out);
	free(in.s);
	in = (struct buf){0};
	remoteoptions(s->e, &in);
	bufprintf(&in, "put\t%s\t%s\trecord\n", url, path);
	free(url);
	if (writefile(path, record, strlen(record), 0) < 0) {
		warn("%s: write %s:", envlabel(s->e), path);
		goto out;
	}
	remoterun(s, &in, &out);
	ret = putok(s, statusof(&out, "record")) ? 0 : -1;
out:
	free(in.s);
	free(out.s);
	free(path);
	return ret;
}

void
remotepush(struct sync *s)
{
	const struct env *e = s->e;
	const char *label = envlabel(e);
	struct buf text = {0}, in = {0}, out = {0};
	struct blob *blobs = NULL;
	size_t n = 0, nput = 0;
	bool *missing = NULL, any = false;
	char key[65], *dir = NULL, *record = NULL, *path;
	long long bytes = 0;

	if (!e->remote || !e->remotewrite || writeoff)
		return;
	/* what pip resolved is what the remote shares, and its record; a lock's env (no report)
	 * shares the wheels it fetched, which any machine finds by their sha256 */
	path = xasprintf("%s/reports/%s.json", s->cache, s->x->fp);
	bool report = readfile(path, &text) == 0 && text.s;
	if (report ? pushblobs(s, text.s, &blobs, &n) < 0 : keptblobs(s, &blobs, &n) < 0)
		goto out;
	if (!(dir = cachetmpdir(s->cache)))
		goto out;
	recordkey(s->x->fp, key);
	char *url = remoteurl(e, "ac", key);
	remoteoptions(s->e, &in);
	if (report)
		bufprintf(&in, "head\t%s\trecord\n", url);
	free(url);
	for (size_t i = 0; i < n; i++) {
		url = remoteurl(e, "cas", blobs[i].hex);
		bufprintf(&in, "head\t%s\t%s\n", url, blobs[i].hex);
		free(url);
	}
	remoterun(s, &in, &out);
	missing = xmalloc((n + 1) * sizeof(*missing));
	long rc = report ? statusof(&out, "record") : 200;
	/* S3 answers 403 for a key that is not there to whom may not list the bucket: a PUT tells */
	if (rc == 403 && remotes3(e->remote))
		rc = 404;
	any = rc == 404;
	for (size_t i = 0; i < n; i++) {
		long c = statusof(&out, blobs[i].hex);
		if (c == 403 && remotes3(e->remote))
			c = 404;
		missing[i] = c == 404;
		any |= missing[i];
		if (c != 404 && (c < 200 || c >= 300))
			rc = c;	/* no answer, or one that is neither "there" nor "not there" */
	}
	if (rc != 404 && (rc < 200 || rc >= 300)) {
		if (!s->quiet)
			note("%s: not pushed to the remote cache: %s", label, rc ? "it answered HEAD with an error" : "no answer");
		goto out;
	}
	if (!any) {
		if (s->verbose)
			note("%s: the remote cache has %s %zu wheels already", label, report ? "this resolution and its" : "the", n);
		goto out;
	}
	record = report ? recordmake(s->x->fp, text.s, blobs, n) : NULL;
	if ((record || !report) && pushall(s, dir, record, blobs, n, missing, &bytes, &nput) == 0 && !s->quiet) {
		char size[32];
		human(size, bytes);
		note("%s: pushed to the remote cache: %zu of %zu wheels (%s)%s", label, nput, n, size,
		    report ? " and the record" : "");
	}
out:
	if (dir)
		removetree(dir);
	free(dir);
	free(record);
	free(missing);
	free(path);
	free(text.s);
	free(in.s);
	free(out.s);
	blobsclear(blobs, n);
}
