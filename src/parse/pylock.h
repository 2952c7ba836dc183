/* pylock.h: PEP 751 pylock.toml into a struct lock (parse/lockdata.h); pure. */

struct lock;
struct buf;

/*
 * Parse the LEN bytes TEXT of the pylock.toml PATH into LK (zeroed; lockparse sets its
 * path and form), and append its canonical form (what counts in it) to CANON when
 * not NULL. Returns 0, or -1 after warn("PATH:LINE: ...").
 */
int pylockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
