/* lockwrite.h: a resolution written as a lock: pylock.toml (PEP 751), or a requirements
 * file in pip's hash-checking form as pip-compile --generate-hashes writes it; pure. */

/* one file of a locked version */
struct lwfile {
	char *name;		/* "a-1.0-py3-none-any.whl" */
	char *url;		/* where it is served, or NULL */
	char *path;		/* a local file, relative to the lock's dir, or NULL */
	char sha256[65];
	long long size;		/* -1: unknown */
	char *uploadtime;	/* RFC 3339, or NULL */
};

/* one locked distribution */
struct lwpkg {
	char *name, *canon;	/* as its metadata spells it; PEP 503 normalized */
	char *version;
	char *index;		/* the simple index it came from, or NULL */
	char *requirespython;	/* its Requires-Python, or NULL */
	struct strlist deps;	/* the canon names of the locked packages it requires here */
	struct strlist via;	/* who required it: canon names, or "-r FILE" for the inputs */
	struct lwfile *files;	/* wheels and sdists, sorted by name */
	size_t nfiles;
};

struct lwlock {
	char *requirespython;	/* what every locked version accepts, or NULL */
	struct strlist environments;	/* markers where the resolution holds (none: any) */
	char *fp;		/* the inputs' fingerprint */
	char *excludenewer;	/* the exclude-newer it was resolved under (RFC 3339 in UTC), or NULL */
	char *regen;		/* the command that brings it up to date, for the header */
	struct lwpkg *v;
	size_t n;
};

/* the pylock.toml text of LK, its packages sorted by name: the same lock, the same bytes; newly allocated */
char *lockwritepylock(struct lwlock *lk);
/* the requirements text of LK (sorted, "--hash" lines, "# via"); newly allocated */
char *lockwritereqs(struct lwlock *lk);
/* the inputs' fingerprint recorded in the lock TEXT ([tool.venvmk] inputs, or the header's "# venvmk-inputs:"), or NULL; newly allocated */
char *lockwrittenfp(const char *text);
/* TEXT without the lines that record the fingerprint and the digest, for comparing two locks; newly allocated */
char *lockwithoutfp(const char *text);
/* TEXT (as lockwrite* gave it) with the digest of what counts in it after the fingerprint's line; newly allocated */
char *lockseal(const char *text);
/* does the digest the lock TEXT records match it: not edited by hand since venvmk wrote it? */
bool lockintact(const char *text);
/* add an empty package named NAME at VERSION to LK; returns it */
struct lwpkg *lwadd(struct lwlock *lk, const char *name, const char *canon, const char *version);
/* add a file to P; returns it, zeroed but for NAME and SIZE -1 */
struct lwfile *lwaddfile(struct lwpkg *p, const char *name);
/* free what LK holds */
void lwlockclear(struct lwlock *lk);
