/* lock.h: one exclusive lock per env, in its state dir, released by the kernel on exit. */

/* lock STATEDIR/lock, saying once that it waits unless QUIET; returns the fd, or -1 */
int lockacquire(const char *statedir, const char *label, bool quiet);
