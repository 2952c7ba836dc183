/* tomlreq.h: pyproject.toml and Pipfile as inputs: read from disk into a reqset and into pip's arguments. */

enum tomlkind {
	TOMLREQ_NONE,
	TOMLREQ_PYPROJECT,
	TOMLREQ_PIPFILE,
};

/* what a requirements file named PATH is, by its basename: "pyproject.toml", "Pipfile" or neither */
enum tomlkind tomlreqkind(const char *path);
/*
 * Dependency group spec G of E ("NAME" or "PATH:NAME", as pip 25.1 spells it) as
 * a file and a group name, both newly allocated. A plain NAME is in the Pipfile
 * that E's requirements name, else in ./pyproject.toml.
 */
void tomlreqgroup(const struct env *e, const char *g, char **path, char **name);
/*
 * Read what E takes from pyproject.toml and Pipfile files into RS: its requirements
 * of those kinds with its extras, and its groups. RS gets the files, the "req",
 * "editable" and "opt" lines, and as each file's digest the hash of what was read.
 * When ARGS is not NULL, the pip arguments that install the same are appended to
 * it. Returns 0, or -1 after "file:line:col: message".
 */
int tomlreqread(struct reqset *rs, const struct env *e, struct strlist *args);
/*
 * Append to ARGV the pip arguments for what E takes from pyproject.toml and
 * Pipfile files (its -r files of those kinds are not passed to pip as -r).
 * Returns whether any is a requirement.
 */
bool tomlreqpipargs(const struct env *e, struct strlist *argv);
/*
 * The hash of what in PATH, a local project's pyproject.toml, can change the
 * project's install, into HEX ("-" when PATH cannot be read); RS records it as
 * the digest of PATH. Returns 0, or -1 after "file:line:col: message".
 */
int tomlreqproject(struct reqset *rs, const char *path, char hex[65]);
