/* interp.h: the base interpreter's identity from stat, its version cached; no Python started when warm. */

struct interp {
	char *cmd;		/* as declared */
	char *resolved;		/* found on PATH */
	bool shim;		/* the resolved file is a script (pyenv, asdf) */
	char selkey[65];	/* for a shim: hash of what makes it select a version */
	char *real;		/* the real interpreter binary */
	char *realkey;		/* its stat identity */
	char *impl, *version;	/* "CPython", "3.11.7" */
	bool queried;		/* Python had to be started */
	/* what the native backend needs, from the same query */
	char *base;		/* sys._base_executable */
	char *abiflags;
	char *purelib, *platlib, *include, *scripts;	/* the venv scheme, relative to the env */
	char *pipwheel, *stwheel;	/* the wheels ensurepip installs ("": none) */
	char *cachetag;		/* sys.implementation.cache_tag: "cpython-311" */
	bool lib64;		/* venv links lib64 -> lib */
};

/*
 * Identify CMD. CACHE and SHARED are files of earlier answers (the env's own, and
 * the user's cache shared by every project; either may be NULL); both are updated
 * when WRITE is set and Python had to be asked. Returns 0, or -1 after printing
 * why, prefixed with LABEL.
 */
int interpresolve(struct interp *in, const char *cmd, const char *cache, const char *shared,
    bool write, const char *label);
/* the interpreter's minor version (3.MINOR), or -1 */
int interpminor(const struct interp *in);
/* from now on, add every path (FILES) and variable (VARS) the identity depends on; NULL stops */
void interpwatch(struct strlist *files, struct strlist *vars);
