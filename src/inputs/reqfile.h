/* reqfile.h: pip requirements-file reader → input files and normalized lines. */

struct env;

struct reqset {
	struct strlist files;	/* every local file that is an input, in first-read order */
	struct strlist absent;	/* inputs that may exist later (optional files, project metadata) */
	struct strlist remote;	/* -r/-c URLs that cannot be tracked */
	struct strlist lines;	/* "req X", "constraint X", "editable X", "opt NAME [VALUE]" */
	struct strlist projects;	/* local project dirs (pip resolves them against the working dir) */
	struct strlist vars;	/* "NAME=VALUE" or "NAME" (unset) for every ${NAME} expanded */
	struct strlist digests;	/* "PATH\tSHA256": what counts in a TOML input, hashed in place of its bytes */
	struct strlist stack;	/* private: files being read, for cycle detection */
};

/*
 * Read requirements file PATH and everything it includes into RS. CONSTRAINT
 * marks a -c file. OPTIONAL allows PATH to be missing. Errors are printed as
 * "file:line: message" (or "LABEL: path: message" for PATH itself); returns 0 or -1.
 */
int reqread(struct reqset *rs, const char *path, bool constraint, bool optional, const char *label);
/* add a requirement string given outside a file (a package or editable from venv.conf or a flag) */
void reqinline(struct reqset *rs, const char *kind, const char *text);
/* S with each ${NAME} replaced by its value when set and not empty, recorded in RS's vars (newly allocated) */
char *reqexpand(struct reqset *rs, const char *s);
/* normalize the spacing of a requirement string, newly allocated */
char *reqnorm(const char *s);
/* is S a URL with a scheme (http:, file:, git+https:)? */
bool requrl(const char *s);
/*
 * Is RS (what E declares) in pip's hash-checking form, so that it installs as a lock:
 * requirement lines only, each pinned with == and given --hash, no editables,
 * constraints, URLs or options beyond the index ones, and no inline packages?
 */
bool reqhashpinned(const struct reqset *rs, const struct env *e);
