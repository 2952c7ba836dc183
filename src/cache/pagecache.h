/* pagecache.h: index pages kept in the cache's pages/ with their validators (ETag,
 * Last-Modified, Cache-Control), and had through venvmk-fetch: a fresh page with no request,
 * a stale one revalidated by a conditional request (304: the kept body), a changed one kept anew. */

struct netconf;
struct strlist;
struct sync;

/* one page to have */
struct pagereq {
	const char *url;	/* the page, without credentials */
	char *body;		/* set by pagesfetch: its text, NUL-terminated, or NULL when it could not be had */
	size_t len;
	int status;		/* 0: fresh in the cache, no request; 200; 304: the kept body; 404: not on that index (empty); -1: failed */
};

/* the indexes NC names (none with --no-index), without their credentials, pushed onto IDX */
void pageindexes(const struct netconf *nc, struct strlist *idx);
/* the project page of CANON on INDEX (newly allocated) */
char *pageurl(const char *index, const char *canon);
/*
 * Have the N pages of REQS: from the cache of S when fresh (validated by this process, or
 * younger than its max-age unless S->upgrade), else all the others fetched together by
 * venvmk-fetch, conditionally when the cache holds them; credentials from NC, QUIET as
 * wheelfetchrun's. Each answer is kept (but for no-store). Returns the requests made.
 */
size_t pagesfetch(struct sync *s, const struct netconf *nc, struct pagereq *reqs, size_t n, int quiet);
/*
 * Start having the N pages URLS (without credentials) as pagesfetch would, in the background:
 * venvmk-fetch works on them while this process goes on (a resolution that will certainly
 * ask for them, while the interpreter is asked for its facts). The next pagesfetch, or
 * pagesjoin, takes their answers into the cache. Nothing when venvmk-fetch cannot stay.
 */
void pagesprefetch(struct sync *s, const struct netconf *nc, const char *const *urls, size_t n);
/* take the answers of pagesprefetch's pages into the cache of S (nothing when none are on their way) */
void pagesjoin(struct sync *s);
/* free the bodies of the N REQS */
void pagesclear(struct pagereq *reqs, size_t n);
