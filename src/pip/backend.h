/* backend.h: create, seed and install through venv, virtualenv and pip. */

/* create the env in E->dir (which exists, empty but for venvmk's marker) with IN; returns 0 or -1 */
int backendcreate(const struct env *e, const struct interp *in, bool quiet);
/* install everything E declares into its env with pip (nothing to do: 0); returns 0 or -1 */
int backendinstall(const struct env *e, bool quiet);
/* append E's pip options and what it declares (-r, -c, packages, -e) to ARGV; false if it declares nothing to install */
bool backendpipargs(const struct env *e, struct strlist *argv);
/* start ARGV as "ENV/bin/python -m pip install" with venvmk's fixed options */
void backendpipcmd(const struct env *e, struct strlist *argv, bool quiet);
/* run ARGV, saying "LABEL: WHAT failed" if it fails; returns 0 or -1 */
int backendrun(struct strlist *argv, const char *label, const char *what);
/* whether this process started pip to install into an env (WHAT "pip install", no dry run) */
bool backendpipinstalled(void);
