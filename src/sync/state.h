/* state.h: what the last successful sync recorded; atomic write; the stamp. */

struct inputs;

struct state {
	bool present;
	char *decl, *opts, *fp;
	char *real, *realkey, *impl, *version;	/* the base interpreter */
	char *site, *sitekey, *binkey;		/* the env's site-packages and bin as left */
	char *where;				/* the env's absolute path, or NULL (a state of an older venvmk) */
	struct strlist track, vars, files, absent, projects, reqlines;
	struct buf raw;
};

/* read DIR/state into ST; a missing or unreadable state leaves ST->present false */
void stateread(struct state *st, const char *statedir);
/* write the state for X, with the env's site-packages and bin identity; returns 0 or -1 */
int statewrite(const char *statedir, const struct inputs *x, const char *site, const char *sitekey,
    const char *binkey);
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
