/* backend.h: create, seed and install through venv, virtualenv and pip. */

/* create the env in E->dir (which exists, empty but for venvmk's marker) with IN; returns 0 or -1 */
int backendcreate(const struct env *e, const struct interp *in, bool quiet);
/* install everything E declares into its env with pip (nothing to do: 0); returns 0 or -1 */
int backendinstall(const struct env *e, bool quiet);
