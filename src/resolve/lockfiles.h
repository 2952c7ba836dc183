/* lockfiles.h: every file of each locked version, from find-links and the indexes. */

struct lwlock;
struct lwpkg;
struct sync;

/*
 * Give each package of LK every file of its version that the find-links dirs and pages
 * and the indexes of S's env offer with a sha256 (local files named relative to the
 * absolute dir LOCKDIR, URLs without credentials), the pages had through the page cache
 * (those this run had with no request). A page that cannot be had is no error. Returns 0.
 */
int lockfilesfind(struct lwlock *lk, struct sync *s, const char *lockdir);
/* add the file NAME (at URL, without its credentials, or PATH) with SHA (64 hex), SIZE (-1: unknown) and
 * UPLOADTIME (RFC 3339 in UTC, or NULL) to P, unless P has it */
void lockfilesadd(struct lwpkg *p, const char *name, const char *url, const char *path, const char *sha, long long size,
    const char *uploadtime);
