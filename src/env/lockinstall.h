/* lockinstall.h: a lock installed into a new native env with no pip: select, pick, fetch, check, link. */

struct env;
struct inputs;
struct strlist;
struct sync;

/*
 * Install the set the lock of S's env (or the hash-pinned requirements of its inputs)
 * gives this interpreter into the env's new native env: each wheel picked by tag
 * priority, verified, fetched into the cache when it lacks it, the set checked to be
 * closed, then linked; sdists, VCS, directories and archives are appended to PIPREQS as
 * the arguments of a "pip install --no-deps" for the caller to run (pip.h's backendnodeps).
 * Returns 0, or -1 after warn(), or 1 (nothing done) when a hash-pinned requirement has
 * no wheel here: pip must resolve, or 2 when a cache entry proved damaged: the entry is
 * discarded, and a rebuild makes it again (fetching its wheel again when that is gone).
 * AHEAD stops once every wheel is in the cache and the set is checked, before the env is
 * touched (PIPREQS unused, may be NULL): the install that follows then finds everything there.
 */
int lockinstall(struct sync *s, bool ahead, struct strlist *pipreqs);
/* is E (with the inputs X) installed by lockinstall: a native env with a lock, or hash-pinned requirements? */
bool lockwanted(const struct env *e, const struct inputs *x);
