/* fetchmain.c: venvmk-fetch, the downloader a sync starts when wheels must come from an index.
 * This is its front end: the requests on standard input, signals, messages and progress;
 * fetchhttp.c fetches.  Living in its own program keeps libcurl and its TLS library out of
 * the main binary, so a no-op never loads them.
 *
 * Standard input, one request a line, fields separated by tabs:
 *   option NAME VALUE               cert, client-cert, proxy, netrc, trusted-host, timeout, retries, parallel
 *   get URL SHA256 SIZE DEST NAME   a file verified against SHA256 (and SIZE, "-" unknown) before it is DEST
 *   page URL DEST ACCEPT            an index page, unverified, asked for with that Accept header ("" none)
 *   page URL DEST ACCEPT NAME ETAG LASTMOD
 *                                   the same, conditional: ETAG and LASTMOD ("" none) are sent as
 *                                   If-None-Match and If-Modified-Since, and a 304 leaves DEST unwritten
 *   range URL DEST SPEC NAME        the bytes SPEC of URL (as HTTP writes them after "bytes=": "-65536"
 *                                   the last 64 KiB, "START-END" both included), unverified like a page,
 *                                   into DEST: all of the file when the server ignores the range (200)
 *   head URL NAME                   is URL there? (a remote cache's blob or record)
 *   put URL FILE NAME               upload FILE to URL (a remote cache's blob or record)
 * and the option "bearer TOKEN", sent as "Authorization: Bearer" where a URL has no user; or, for
 * a remote cache in an S3 bucket, "s3 REGION" with "aws-key KEY", "aws-secret SECRET" and
 * "aws-token TOKEN": every request signed with AWS SigV4 (unsigned without a key), and a put
 * only where nothing is yet (If-None-Match: *; the answer 412 when something is).
 * A head or put is no failure when the server says no: each prints "NAME<TAB>STATUS" on
 * standard output (0: no answer), and the exit status tells only of gets and pages: 0 all
 * fetched, 1 some failed, 3 some file was not the one its request names (its sha256 or
 * size differ: a file changed or tampered with).  A page
 * with a NAME prints "NAME<TAB>STATUS<TAB>ETAG<TAB>LAST-MODIFIED<TAB>CACHE-CONTROL<TAB>CONTENT-TYPE"
 * (the headers of the answer, "" when absent, tabs in them made spaces): 200, 304 (not
 * modified), 404 (an empty DEST: not on that index), or the failure's status (0: no answer).
 * A range prints "NAME<TAB>STATUS<TAB>TOTAL": 206 with TOTAL the file's size (Content-Range's
 * "/TOTAL", -1 when the server gives none), 200 with TOTAL the size of the whole file DEST
 * holds, or the failure's status (0: no answer) and -1; a range that fails counts as a get.
 *
 * With --serve it stays: the requests come in batches, each ended by a line "run FLAGS"
 * (FLAGS as the options above would set them: q quiet, s silent, v verbose, p progress;
 * "-" none). Each batch starts from the default options, and its answer is what one run
 * would print, then an empty line and its exit status on a line of its own. Standard
 * input's end ends it. One process and its open connections then serve every round of a
 * resolution: no start, no handshake again.
 */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include "base/util.h"
#include "base/url.h"
#include "fetch/fetch.h"
#include "fetch/fetchhttp.h"

#define FETCHDEFAULTS {.timeout = 15, .backoff = 0.25, .retries = 5, .parallel = 32}
struct fetchopt fetchopt = FETCHDEFAULTS;
struct fetchstats fetchstats;
struct get *fetchgets;
size_t nfetchgets;
static struct strlist secrets;	/* passwords never to print, even inside curl's messages */
static volatile sig_atomic_t progressshown;
static sigset_t catchset;

double
fetchnow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
onsignal(int sig)
{
	sigset_t s;

	for (size_t i = 0; i < nfetchgets; i++)
		if (fetchgets[i].tmp)
			unlink(fetchgets[i].tmp);
	if (progressshown)
		(void)!write(2, "\r\033[K", 4);
	signal(sig, SIG_DFL);
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void
catchsignals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&catchset);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		sigaddset(&catchset, sigs[i]);
		sigaddset(&sa.sa_mask, sigs[i]);
	}
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		/* a signal ignored by whoever started us (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
}

/* the temporary paths change only with the catchable signals blocked, so the handler never
 * sees a file that exists but is not yet recorded */
void
fetchblock(sigset_t *old)
{
	sigprocmask(SIG_BLOCK, &catchset, old);
}

void
fetchunblock(sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static void
clearprogress(void)
{
	if (progressshown) {
		fputs("\r\033[K", stderr);
		progressshown = 0;
	}
}

/* print a message as warn does, with every known password replaced by "****" */
void
fetchsay(const char *fmt, ...)
{
	va_list ap;
	char *m, *p;

	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		fatal("vasprintf:");
	va_end(ap);
	for (size_t i = 0; i < secrets.n; i++)
		while ((p = strstr(m, secrets.v[i]))) {
			char *r = xasprintf("%.*s****%s", (int)(p - m), m, p + strlen(secrets.v[i]));

			free(m);
			m = r;
		}
	clearprogress();
	if (!fetchopt.silent)
		warn("%s", m);
	free(m);
}

void
fetchhuman(char *out, size_t n, double bytes)
{
	if (bytes < 1024)
		snprintf(out, n, "%.0f B", bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, n, "%.1f KiB", bytes / 1024);
	else if (bytes < 1024.0 * 1024 * 1024)
		snprintf(out, n, "%.1f MiB", bytes / (1024 * 1024));
	else
		snprintf(out, n, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
}

void
fetchprogress(void)
{
	static double last;
	double t = fetchnow();
	char size[32], rate[32];

	if (!fetchopt.progress || fetchopt.quiet || t - last < 0.1)
		return;
	last = t;
	fetchhuman(size, sizeof(size), fetchstats.bytes);
	fetchhuman(rate, sizeof(rate), t > fetchstats.t0 ? fetchstats.bytes / (t - fetchstats.t0) : 0);
	fprintf(stderr, "\r%s: downloading %zu/%zu wheels, %s, %s/s\033[K", argv0, fetchstats.finished,
	        nfetchgets, size, rate);
	fflush(stderr);
	progressshown = 1;
}

static bool
parsenum(const char *s, double *v, bool integer)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return !*end && errno == 0 && *v >= 0 && (!integer || *v == (long)*v) && *v < 1e9;
}

static void
addoption(int line, char **f, size_t n)
{
	double v;
	char *pw;

	if (n != 3)
		fatalx(2, "stdin:%d: option needs a name and a value", line);
	if (strcmp(f[1], "cert") == 0)
		fetchopt.cert = xstrdup(f[2]);
	else if (strcmp(f[1], "client-cert") == 0)
		fetchopt.clientcert = xstrdup(f[2]);
	else if (strcmp(f[1], "proxy") == 0) {
		fetchopt.proxy = xstrdup(f[2]);
		urlsplitauth(f[2], NULL, &pw, NULL);
		if (pw && *pw)
			strlistpush(&secrets, pw);
		else
			free(pw);
	} else if (strcmp(f[1], "bearer") == 0) {
		fetchopt.bearer = xstrdup(f[2]);
		strlistadd(&secrets, f[2]);
	} else if (strcmp(f[1], "s3") == 0 && f[2][0] && strspn(f[2], "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(f[2])) {
		fetchopt.s3region = xstrdup(f[2]);
	} else if (strcmp(f[1], "aws-key") == 0 || strcmp(f[1], "aws-secret") == 0 ||
	           strcmp(f[1], "aws-token") == 0) {
		char **p = f[1][4] == 'k' ? &fetchopt.awskey : f[1][4] == 's' ? &fetchopt.awssecret : &fetchopt.awstoken;

		free(*p);
		*p = xstrdup(f[2]);
		if (f[1][4] != 'k' && f[2][0])
			strlistadd(&secrets, f[2]);
	} else if (strcmp(f[1], "netrc") == 0)
		fetchopt.netrc = xstrdup(f[2]);
	else if (strcmp(f[1], "trusted-host") == 0)
		strlistadd(&fetchopt.trusted, f[2]);
	else if (strcmp(f[1], "timeout") == 0 && parsenum(f[2], &v, false) && v > 0)
		fetchopt.timeout = v;
	else if (strcmp(f[1], "retries") == 0 && parsenum(f[2], &v, true))
		fetchopt.retries = v;
	else if (strcmp(f[1], "parallel") == 0 && parsenum(f[2], &v, true) && v >= 1)
		fetchopt.parallel = v;
	else if (strcmp(f[1], "timeout") == 0 || strcmp(f[1], "retries") == 0 ||
	         strcmp(f[1], "parallel") == 0 || strcmp(f[1], "s3") == 0)
		fatalx(2, "stdin:%d: option %s: bad value", line, f[1]);
	else
		fatalx(2, "stdin:%d: unknown option %s", line, f[1]);
}

/* a new request for URL (its credentials split off and kept secret) */
static struct get *
addrequest(int line, const char *url, int method)
{
	struct get *g;

	if (!*url)
		fatalx(2, "stdin:%d: empty URL", line);
	fetchgets = xrealloc(fetchgets, (nfetchgets + 1) * sizeof(*fetchgets));
	g = &fetchgets[nfetchgets++];
	memset(g, 0, sizeof(*g));
	g->fd = -1;
	g->size = -1;
	g->method = method;
	g->url = xstrdup(url);
	g->shown = urlredact(url);
	urlsplitauth(url, &g->user, &g->password, &g->bare);
	if (g->password && *g->password)
		strlistadd(&secrets, g->password);
	return g;
}

static void
addget(int line, char **f, size_t n)
{
	struct get *g;
	char *end;

	if (n != 6)
		fatalx(2, "stdin:%d: get needs URL, SHA256, SIZE, DEST and NAME", line);
	g = addrequest(line, f[1], METHODGET);
	if (strlen(f[2]) != 64 || strspn(f[2], "0123456789abcdefABCDEF") != 64)
		fatalx(2, "stdin:%d: %s: not a sha256 in hex: %s", line, g->shown, f[2]);
	for (int i = 0; i < 64; i++)
		g->sha[i] = f[2][i] >= 'A' && f[2][i] <= 'F' ? f[2][i] - 'A' + 'a' : f[2][i];
	g->size = -1;
	if (strcmp(f[3], "-") != 0) {
		errno = 0;
		g->size = strtoll(f[3], &end, 10);
		if (!*f[3] || *end || errno || g->size < 0 || !strchr("0123456789", f[3][0]))
			fatalx(2, "stdin:%d: %s: bad size: %s", line, g->shown, f[3]);
	}
	if (!*f[4] || !*f[5])
		fatalx(2, "stdin:%d: %s: empty DEST or NAME", line, g->shown);
	g->dest = xstrdup(f[4]);
	g->name = xstrdup(f[5]);
}

/* "page URL DEST ACCEPT [NAME ETAG LASTMOD]": an index page, whose content no hash names */
static void
addpage(int line, char **f, size_t n)
{
	struct get *g;

	if (n != 4 && n != 7)
		fatalx(2, "stdin:%d: page needs URL, DEST and ACCEPT (then NAME, ETAG and LASTMOD)", line);
	if (!*f[1] || !*f[2] || (n == 7 && !*f[4]))
		fatalx(2, "stdin:%d: empty URL, DEST or NAME", line);
	g = addrequest(line, f[1], METHODGET);
	g->dest = xstrdup(f[2]);
	g->accept = *f[3] ? xasprintf("Accept: %s", f[3]) : NULL;
	g->tell = n == 7;
	g->name = xstrdup(g->tell ? f[4] : g->shown);
	if (g->tell && *f[5])
		g->ifnonematch = xasprintf("If-None-Match: %s", f[5]);
	if (g->tell && *f[6])
		g->ifmodsince = xasprintf("If-Modified-Since: %s", f[6]);
}

/* "range URL DEST SPEC NAME": part of a file, unverified, its size told back */
static void
addrange(int line, char **f, size_t n)
{
	struct get *g;
	const char *s;
	size_t dash;

	if (n != 5 || !*f[2] || !*f[4])
		fatalx(2, "stdin:%d: range needs URL, DEST, SPEC and NAME", line);
	s = f[3];
	dash = strspn(s, "0123456789");
	if (s[dash] != '-' || strspn(s + dash + 1, "0123456789") != strlen(s + dash + 1) ||
	    strlen(s) < 2 || dash > 18 || strlen(s + dash + 1) > 18)
		fatalx(2, "stdin:%d: range: bad SPEC: %s", line, s);
	g = addrequest(line, f[1], METHODGET);
	g->dest = xstrdup(f[2]);
	g->range = xstrdup(s);
	g->total = -1;
	g->name = xstrdup(f[4]);
}

/* what a request prints on standard output: a head's or put's status, a telling page's answer */
static void
printresult(const struct get *g)
{
	if (g->method != METHODGET)
		printf("%s\t%ld\n", g->name, g->code);
	else if (g->range)
		printf("%s\t%ld\t%lld\n", g->name, g->state == FETCHDONE ? g->code : g->code >= 400 ? g->code : 0,
		    g->state != FETCHDONE ? -1 : g->code == 206 ? g->total : g->got);
	else if (g->tell)
		printf("%s\t%ld\t%s\t%s\t%s\t%s\n", g->name, g->code, g->etag ? g->etag : "",
		    g->lastmod ? g->lastmod : "", g->cachectl ? g->cachectl : "", g->ctype ? g->ctype : "");
}

/* "head URL NAME" and "put URL FILE NAME": a remote cache's blob or record asked for or sent */
static void
addheadput(int line, char **f, size_t n, bool put)
{
	struct get *g;

	if (n != (put ? 4u : 3u) || !*f[n - 1] || (put && !*f[2]))
		fatalx(2, put ? "stdin:%d: put needs URL, FILE and NAME" : "stdin:%d: head needs URL and NAME", line);
	g = addrequest(line, f[1], put ? METHODPUT : METHODHEAD);
	g->upload = put ? xstrdup(f[2]) : NULL;
	g->name = xstrdup(f[n - 1]);
}

/* the flags of "run FLAGS" (serve mode), as the command line's options would set them */
static void
runflags(int line, const char *f)
{
	if (strcmp(f, "-") != 0 && (!*f || strspn(f, "qsvp") != strlen(f)))
		fatalx(2, "stdin:%d: run: bad flags: %s (want q, s, v, p or -)", line, f);
	fetchopt.quiet = strchr(f, 'q') || strchr(f, 's');
	fetchopt.silent = strchr(f, 's') != NULL;
	fetchopt.verbose = strchr(f, 'v') != NULL;
	fetchopt.progress = strchr(f, 'p') != NULL;
}

/* the requests of one batch, up to a "run" line (true) or the end of IN (false) */
static bool
readrequests(FILE *in, bool serve)
{
	static int lineno;
	static char *line;
	static size_t cap;
	char *f[8];
	size_t n;
	ssize_t len;

	while ((len = getline(&line, &cap, in)) >= 0) {
		char *p = line;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		for (n = 0; p && n < sizeof(f) / sizeof(*f); n++) {
			f[n] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (p)
			fatalx(2, "stdin:%d: too many fields", lineno);
		if (strcmp(f[0], "option") == 0)
			addoption(lineno, f, n);
		else if (strcmp(f[0], "get") == 0)
			addget(lineno, f, n);
		else if (strcmp(f[0], "page") == 0)
			addpage(lineno, f, n);
		else if (strcmp(f[0], "range") == 0)
			addrange(lineno, f, n);
		else if (strcmp(f[0], "head") == 0 || strcmp(f[0], "put") == 0)
			addheadput(lineno, f, n, f[0][0] == 'p');
		else if (serve && strcmp(f[0], "run") == 0 && n == 2) {
			runflags(lineno, f[1]);
			return true;
		} else
			fatalx(2, "stdin:%d: unknown request %.20s (want option, get, page, range, head or put%s)", lineno,
			    f[0], serve ? ", or run FLAGS" : "");
	}
	if (ferror(in))
		fatalx(2, "read stdin:");
	return false;
}

/* wipe and free S */
static void
wipe(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

/* forget the last batch: its requests, counters and options (back to the defaults) */
static void
batchreset(void)
{
	for (size_t i = 0; i < nfetchgets; i++) {
		struct get *g = &fetchgets[i];
		char *str[] = { g->url, g->bare, g->user, g->password };
		char *plain[] = { g->shown, g->dest, g->name, g->upload, g->accept, g->ifnonematch, g->ifmodsince,
		    g->etag, g->lastmod, g->cachectl, g->ctype, g->range, g->tmp };
		for (size_t k = 0; k < sizeof(str) / sizeof(*str); k++)
			wipe(str[k]);
		for (size_t k = 0; k < sizeof(plain) / sizeof(*plain); k++)
			free(plain[k]);
		if (g->in)
			fclose(g->in);
		if (g->fd >= 0)
			close(g->fd);
	}
	free(fetchgets);
	fetchgets = NULL;
	nfetchgets = 0;
	memset(&fetchstats, 0, sizeof(fetchstats));
	char *str[] = { fetchopt.cert, fetchopt.clientcert, fetchopt.proxy, fetchopt.netrc, fetchopt.s3region };
	char *secret[] = { fetchopt.bearer, fetchopt.awskey, fetchopt.awssecret, fetchopt.awstoken };
	for (size_t k = 0; k < sizeof(str) / sizeof(*str); k++)
		free(str[k]);
	for (size_t k = 0; k < sizeof(secret) / sizeof(*secret); k++)
		wipe(secret[k]);
	strlistclear(&fetchopt.trusted);
	free(fetchopt.trusted.v);
	fetchopt = (struct fetchopt)FETCHDEFAULTS;
}

/* what the environment adds to a batch's options */
static void
envoptions(void)
{
	const char *e;

	if ((e = getenv("VENVMK_FETCH_BACKOFF_MS")) && *e)
		fetchopt.backoff = atof(e) / 1000;
	if (!fetchopt.netrc && (e = getenv("NETRC")) && *e)
		fetchopt.netrc = xstrdup(e);
	if (!fetchopt.netrc && (e = getenv("HOME")) && *e) {
		char *p = pathjoin(e, ".netrc");

		if (access(p, F_OK) == 0)
			fetchopt.netrc = p;
		else
			free(p);
	}
}

/* fetch the batch read, print its answers; its exit status */
static int
batchrun(void)
{
	static bool started;
	char size[32];

	envoptions();
	if (nfetchgets == 0)
		return 0;
	if (!started) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			fatal("curl_global_init failed");
		catchsignals();
		started = true;
	}
	downloadrun();
	clearprogress();
	for (size_t i = 0; i < nfetchgets; i++)
		printresult(&fetchgets[i]);
	if (fetchopt.verbose) {
		fetchhuman(size, sizeof(size), fetchstats.bytes);
		fetchsay("%zu of %zu files, %s in %.2f s, %ld connections",
		         nfetchgets - fetchstats.failed, nfetchgets, size, fetchnow() - fetchstats.t0,
		         fetchstats.connects);
	}
	if (fflush(stderr) != 0 || ferror(stdout))
		return 1;
	return fetchstats.refused ? 3 : fetchstats.failed ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	bool serve = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0)
			fetchopt.quiet = true;
		else if (strcmp(argv[i], "-qq") == 0)
			fetchopt.quiet = fetchopt.silent = true;
		else if (strcmp(argv[i], "-v") == 0)
			fetchopt.verbose = true;
		else if (strcmp(argv[i], "--progress") == 0)
			fetchopt.progress = true;
		else if (strcmp(argv[i], "--serve") == 0)
			serve = true;
		else
			fatalx(2, "usage: venvmk-fetch [-q|-qq] [-v] [--progress] <requests\n"
			    "       venvmk-fetch --serve <batches");
	}
	if (!serve) {
		readrequests(stdin, false);
		return batchrun();
	}
	/* a reader that went away is an end too (SIGPIPE ignored: write errors) */
	signal(SIGPIPE, SIG_IGN);
	while (readrequests(stdin, true)) {
		int status = batchrun();

		printf("\n%d\n", status);
		if (fflush(stdout) != 0)
			return 1;
		batchreset();
	}
	return 0;
}
