/* fetchclient.h: the client of venvmk-fetch (src/fetch/), the one program that loads libcurl: files fetched into the cache. */

struct buf;
struct netconf;
struct sync;

struct dlitem {
	const char *url;	/* as pip reported it: no credentials */
	const char *hash;	/* "sha256=HEX"; NULL: an index page, fetched unverified as DIR/NAME */
	long long size;		/* bytes, or -1 when unknown */
	const char *name;	/* the file name, for messages */
	char *path;		/* set by wheelfetchrun: the verified file, in DIR */
};

/* the Accept header of an index page: PEP 691 JSON first, then HTML */
#define PAGEACCEPT "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"

/* NC's settings (cert, proxy, timeout...) as venvmk-fetch's option lines, appended to IN */
void fetchoptions(struct buf *in, const struct netconf *nc);
/* URL with the credentials NC knows for it put in (newly allocated; never to be shown) */
char *fetchauthurl(const struct netconf *nc, const char *url);
/* the venvmk-fetch to run: $VENVMK_FETCH, beside this program, or in pkglibexecdir; newly allocated */
char *wheelfetchprogram(void);
/*
 * Run venvmk-fetch with the requests IN (wiped and freed after), its standard output into
 * OUT unless NULL; QUIET and VERBOSE as wheelfetchrun's. Its exit status, or -1 after
 * warn() (naming LABEL) when it could not start.
 */
int fetchhelperrun(struct buf *in, const char *label, int quiet, bool verbose, struct buf *out);
/*
 * Hand the requests IN (wiped and freed after) to the venvmk-fetch that stays for this
 * process, and return at once: its answer waits for fetchhelperjoin (a batch run meanwhile
 * reads it first and keeps it). Failures are not told, but with VERBOSE. One batch ahead at
 * a time. 0, or -1 when none could be sent (no helper may stay here, or one is ahead).
 */
int fetchhelpersend(struct buf *in, bool verbose);
/* the answer to the batch fetchhelpersend sent, into OUT: its status, or -1 when none was sent */
int fetchhelperjoin(struct buf *out);
/* end the venvmk-fetch that stays for this process, if it runs, and wait for it (stopped when
 * it still works on a batch sent ahead, whose join then finds it failed): before an exec,
 * which would leave it a child of the program run, or when what it was asked ahead is no
 * longer wanted (exit does this itself) */
void fetchhelperend(void);
/*
 * Fetch the N ITEMS into DIR, many at once, each verified against its hash (and size)
 * before it gets its name; credentials come from NC. A progress line on a terminal
 * unless QUIET; QUIET 2 tells not even failures (the caller has another way, and says
 * why if that fails too); VERBOSE lists each URL. Returns 0, -1 after the helper said
 * why, or -2 when a file was not the one its index names (its sha256 or size differ;
 * the helper names it and its URL, password masked, unless QUIET is 2).
 */
int wheelfetchrun(const struct netconf *nc, struct dlitem *items, size_t n, const char *dir,
    const char *label, int quiet, bool verbose);
/* hold CACHE's download lock (one fetch of a wheel across projects); the fd to close, or -1 after warn() */
int wheelfetchlock(const char *cache, const char *label, bool quiet);
/* is the wheel of HASH ("sha256=HEX", or the hex alone) unpacked whole in CACHE? */
bool wheelcached(const char *cache, const char *hash);
/*
 * Fetch those of the N ITEMS (each named by its hash) that the cache of the sync S lacks
 * into S->tmp (made on demand), under the cache's download lock, and have them unpacked in
 * the cache before the lock goes; sets each fetched item's path. Index settings and
 * credentials are pip's for S's env and inputs; QUIET as wheelfetchrun's (S->quiet, or 2).
 * Returns 0, or -1 after warn().
 */
int wheelfetchmissing(struct dlitem *items, size_t n, struct sync *s, int quiet);
