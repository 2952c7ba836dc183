/* sync.h: one sync of one env (sync, check, clean), step by step: lock, decide, act, record. */

struct decision;
struct env;
struct inputs;
struct state;

struct syncopts {
	bool verbose, quiet;
	bool makedeps;		/* write DIR.venvmk/make.d and touch DIR.venvmk/checked for venv.mk */
	bool upgrade;		/* --upgrade: resolve afresh, not from the cached resolution */
	const struct strlist *upgrades;	/* --upgrade-package: NAME or NAME==VERSION (a lock's), or NULL */
};

/* sync E: create, refresh or recreate it as its inputs say; returns an exit status */
int syncenv(const struct env *e, const struct syncopts *o);
/* would a sync of E do work? 0 fresh, 1 work (printing why), 2 or more on error */
int synccheck(const struct env *e, const struct syncopts *o);
/* remove E's env and state if venvmk may; returns an exit status */
int syncclean(const struct env *e, const struct syncopts *o);
/* decide (decide.h) what a sync of E must do, with the interpreter's answers the cache shares; 0 or -1 */
int syncdecide(struct decision *d, const struct env *e, const struct state *st, struct inputs *x,
    const char *statedir, bool write);
