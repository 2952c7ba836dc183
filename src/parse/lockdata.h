/* lockdata.h: a lock file's packages in one shape, as the parsers give them (pylock.toml,
 * Pipfile.lock, hash-pinned requirements): the types, and building and freeing them; pure. */

enum lockform {
	LOCK_PYLOCK,		/* PEP 751 pylock.toml */
	LOCK_PIPFILE,		/* pipenv's Pipfile.lock */
	LOCK_REQS,		/* a requirements file in pip's hash-checking form */
	LOCK_UV,		/* uv's uv.lock: what holds is what the projects' dependencies reach */
};

/* one file a package may be installed from */
struct lockdist {
	char *name;		/* the file name: "a-1.0-py3-none-any.whl" */
	char *url;		/* NULL when none */
	char *path;		/* a local path, relative to the working dir, or NULL */
	char sha256[65];	/* lower-case hex, "" when the lock gives none */
	long long size;		/* bytes, -1 when unknown */
};

/* uv.lock: one dependency of an entry on another entry of the lock */
struct lockedge {
	size_t to;		/* the index of the entry it names */
	char *marker;		/* NULL: always */
	struct strlist extras;	/* the extras of TO it asks for */
	char *via;		/* NULL: a dependency; else the extra ("extra NAME") or group ("group NAME") that brings it */
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
	struct lockedge *edges;	/* uv.lock: its dependencies */
	size_t nedges;
	bool root;		/* uv.lock: a project of the workspace, where the walk starts */
	bool virtual;		/* uv.lock: a project that is not installed, only its dependencies */
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

/* a new package at the end of LK, zeroed but for KIND and LINE */
struct lockpkg *lockadd(struct lock *lk, enum lockpkgkind kind, int line);
/* free what LK holds; accepts NULL */
void lockclear(struct lock *lk);
