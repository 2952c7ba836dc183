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
};

/*
 * Identify CMD. CACHE is a file of earlier answers (may be NULL); it is updated
 * when WRITE is set and Python had to be asked. Returns 0, or -1 after printing
 * why, prefixed with LABEL.
 */
int interpresolve(struct interp *in, const char *cmd, const char *cache, bool write, const char *label);
/* from now on, add every path (FILES) and variable (VARS) the identity depends on; NULL stops */
void interpwatch(struct strlist *files, struct strlist *vars);
