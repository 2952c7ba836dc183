/* lockfresh.h: the pip-compile workflow: a lock declared beside the inputs it is made from, brought up to date before the env is synced from it. */

struct env;
struct strlist;
struct syncopts;

/* does E declare a lock beside the requirements, constraints or packages it is made from? */
bool lockfrominputs(const struct env *e);
/* E as installed: its lock alone (VIEW shares E's strings; the lists of inputs are hidden) */
void lockview(const struct env *e, struct env *view);
/*
 * Bring the lock of E up to date with its inputs before a sync, under the env's flock:
 * stats alone when the inputs and the lock are as the last check recorded in STATEDIR;
 * else venvmk lock's work (O's --upgrade and --upgrade-package apply). The paths make
 * must watch are appended to WATCH (may be NULL). Returns 0, or an exit status after warn().
 */
int lockfreshen(const struct env *e, const struct syncopts *o, const char *statedir, struct strlist *watch);
/* would lockfreshen change E's lock? 0 no, 1 yes (the lock is out of date with the inputs), 2 after warn() */
int lockstale(const struct env *e, const char *statedir);
