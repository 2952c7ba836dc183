/* statedir.h: the state dir venvmk keeps beside each env (DIR.venvmk), and the one list of
 * the names of the files in it: every module names them from here, and clean removes them. */

#define STATE_STATE "state"		/* the recorded state (sync/state.c) */
#define STATE_STAMP "stamp"		/* the stamp Makefiles depend on (sync/state.c) */
#define STATE_PENDING "pending"		/* a sync under way: what it does (sync/state.c) */
#define STATE_INTERP "interp"		/* the interpreter's answers (sync/decide.c, inputs/interp.c) */
#define STATE_LOCK "lock"		/* the flock on the env (sync/envlock.c) */
#define STATE_FAILED "failed"		/* why the last sync failed (sync/failure.c) */
#define STATE_KEPT "kept"		/* the env kept aside during a sync (sync/txn.c) */
#define STATE_PLACED "placed"		/* the mark: venvmk alone placed the env's files (sync/txn.c) */
#define STATE_MAKED "make.d"		/* what venv.mk must watch (sync/makedeps.c) */
#define STATE_CHECKED "checked"		/* touched when a check found the env fresh (sync/makedeps.c) */
#define STATE_TRASH "trash."		/* an env being removed: trash.PID (sync/safety.c) */
#define STATE_RESOLVING "resolving"	/* the scratch env pip resolves in (pip/pipresolve.c) */
#define STATE_REPORT "report.json"	/* pip's report of a dry run (pip/pipresolve.c) */
#define STATE_LOCKIN "lockin"		/* a lock's inputs as its last check found them (sync/lockfresh.c) */
#define STATE_IGNORE ".gitignore"	/* "*": git ignores the state dir, and each env venvmk creates (statedirignore) */
/* the marker file a new env holds until its backend has written it (sync/safety.c) */
#define ENV_MARKER ".venvmk"

/* the files clean removes from a state dir, NULL-terminated (dirs such as kept and trash are removed apart) */
extern const char *const statefiles[];
/* write DIR/.gitignore holding "*", as venv does from Python 3.13, unless DIR has one; 0 or -1 with errno set */
int statedirignore(const char *dir);
/* the state dir of the env at ENVDIR: "ENVDIR.venvmk", trailing slashes dropped; newly allocated */
char *statedirof(const char *envdir);
