/* state.h: what the last successful sync recorded; atomic write; the stamp. */

struct inputs;

struct state {
	bool present;
	char *decl, *opts, *fp;
	char *real, *realkey, *impl, *version;	/* the base interpreter */
	char *site, *sitekey, *binkey;		/* the env's site-packages and bin as left */
	char *where;				/* the env's absolute path, or NULL (a state of an older venvmk) */
	struct strlist track, vars, files, absent, projects, reqlines;
	struct rebuilt *built;			/* the last change a sync made to the env, or NULL (none recorded) */
	struct buf raw;
};

/* the last change a sync made to an env: when, what (created, recreated, refreshed) and why */
struct rebuilt {
	long long time;			/* seconds since the epoch */
	const char *action, *reason;
	struct strlist changes;		/* the requirement lines that changed (decision.changes) */
};

/* read DIR/state into ST; a missing or unreadable state leaves ST->present false */
void stateread(struct state *st, const char *statedir);
/* write the state for X, with the env's site-packages and bin identity and its last change BUILT (NULL: none); returns 0 or -1 */
int statewrite(const char *statedir, const struct inputs *x, const char *site, const char *sitekey,
    const char *binkey, const struct rebuilt *built);
/* free what stateread put in ST */
void stateclear(struct state *st);
/* forget the last sync (before the env is touched); returns 0 or -1 */
int stateforget(const char *statedir);
/* mark that a sync is changing the env (what it does: WHAT); returns 0 or -1 */
int statepending(const char *statedir, const char *what);
/* the sync finished: remove the mark */
void statedone(const char *statedir);
/* did a sync start changing the env and not finish? */
bool stateunfinished(const char *statedir);
/* give the stamp a new mtime, holding fingerprint FP; returns 0 or -1 */
int stamptouch(const char *statedir, const char *fp);
/* the stamp path, newly allocated */
char *stamppath(const char *statedir);
/* an undone sync had touched the stamp in STATEDIR: give it back its fingerprint FP and time (OLD), or remove it (OLD NULL) */
void stamprestore(const char *statedir, const struct stat *old, const char *fp);
