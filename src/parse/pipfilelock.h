/* pipfilelock.h: pipenv's Pipfile.lock into a struct lock (parse/lockdata.h); pure. */

struct lock;
struct buf;

/*
 * Parse the LEN bytes TEXT of the Pipfile.lock PATH into LK (zeroed; lockparse sets its
 * path and form), and append its canonical form (what counts in it) to CANON when
 * not NULL. Returns 0, or -1 after warn("PATH:LINE: ...").
 */
int pipfilelockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
/* warn when the Pipfile beside the Pipfile.lock LK no longer hashes to its _meta.hash (pipenv's --deploy check) */
void pipfilelockstale(const struct lock *lk, const char *label);
