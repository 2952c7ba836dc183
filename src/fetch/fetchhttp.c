/* fetchhttp.c: venvmk-fetch's transfers.  Many at once through libcurl's multi interface (HTTP/2
 * multiplexing and connection reuse where the server offers them), each streamed into a
 * temporary file beside its destination while it is hashed, renamed into place only once its
 * size and sha256 are right, and retried as pip retries. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <curl/curl.h>
#include "base/util.h"
#include "base/hash.h"
#include "fetch/fetch.h"
#include "fetch/fetchhttp.h"

static CURLM *multi;

static const char *
reason(long code)
{
	static const struct { long code; const char *text; } t[] = {
		{400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
		{405, "Method Not Allowed"}, {407, "Proxy Authentication Required"},
		{408, "Request Timeout"}, {409, "Conflict"}, {410, "Gone"},
		{412, "Precondition Failed"}, {429, "Too Many Requests"},
		{500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
		{503, "Service Unavailable"}, {504, "Gateway Timeout"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++)
		if (t[i].code == code)
			return t[i].text;
	return "HTTP error";
}

/* what pip retries: connection errors, timeouts, truncated bodies, and its status_forcelist
 * (500, 503, 520, 527) plus 502 and 504.  A certificate that fails verification would fail
 * the same way again: pip retries it, venvmk does not. */
static bool
retryable(CURLcode rc, long code, long connectcode)
{
	if (connectcode >= 400)
		return false;
	switch (rc) {
	case CURLE_HTTP_RETURNED_ERROR:
		return code == 500 || code == 502 || code == 503 || code == 504 || code == 520 ||
		       code == 527;
	case CURLE_COULDNT_RESOLVE_PROXY: case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT: case CURLE_OPERATION_TIMEDOUT: case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING: case CURLE_SEND_ERROR: case CURLE_RECV_ERROR: case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM: case CURLE_SSL_CONNECT_ERROR: case CURLE_WEIRD_SERVER_REPLY:
		return true;
	default:
		return false;
	}
}

static size_t
onwrite(char *p, size_t size, size_t n, void *arg)
{
	struct get *g = arg;
	size_t len = size * n, off = 0;

	if (g->method != METHODGET)
		return len;	/* a put's answer: nothing to keep */
	if (g->size >= 0 && g->got + (long long)len > g->size) {
		g->toobig = true;
		return 0;
	}
	while (off < len) {
		ssize_t w = write(g->fd, p + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			g->werr = errno;
			return 0;
		}
		off += w;
	}
	hashadd(g->hash, p, len);
	g->got += len;
	fetchstats.bytes += len;
	return len;
}

/* a range's file size from the Content-Range of its answer ("bytes 0-99/1234"; a "*" total is unknown) */
static void
onrangeheader(struct get *g, const char *p, size_t len)
{
	const char *slash = memchr(p, '/', len);
	char *end;
	long long t;

	if (len <= 14 || strncasecmp(p, "content-range:", 14) != 0 || !slash)
		return;
	errno = 0;
	t = strtoll(slash + 1, &end, 10);
	if (end > slash + 1 && !errno && t >= 0 && (end == p + len || strchr(" \t\r\n", *end)))
		g->total = t;
}

/* a telling page's headers: those of its last answer, a redirect's dropped; tabs and line ends made spaces */
static size_t
onheader(char *p, size_t size, size_t n, void *arg)
{
	static const char *const names[] = { "etag:", "last-modified:", "cache-control:", "content-type:" };
	struct get *g = arg;
	char **fields[] = { &g->etag, &g->lastmod, &g->cachectl, &g->ctype };
	size_t len = size * n;

	if (g->range) {
		if (len >= 5 && strncmp(p, "HTTP/", 5) == 0)
			g->total = -1;
		onrangeheader(g, p, len);
		return len;
	}
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		for (size_t i = 0; i < 4; i++) {
			free(*fields[i]);
			*fields[i] = NULL;
		}
		return len;
	}
	for (size_t i = 0; i < 4; i++) {
		size_t nl = strlen(names[i]), vl;
		const char *v = p + nl;
		if (len <= nl || strncasecmp(p, names[i], nl) != 0)
			continue;
		for (vl = len - nl; vl && (*v == ' ' || *v == '\t'); v++, vl--)
			;
		while (vl && strchr(" \t\r\n", v[vl - 1]))
			vl--;
		/* Cache-Control may come in several lines: one list */
		char *old = *fields[i];
		*fields[i] = old ? xasprintf("%s, %.*s", old, (int)vl, v) : xstrndup(v, vl);
		free(old);
		for (char *c = *fields[i]; *c; c++)
			if (*c == '\t' || *c == '\r' || *c == '\n')
				*c = ' ';
	}
	return len;
}

static bool
trustedhost(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	bool trusted = false;

	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		goto out;
	for (size_t i = 0; i < fetchopt.trusted.n && !trusted; i++) {
		const char *t = fetchopt.trusted.v[i], *p;
		size_t hl;

		/* "host", "host:port", "[v6]" or "[v6]:port", as pip's --trusted-host */
		p = t[0] == '[' ? strchr(t, ']') : NULL;
		p = p ? (p[1] == ':' ? p + 1 : NULL) : strrchr(t, ':');
		if (p && t[0] != '[' && strchr(t, ':') != p)
			p = NULL;	/* a bare IPv6 address */
		hl = p ? (size_t)(p - t) : strlen(t);
		trusted = strlen(host) == hl && strncasecmp(host, t, hl) == 0 &&
		          (!p || strcmp(p + 1, port) == 0);
	}
out:
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return trusted;
}

/* an S3 request: signed with AWS SigV4 when a key is given, its headers added to G's.  libcurl
 * (since 7.87) signs what x-amz-content-sha256 says the payload's hash is, but 7.88 does not
 * send that header, which S3 wants: so it is always ours, the hash of nothing for a GET
 * or HEAD, the file's for a PUT. */
static void
s3request(CURL *e, struct get *g)
{
	static const char empty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char *h;

	h = xasprintf("x-amz-content-sha256: %s", g->method == METHODPUT ? g->sha : empty);
	g->headers = curl_slist_append(g->headers, h);
	free(h);
	if (g->method == METHODPUT)
		g->headers = curl_slist_append(g->headers, "If-None-Match: *");
	curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	if (!fetchopt.awskey || !fetchopt.awssecret)
		return;	/* a bucket anyone may read */
#if LIBCURL_VERSION_NUM < 0x075700
	/* before 7.87, libcurl signs the hash of a body it does not have, not the header's */
	static bool told;
	if (!told)
		fetchsay("libcurl %s cannot sign S3 requests (7.87 can): they go unsigned", curl_version_info(CURLVERSION_NOW)->version);
	told = true;
	return;
#endif
	h = xasprintf("aws:amz:%s:s3", fetchopt.s3region);
	curl_easy_setopt(e, CURLOPT_AWS_SIGV4, h);
	free(h);
	curl_easy_setopt(e, CURLOPT_USERNAME, fetchopt.awskey);
	curl_easy_setopt(e, CURLOPT_PASSWORD, fetchopt.awssecret);
	if (fetchopt.awstoken) {
		h = xasprintf("x-amz-security-token: %s", fetchopt.awstoken);
		g->headers = curl_slist_append(g->headers, h);
		free(h);
	}
}

static CURL *
mkeasy(struct get *g)
{
	static char *useragent;
	CURL *e = curl_easy_init();

	if (!e)
		fatal("curl_easy_init failed");
	if (!useragent)
		useragent = xasprintf("venvmk/%s %s", PACKAGE_VERSION, curl_version());
	curl_easy_setopt(e, CURLOPT_URL, g->bare);
	curl_easy_setopt(e, CURLOPT_PRIVATE, g);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onwrite);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, g);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, g->err);
	curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 30L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FILE));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* wait for a connection being made to the host only where it may multiplex (HTTP/2 needs
	 * TLS here): on plain HTTP the wait would last until the first answer, a round trip */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, (long)(strncasecmp(g->bare, "https:", 6) == 0));
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, useragent);
	curl_slist_free_all(g->headers);	/* made anew for each try: S3's signing adds its own */
	g->headers = NULL;
	const char *h[] = { g->accept, g->ifnonematch, g->ifmodsince };
	for (size_t i = 0; i < 3; i++)
		if (h[i])
			g->headers = curl_slist_append(g->headers, h[i]);
	if (g->range)
		curl_easy_setopt(e, CURLOPT_RANGE, g->range);
	if (g->tell || g->range) {
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, onheader);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, g);
	}
	if (g->method == METHODHEAD)
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	if (g->method == METHODPUT) {
		curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(e, CURLOPT_READDATA, g->in);
		curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)g->size);
	}
	/* pip's timeout bounds the connect and every wait for data */
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(fetchopt.timeout * 1000));
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)fetchopt.timeout + (fetchopt.timeout > (long)fetchopt.timeout));
	if (fetchopt.cert) {
		/* like pip's --cert: that bundle alone, not the system's as well */
		curl_easy_setopt(e, CURLOPT_CAINFO, fetchopt.cert);
		curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	}
	if (fetchopt.clientcert) {
		curl_easy_setopt(e, CURLOPT_SSLCERT, fetchopt.clientcert);
		curl_easy_setopt(e, CURLOPT_SSLKEY, fetchopt.clientcert);
	}
	if (fetchopt.trusted.n && trustedhost(g->bare)) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (fetchopt.proxy)
		curl_easy_setopt(e, CURLOPT_PROXY, fetchopt.proxy);
	if (fetchopt.s3region) {
		s3request(e, g);
	} else if (g->user) {
		curl_easy_setopt(e, CURLOPT_USERNAME, g->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, g->password ? g->password : "");
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	} else if (fetchopt.bearer) {
		curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER, fetchopt.bearer);
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	} else if (fetchopt.netrc) {
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		curl_easy_setopt(e, CURLOPT_NETRC_FILE, fetchopt.netrc);
	} else {
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	}
	if (g->headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, g->headers);
	return e;
}

/* remove the temporary file, if any */
static void
droptemp(struct get *g)
{
	sigset_t old;

	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
	fetchblock(&old);
	if (g->tmp) {
		unlink(g->tmp);
		free(g->tmp);
		g->tmp = NULL;
	}
	fetchunblock(&old);
}

static void
getfail(struct get *g)
{
	droptemp(g);
	if (g->in)
		fclose(g->in);
	g->in = NULL;
	if (g->easy)
		curl_easy_cleanup(g->easy);
	g->easy = NULL;
	g->state = FETCHFAILED;
	fetchstats.finished++;
	fetchstats.failed++;
}

/* a get or page done: no temporary file left, its transfer freed */
static void
getfinish(struct get *g)
{
	droptemp(g);
	curl_easy_cleanup(g->easy);
	g->easy = NULL;
	g->state = FETCHDONE;
	fetchstats.finished++;
}

/* begin an attempt: a fresh temporary file (or the old one emptied) and a transfer */
static void
getstart(struct get *g)
{
	char hex[65];

	if (g->method == METHODPUT) {
		struct stat st;

		if (!g->in && (!(g->in = fopen(g->upload, "rb")) || fstat(fileno(g->in), &st) < 0)) {
			fetchsay("%s: %s: %s", g->name, g->upload, strerror(errno));
			getfail(g);
			return;
		}
		if (g->size < 0)
			g->size = st.st_size;
		/* S3 checks what it stores against the hash the request is signed with */
		if (fetchopt.s3region && !g->sha[0] && hashfd(fileno(g->in), g->sha) < 0) {
			fetchsay("%s: read %s: %s", g->name, g->upload, strerror(errno));
			getfail(g);
			return;
		}
		rewind(g->in);
	} else if (g->method == METHODHEAD) {
		/* nothing to write */
	} else if (!g->tmp) {
		char *dir = pathdir(g->dest), *tmp;
		sigset_t old;
		mode_t mask = umask(0);

		umask(mask);
		if (*dir && mkdirs(dir, 0777) < 0) {
			fetchsay("%s: mkdir %s: %s", g->name, dir, strerror(errno));
			free(dir);
			getfail(g);
			return;
		}
		tmp = pathjoin(dir, ".fetch-XXXXXX");
		free(dir);
		fetchblock(&old);
		g->fd = mkstemp(tmp);
		if (g->fd >= 0)
			g->tmp = tmp;
		fetchunblock(&old);
		if (g->fd < 0) {
			fetchsay("%s: create %s: %s", g->name, tmp, strerror(errno));
			free(tmp);
			getfail(g);
			return;
		}
		/* the file becomes a cache entry: readable as any file this umask makes */
		fchmod(g->fd, 0666 & ~mask);
	} else if (ftruncate(g->fd, 0) < 0 || lseek(g->fd, 0, SEEK_SET) < 0) {
		fetchsay("%s: truncate %s: %s", g->name, g->tmp, strerror(errno));
		getfail(g);
		return;
	}
	if (g->hash)
		hashend(g->hash, hex);
	g->hash = mkhash();
	g->got = 0;
	g->toobig = false;
	g->werr = 0;
	g->err[0] = '\0';
	if (!g->easy)
		g->easy = mkeasy(g);
	g->tries++;
	g->start = fetchnow();
	g->state = FETCHRUNNING;
	curl_multi_add_handle(multi, g->easy);
}

/*
 * Close and move the verified file into place; a DEST already there won the race. No
 * fsync: every DEST is in a temporary dir of the run that asked (a sync's, the cache's
 * tmp/), read and dropped by it (after a crash, `venvmk cache prune` removes what is left),
 * and a wait for the disk here held up every answer behind it. close() still tells of a
 * write the kernel could not make.
 */
static int
getinstall(struct get *g)
{
	sigset_t old;
	int rc = 0, err = 0, fd = g->fd;

	g->fd = -1;
	if (close(fd) < 0) {
		fetchsay("%s: write %s: %s", g->name, g->tmp, strerror(errno));
		return -1;
	}
	fetchblock(&old);
	if (link(g->tmp, g->dest) < 0 && errno != EEXIST && rename(g->tmp, g->dest) < 0)
		rc = -1, err = errno;
	fetchunblock(&old);
	if (rc < 0)
		fetchsay("%s: rename %s to %s: %s", g->name, g->tmp, g->dest, strerror(err));
	return rc;
}

/* a head or put answered, or not: the status is the result, and only no answer is retried */
static void
headputdone(struct get *g, CURLcode rc)
{
	long code = 0, conns = 0;

	curl_multi_remove_handle(multi, g->easy);
	curl_easy_getinfo(g->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(g->easy, CURLINFO_NUM_CONNECTS, &conns);
	fetchstats.connects += conns;
	if (g->hash)
		hashend(g->hash, (char[65]){0});
	g->hash = NULL;
	g->code = code;
	if (rc != CURLE_OK && retryable(rc, code, 0) && g->tries <= fetchopt.retries) {
		g->notbefore = fetchnow() + fetchopt.backoff * g->tries;
		g->state = FETCHWAITING;
		return;
	}
	if (fetchopt.verbose) {
		char status[32];

		if (code < 400)
			snprintf(status, sizeof(status), "%ld", code);
		else
			snprintf(status, sizeof(status), "%ld %s", code, reason(code));
		fetchsay("%s %s: %s", g->method == METHODPUT ? "PUT" : "HEAD", g->shown,
		    code ? status : g->err[0] ? g->err : curl_easy_strerror(rc));
	}
	if (g->in)
		fclose(g->in);
	g->in = NULL;
	if (g->method == METHODPUT && code >= 200 && code < 300)
		fetchstats.bytes += g->size;
	curl_easy_cleanup(g->easy);
	g->easy = NULL;
	g->state = FETCHDONE;
	fetchstats.finished++;
}

static void
getdone(struct get *g, CURLcode rc)
{
	long code = 0, connectcode = 0, conns = 0;
	curl_off_t cl = -1;
	char hex[65], size[32];

	curl_multi_remove_handle(multi, g->easy);
	curl_easy_getinfo(g->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(g->easy, CURLINFO_HTTP_CONNECTCODE, &connectcode);
	curl_easy_getinfo(g->easy, CURLINFO_NUM_CONNECTS, &conns);
	curl_easy_getinfo(g->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	fetchstats.connects += conns;
	hashend(g->hash, hex);
	g->hash = NULL;
	g->code = code;
	if (rc == CURLE_OK && code == 304 && !g->sha[0]) {
		/* a page not modified since the validators sent: DEST stays unwritten, the cache has it */
		getfinish(g);
		if (fetchopt.verbose)
			fetchsay("%s: not modified (304)", g->shown);
		return;
	}
	if (g->werr) {
		fetchsay("%s: write %s: %s", g->name, g->tmp, strerror(g->werr));
	} else if (g->toobig || (rc == CURLE_OK && g->size >= 0 && g->got != g->size)) {
		char got[32];

		if (g->toobig)
			snprintf(got, sizeof(got), cl > g->size ? "%lld" : "more",
			         (long long)cl);
		else
			snprintf(got, sizeof(got), "%lld", g->got);
		fetchsay("%s: size mismatch: expected %lld bytes, got %s (from %s)", g->name, g->size,
		    got, g->shown);
		fetchstats.refused++;
	} else if (rc == CURLE_OK && g->sha[0] && strcmp(hex, g->sha) != 0) {
		fetchsay("%s: sha256 mismatch: expected %s, got %s (from %s)", g->name, g->sha, hex,
		    g->shown);
		fetchstats.refused++;
	} else if (rc == CURLE_OK) {
		if (getinstall(g) < 0) {
			getfail(g);
			return;
		}
		getfinish(g);
		if (fetchopt.verbose) {
			fetchhuman(size, sizeof(size), g->got);
			fetchsay("%s: %s in %.2f s", g->shown, size, fetchnow() - g->start);
		}
		return;
	} else if (rc == CURLE_HTTP_RETURNED_ERROR && code == 404 && !g->sha[0] && !g->range) {
		/* an index page that is not there: the project is not on that index, an empty page */
		FILE *f = fopen(g->dest, "w");
		if (!f || fclose(f) != 0) {
			fetchsay("%s: write %s: %s", g->name, g->dest, strerror(errno));
			getfail(g);
			return;
		}
		getfinish(g);
		if (fetchopt.verbose)
			fetchsay("%s: not on that index (404)", g->shown);
		return;
	} else {
		const char *why = g->err[0] ? g->err : curl_easy_strerror(rc);
		char *msg;

		if (rc == CURLE_HTTP_RETURNED_ERROR || connectcode >= 400)
			msg = xasprintf("%ld %s", connectcode >= 400 ? connectcode : code,
			                reason(connectcode >= 400 ? connectcode : code));
		else
			msg = xasprintf("%s", why);
		if (retryable(rc, code, connectcode) && g->tries <= fetchopt.retries) {
			/* urllib3's backoff: none after the first failure, then factor * 2^(n-1) */
			double wait = g->tries <= 1 ? 0 : fetchopt.backoff * (double)(1L << (g->tries < 20 ? g->tries - 1 : 20));

			wait = wait > 120 ? 120 : wait;
			if (fetchopt.verbose)
				fetchsay("%s: %s: %s, retry %d of %ld in %.2f s", g->name, g->shown, msg,
				    g->tries, fetchopt.retries, wait);
			g->notbefore = fetchnow() + wait;
			g->state = FETCHWAITING;
			free(msg);
			return;
		}
		if (g->tries > 1)
			fetchsay("%s: %s: %s (after %d %s)", g->name, g->shown, msg, g->tries - 1,
			         g->tries == 2 ? "retry" : "retries");
		else
			fetchsay("%s: %s: %s", g->name, g->shown, msg);
		free(msg);
	}
	getfail(g);
}

void
downloadrun(void)
{
	size_t running = 0;
	int still;
	CURLMsg *m;

	/* one multi handle for every batch (--serve): its connections serve the next one too */
	if (!multi && !(multi = curl_multi_init()))
		fatal("curl_multi_init failed");
	curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	fetchstats.t0 = fetchnow();
	for (;;) {
		double t = fetchnow(), wake = -1;
		bool waiting = false;
		long timeout;

		/* start new transfers in order, and retries whose backoff is over */
		for (size_t i = 0; i < nfetchgets && running < (size_t)fetchopt.parallel; i++) {
			struct get *g = &fetchgets[i];

			if (g->state != FETCHWAITING || g->notbefore > t)
				continue;
			if (g->tries == 0 && g->dest && access(g->dest, F_OK) == 0) {
				/* another process fetched it already */
				g->state = FETCHDONE;
				fetchstats.finished++;
				continue;
			}
			getstart(g);
			if (g->state == FETCHRUNNING)
				running++;
		}
		for (size_t i = 0; i < nfetchgets; i++)
			if (fetchgets[i].state == FETCHWAITING) {
				waiting = true;
				if (fetchgets[i].notbefore > t && (wake < 0 || fetchgets[i].notbefore < wake))
					wake = fetchgets[i].notbefore;
			}
		if (running == 0 && !waiting)
			break;
		curl_multi_perform(multi, &still);
		while ((m = curl_multi_info_read(multi, &still))) {
			struct get *g;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&g);
			running--;
			if (g->method == METHODGET)
				getdone(g, m->data.result);
			else
				headputdone(g, m->data.result);
			/* start the next ones before waiting */
			wake = 0;
		}
		fetchprogress();
		timeout = fetchopt.progress ? 100 : 1000;
		if (wake == 0)
			timeout = 0;
		else if (wake > 0 && (wake - fetchnow()) * 1000 < timeout)
			timeout = (long)((wake - fetchnow()) * 1000) + 1;
		if (timeout > 0)
			curl_multi_poll(multi, NULL, 0, timeout, NULL);
	}
	for (size_t i = 0; i < nfetchgets; i++) {
		if (fetchgets[i].easy)
			curl_easy_cleanup(fetchgets[i].easy);
		fetchgets[i].easy = NULL;
		curl_slist_free_all(fetchgets[i].headers);
		fetchgets[i].headers = NULL;
	}
}
