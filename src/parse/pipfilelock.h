/* pipfilelock.h: pipenv's Pipfile.lock into a struct lock (parse/lockdata.h), and a Pipfile's
 * hash as its _meta.hash gives it; pure. */

struct lock;
struct buf;

/*
 * Parse the LEN bytes TEXT of the Pipfile.lock PATH into LK (zeroed; lockparse sets its
 * path and form), and append its canonical form (what counts in it) to CANON when
 * not NULL. Returns 0, or -1 after warn("PATH:LINE: ...").
 */
int pipfilelockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
/*
 * Plette's hash of the Pipfile whose LEN bytes are TEXT (named PATH in messages), as
 * pipenv writes it in Pipfile.lock's _meta.hash.sha256, into HEX (lower-case).
 * Returns 0, or -1 after warn("PATH:LINE:COL: message") when TEXT is not TOML.
 */
int pipfilehash(const char *text, size_t len, const char *path, char hex[65]);
/* pipfilehash, and the Pipfile's [requires] and [[source]] (pypi's when it has none) as the JSON
 * pipenv copies into Pipfile.lock's _meta, appended to REQUIRES and SOURCES (either may be NULL) */
int pipfilemeta(const char *text, size_t len, const char *path, char hex[65], struct buf *requires, struct buf *sources);
