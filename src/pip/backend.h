/* backend.h: create, seed and install through venv, virtualenv and pip. */

struct env;
struct strlist;
struct sync;

/* what a run of pip does: named in its failure message; an install marks the env as pip's (backendpipinstalled) */
enum piprun {
	PIPRUN_INSTALL,		/* pip install */
	PIPRUN_NODEPS,		/* pip install --no-deps */
	PIPRUN_DRYRUN,		/* pip install --dry-run: resolves, installs nothing */
	PIPRUN_DOWNLOAD,	/* pip download: resolves, installs nothing */
};

/* ON (-v): show the output of pip, venv and virtualenv as they run; else it is kept, and shown in full when one fails */
void backendloud(bool on);
/* create the env of S in its dir (which exists, empty but for venvmk's marker) with its interpreter; returns 0 or -1 */
int backendcreate(const struct sync *s);
/* install everything E declares into its env with pip (nothing to do: 0); returns 0 or -1 */
int backendinstall(const struct env *e, bool quiet);
/* append E's pip options and what it declares (-r, -c, packages, -e) to ARGV; false if it declares nothing to install */
bool backendpipargs(const struct env *e, struct strlist *argv);
/* start ARGV as "ENV/bin/python -m pip install" with venvmk's fixed options */
void backendpipcmd(const struct env *e, struct strlist *argv, bool quiet);
/* run ARGV, the pip run WHAT, saying "LABEL: pip ... failed" if it fails; returns 0 or -1 */
int backendrun(struct strlist *argv, const char *label, enum piprun what);
/* run "pip install --no-deps" of E's env (with E's pip-args) for the arguments REQS (none: nothing to do); 0 or -1 */
int backendnodeps(const struct env *e, const struct strlist *reqs, bool quiet);
/* whether this process started pip to install into an env (PIPRUN_INSTALL or PIPRUN_NODEPS) */
bool backendpipinstalled(void);
