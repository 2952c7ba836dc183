/* conf.h: environment declarations from venv.conf and from command-line flags. */

enum backend {
	BACKEND_VENV,
	BACKEND_VIRTUALENV,
	BACKEND_NATIVE,
};

/* how the native backend puts a cached file into an env (place.c) */
enum linkmode {
	LINK_AUTO,	/* clone where the filesystems can, else hard link, else copy */
	LINK_CLONE,
	LINK_HARDLINK,
	LINK_COPY,
};

struct env {
	char *name;		/* section title, or NULL for an env declared by flags */
	char *dir;		/* the environment directory, relative to the working dir */
	char *python;		/* base interpreter: a command on PATH or a path */
	struct strlist requirements, constraints, packages, editables, pipargs, trackenv;
	struct strlist extras;	/* extras of each pyproject.toml among the requirements */
	struct strlist groups;	/* dependency groups: "NAME" or "PATH:NAME" */
	bool reqoptional;	/* requirements.txt was implied: a missing one is not an error */
	enum backend backend;
	bool syssite;
	bool pip;
	char *prompt;		/* NULL: the backend's default */
	char *conffile;		/* the venv.conf that declared it, or NULL */
	char *cachedir;		/* cache-dir, or NULL for the default */
	enum linkmode linkmode;	/* link-mode: how the native backend takes files from its cache */
	char *lock;		/* lock: a pylock.toml or Pipfile.lock that is the whole env, or NULL */
	char *remote;		/* remote-cache: the URL prefix of a remote cache (credentials and all), or NULL; no input */
	bool remotewrite;	/* remote-cache-write: push what a sync made to it */
	char *excludenewer;	/* exclude-newer: the instant (RFC 3339 in UTC) after which no uploaded file counts, or NULL */
	const char *label;	/* what messages call it, when not its dir (a scratch env stands in for it) */
};

struct conf {
	struct env **envs;
	size_t n;
	char *file;		/* venv.conf in use, or NULL */
};

/* what the command line declares; a set field overrides the file */
struct decl {
	char *dir, *python, *prompt, *backend, *cachedir, *linkmode;
	char *lock;		/* --lock FILE */
	char *remote;		/* --remote-cache=URL ("": none) */
	bool remotewrite;	/* --remote-cache-write */
	char *excludenewer;	/* --exclude-newer=DATE ("": none) */
	struct strlist requirements, constraints, packages, editables, pipargs, trackenv;
	bool hasreq, hascon, haspkg, hasedit, haspiparg, hastrack;
	struct strlist extras, groups;
	bool hasextra, hasgroup;
	int syssite, pip;	/* -1 unset, else 0/1 */
	bool any;		/* any declaration flag was given */
	bool noconf;		/* --no-conf: ignore ./venv.conf */
};

/* the backend named NAME, or -1 */
int backendparse(const char *name);
/* the name of backend B */
const char *backendname(enum backend b);
/* the link mode named NAME (auto, clone, hardlink, copy), or -1 */
int linkmodeparse(const char *name);
/* the name of link mode M */
const char *linkmodename(enum linkmode m);
/* DATE (an RFC 3339 date-time, or a date: the end of that day in UTC) as RFC 3339 in UTC, newly allocated; NULL with *WHY (static) when it is neither */
char *excludenewerparse(const char *date, const char **why);
/* the default list of environment variables that change what pip resolves */
void conftrackdefaults(struct strlist *l);
/*
 * Load the declarations: FILE (or ./venv.conf when FILE is NULL and it exists);
 * D only says whether flags declare the env. Returns 0, or -1 after printing "file:line: message".
 */
int confload(struct conf *c, const char *file, const struct decl *d);
/* free what confload made (C itself is the caller's); accepts NULL */
void delconf(struct conf *c);
/* override E's declaration with what the command line set in D */
void confapply(struct env *e, const struct decl *d);
/* the env called NAME (a section title, or the dir), or NULL */
struct env *conffind(struct conf *c, const char *name);
/* check E's values after the flags are applied; returns 0, or -1 after saying why */
int envcheck(const struct env *e);
/* a short label for messages: the dir */
const char *envlabel(const struct env *e);
/* check a dir value is usable; returns NULL or a static message */
const char *dircheck(const char *dir);
