/* pipdownload.h: resolve with `pip download -d`, keeping what pip downloaded (pips whose dry run downloads too). */

struct env;
struct inputs;
struct buf;

/*
 * Can `pip download` stand in for the dry run for E: its pip (PIPVERSION, the env's) still
 * downloads every wheel in a dry run, and the env comes out the same (no editable, direct
 * reference, local project, or pip argument or configuration section read otherwise)?
 * $VENVMK_RESOLVE=dry-run says no, =download takes it whatever the pip.
 */
bool pipdownloadable(const struct env *e, const struct inputs *x, const char *pipversion);
/*
 * Run `pip download -d DIR` for E, hash every file it left there, and
 * put the report a dry run would have given into JSON: each file as a file:// URL with its
 * sha256, name, version and whether a requirement line names it. Returns 0, or -1 after warn().
 */
int pipdownloadrun(struct buf *json, const struct env *e, const struct inputs *x, const char *dir);
