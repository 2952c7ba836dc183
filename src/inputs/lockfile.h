/* lockfile.h: lock files (pylock.toml, Pipfile.lock, hash-pinned requirements) in one shape:
 * read, fingerprinted, and the set for one interpreter selected; pure (no process, no network). */

struct reqset;
struct env;
struct markerenv;
struct tags;

enum lockform {
	LOCK_PYLOCK,		/* PEP 751 pylock.toml */
	LOCK_PIPFILE,		/* pipenv's Pipfile.lock */
	LOCK_REQS,		/* a requirements file in pip's hash-checking form */
};

/* one file a package may be installed from */
struct lockdist {
	char *name;		/* the file name: "a-1.0-py3-none-any.whl" */
	char *url;		/* NULL when none */
	char *path;		/* a local path, relative to the working dir, or NULL */
	char sha256[65];	/* lower-case hex, "" when the lock gives none */
	long long size;		/* bytes, -1 when unknown */
};

enum lockpkgkind {
	LOCKPKG_WHEELS,		/* pylock: DISTS are its wheels */
	LOCKPKG_PIN,		/* name==version with HASHES: the file is found on the index */
	LOCKPKG_PIP,		/* an sdist, VCS, directory or archive: pip builds PIPREQ */
};

struct lockpkg {
	char *name, *canon;	/* as written; PEP 503 normalized */
	char *version;		/* NULL when the lock gives none */
	char *marker;		/* NULL when none */
	char *requirespython;	/* NULL when none */
	int line;		/* where it is in the lock (0: unknown) */
	enum lockpkgkind kind;
	struct lockdist *dists;
	size_t ndists;
	struct strlist hashes;	/* PIN: the sha256 hex of each acceptable file */
	struct strlist extras;	/* the extras asked for (hashed requirements) */
	char *index;		/* PIN: the index URL the lock names, or NULL for pip's */
	char *pipreq;		/* PIP: the argument pip installs */
	const char *what;	/* PIP: "sdist", "vcs", "directory", "archive", "editable", "path" */
	bool othershown;	/* PIN: a find-links file of it has a hash the lock does not list */
};

struct lock {
	enum lockform form;
	char *path;		/* the lock file */
	char *requirespython;	/* NULL when none */
	struct strlist environments;	/* markers, one of which must hold (empty: any) */
	struct strlist extras, groups, defaultgroups;	/* what the lock offers */
	char *metahash;		/* Pipfile.lock: _meta.hash.sha256, or NULL */
	struct lockpkg *v;
	size_t n, cap;
};

/* the form of the lock file PATH by its name: Pipfile.lock (any *.lock or *.json) or pylock */
enum lockform lockformof(const char *path);
/*
 * Parse the LEN bytes TEXT of the lock PATH into LK (zeroed), and append its canonical
 * form (what counts in it) to CANON when not NULL. Returns 0, or -1 after warn("PATH:LINE: ...").
 */
int lockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
/* read and parse E's lock file into LK; 0, or -1 after warn() */
int lockload(struct lock *lk, const struct env *e);
/* free what LK holds; accepts NULL */
void lockclear(struct lock *lk);
/* a new package at the end of LK, zeroed but for KIND and LINE */
struct lockpkg *lockadd(struct lock *lk, enum lockpkgkind kind, int line);
/*
 * E's lock as an input: its file into RS's files, the hash of its canonical form
 * as its digest, and a line "lock PATH HEX" that changes when what it says changes.
 * Returns 0, or -1 after warn() (a missing file, a syntax error: "file:line:").
 */
int lockreadinputs(struct reqset *rs, const struct env *e);
/*
 * The packages of LK to install for the interpreter ME (whose full version is
 * ME->python_full_version) with the extras EXTRAS and the groups GROUPS asked for
 * (none: the lock's default groups), as indexes into LK->v in *SEL (newly allocated,
 * *NSEL of them). Returns 0, or -1 after warn() naming what the lock does not allow.
 */
int lockselect(const struct lock *lk, const struct markerenv *me, const struct strlist *extras,
    const struct strlist *groups, size_t **sel, size_t *nsel, const char *label);
/* the index in P->dists of the wheel best for TAGS, or -1 (none fits) */
long lockpickwheel(const struct lockpkg *p, const struct tags *tags);
/* append "the best tags tried" for a message to B: the first few of TAGS */
void locktagsbrief(const struct tags *tags, struct buf *b);
/* the hash-pinned requirement lines of RS as a lock in LK (zeroed); 0, or -1 after warn() */
int lockfromreqs(struct lock *lk, const struct reqset *rs, const char *label);
/* parse a Pipfile.lock (pipfilelock.c); as lockparse */
int pipfilelockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
/* warn when the Pipfile beside the Pipfile.lock LK no longer hashes to its _meta.hash (pipenv's --deploy check) */
void pipfilelockstale(const struct lock *lk, const char *label);
/* parse a pylock.toml (pylock.c); as lockparse */
int pylockparse(struct lock *lk, const char *text, size_t len, const char *path, struct buf *canon);
