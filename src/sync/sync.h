/* sync.h: take the lock, act on the decision, record state and stamp. */

struct buildopts {
	bool verbose, quiet;
	bool makedeps;		/* write DIR.venvmk/make.d and touch DIR.venvmk/checked for venv.mk */
};

/* sync E: create, refresh or recreate it as its inputs say; returns an exit status */
int buildsync(const struct env *e, const struct buildopts *o);
/* would a sync of E do work? 0 fresh, 1 work (printing why), 2 or more on error */
int buildcheck(const struct env *e, const struct buildopts *o);
/* remove E's env and state if venvmk may; returns an exit status */
int buildclean(const struct env *e, const struct buildopts *o);
/* decide (decide.h) what a sync of E must do, with the interpreter's answers the cache shares; 0 or -1 */
int syncdecide(struct decision *d, const struct env *e, const struct state *st, struct inputs *x,
    const char *statedir, bool write);
