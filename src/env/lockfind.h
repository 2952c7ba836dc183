/* lockfind.h: the files of pinned packages (Pipfile.lock, hashed requirements) found in
 * find-links dirs and on the index pages (PEP 691 JSON or PEP 503 HTML), fetched by venvmk-fetch. */

struct lock;
struct sync;
struct tags;

/*
 * Give every pinned package among the N selected (SEL, indexes into LK) its files as
 * DISTS: the wheels (and sdists) of its name and version whose sha256 it lists, from
 * the find-links dirs, else from the index pages, fetched into S->tmp (a cache temporary
 * dir made when needed). A pin with no wheel for TAGS but a listed sdist becomes a pip
 * entry. Returns 0, or -1 after warn().
 */
int lockfindpins(struct lock *lk, const size_t *sel, size_t nsel, const struct tags *tags, struct sync *s);
