/* uvlock.h: uv's uv.lock into a struct lock (parse/lockdata.h), and the entries that hold for
 * one interpreter: those its projects' dependencies reach; pure. */

struct lock;
struct buf;
struct markerenv;
struct strlist;

/*
 * Parse the LEN bytes TEXT of the uv.lock PATH (version 1) into LK (zeroed; lockparse sets
 * its path and form): each [[package]] an entry (registry and URL wheels with their sha256,
 * an sdist, git, directory, path or editable source for pip; a virtual project none), its
 * dependencies, optional-dependencies and dev-dependencies as edges; the workspace's
 * projects the roots, their extras and groups the lock's (dev the default group). Appends
 * the lock's canonical form to CANON when not NULL. Returns 0, or -1 after warn("PATH:LINE: ...").
 */
int uvlockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
/*
 * Mark in ON (LK->n of them) the entries reached from LK's roots for the interpreter ME
 * with the roots' EXTRAS and GROUPS: a dependency counts where its marker holds, and brings
 * the extras it names. Returns 0, or -1 after warn("PATH:LINE: ...") for a bad marker.
 */
int uvlockwalk(const struct lock *lk, const struct markerenv *me, const struct strlist *extras,
    const struct strlist *groups, bool *on);
