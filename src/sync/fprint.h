/* fprint.h: the fingerprint of every input of an env. */

struct inputs {
	struct reqset rs;
	struct interp in;
	char decl[65];		/* the declaration as written (flags and venv.conf) */
	char opts[65];		/* what forces a recreate when it changes */
	char fp[65];		/* the portable fingerprint of everything */
	struct strlist reqlines;	/* requirement lines, sorted, unique: may grow by install */
	struct strlist files;	/* "STATKEY\tSHA256\tPATH" for every input file */
	struct strlist projects;	/* "SHA256\tDIR" of each local project's metadata */
	struct strlist track;	/* "NAME=VALUE" or "NAME" of every tracked variable */
	struct strlist pipconf;	/* pip configuration files that exist */
	char *where;		/* the env's absolute path: not in the fingerprint (a CI cache key), but an env is not relocatable */
};

/* hash the declaration of E into HEX: cheap, no file is read */
void fprintdecl(const struct env *e, char hex[65]);
/* the current value of each tracked variable of E, as "NAME=VALUE" or "NAME" */
void fprinttrack(const struct env *e, struct strlist *out);
/* read E's requirements and constraints files and its inline lines into RS; returns 0 or -1 */
int fprintreqs(struct reqset *rs, const struct env *e);
/*
 * Read every input of E (requirements files and what they include, local projects)
 * and compute the fingerprints; X->in must be resolved (decide() has also set X->decl). Returns 0, or -1 after an error.
 */
int fprintcompute(struct inputs *x, const struct env *e);
