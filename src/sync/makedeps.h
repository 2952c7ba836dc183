/* makedeps.h: Make dependency output, in the shape of gcc -MD -MP. */

struct decision;
struct env;
struct inputs;
struct reqset;
struct state;
struct strlist;

/*
 * Write rules: STAMP depends on every input in RS plus CONFFILE, then an empty
 * rule per input. To OUT (written atomically, and only when it changed) or stdout
 * when OUT is NULL. Returns 0, or -1 after printing why.
 */
int mkdeps(const char *stamp, const char *conffile, const struct reqset *rs, const char *out);
/*
 * For venv.mk: write STATEDIR/make.d, by which make sees without starting venvmk
 * whether anything changed: STATEDIR/checked depends on every path in FILES (an
 * absent one by its nearest existing directory, where it would appear), and
 * venvmk_watch_ENVDIR names the variables VARS. The file is rewritten only when
 * it changes; STATEDIR/checked gets a new mtime. Returns 0 or -1.
 */
int mkdepsmake(const char *envdir, const char *statedir, const struct strlist *files,
    const struct strlist *vars);
/* what venv.mk must watch for E after a sync (D decided, X or ST its inputs; SITE the env's
 * site-packages): every input, the env's own files, the interpreter's paths in FILES and
 * VARS (those interpwatch gathered), written by mkdepsmake */
void makedepswrite(const struct env *e, const char *statedir, const struct decision *d,
    const struct inputs *x, const struct state *st, const char *site,
    struct strlist *files, struct strlist *vars);
