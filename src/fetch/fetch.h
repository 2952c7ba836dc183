/* fetch.h: venvmk-fetch's requests, options and counters, shared by its front end (fetchmain.c:
 * standard input, signals, messages) and its transfers (fetchhttp.c: libcurl). */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <curl/curl.h>

enum { FETCHWAITING, FETCHRUNNING, FETCHDONE, FETCHFAILED };
/* what a request does: fetch DEST (get, page), ask whether the URL is there (head), upload a file (put) */
enum { METHODGET, METHODHEAD, METHODPUT };

/* one "get", "page", "range", "head" or "put" line of standard input, and how far it got */
struct get {
	char *url, *shown, *bare, *user, *password, *dest, *name;
	int method;
	char *upload;		/* put: the file to send */
	FILE *in;		/* put: that file, open while it is sent */
	long code;		/* the HTTP status of the last answer (0: none) */
	char sha[65];		/* "" for a page: nothing to verify */
	char *accept;		/* a page's Accept header, or NULL */
	char *ifnonematch, *ifmodsince;	/* a page's validators, sent as If-None-Match and If-Modified-Since, or NULL */
	bool tell;		/* a page whose answer is printed: its status and the validators it came with */
	char *etag, *lastmod, *cachectl, *ctype;	/* those headers of the last answer (a page that tells), or NULL */
	char *range;		/* a range request's bytes (as after "bytes="), or NULL */
	long long total;	/* a range request's file size: Content-Range's "/TOTAL", or the body of a 200; -1 unknown */
	struct curl_slist *headers;	/* the request's own headers, made anew for each try, freed with the transfer */
	long long size;		/* -1 when unknown */
	int state, tries;
	double notbefore, start;
	CURL *easy;
	char *tmp;		/* the temporary file while it exists: the signal handler removes it */
	int fd;
	struct hash *hash;
	long long got;
	bool toobig;
	int werr;
	char err[CURL_ERROR_SIZE];
};

struct fetchopt {
	char *cert, *clientcert, *proxy, *netrc;
	char *bearer;		/* a token sent as "Authorization: Bearer" where no user is given */
	char *s3region;		/* an S3 bucket's region: every request S3's (signed when the key is given) */
	char *awskey, *awssecret, *awstoken;	/* its credentials, each NULL when not given */
	double timeout, backoff;
	long retries, parallel;
	struct strlist trusted;
	bool quiet, silent, verbose, progress;	/* silent: not even failures are told */
};

struct fetchstats {
	size_t finished, failed;
	size_t refused;		/* of the failed: a whole file that is not the one its index names (hash or size) */
	long long bytes;
	long connects;
	double t0;
};

extern struct fetchopt fetchopt;
extern struct fetchstats fetchstats;
extern struct get *fetchgets;
extern size_t nfetchgets;

/* seconds on a monotonic clock */
double fetchnow(void);
/* print a message as warn does, over the progress line, every known password as "****" */
void fetchsay(const char *fmt, ...);
/* BYTES as "1.5 MiB" into OUT */
void fetchhuman(char *out, size_t n, double bytes);
/* redraw the progress line, at most ten times a second, when asked for */
void fetchprogress(void);
/* block the signals whose handler removes the temporary files (old mask in OLD) */
void fetchblock(sigset_t *old);
/* restore the mask fetchblock saved */
void fetchunblock(sigset_t *old);
