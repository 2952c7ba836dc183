/* envlock.h: one exclusive lock per env, in its state dir, released by the kernel when the
 * last process holding it (venvmk or a child it started) exits. */

/* lock STATEDIR/lock, saying once that it waits unless QUIET; returns the fd, or -1 */
int envlockacquire(const char *statedir, const char *label, bool quiet);
