/* lockpipenv.h: venvmk lock's Pipfile.lock: its Pipfile, and [packages] and [dev-packages] as "default" and "develop". */

struct env;
struct lwlock;
struct strlist;

/*
 * When E's Pipfile (among its requirements) has [dev-packages]: FULL, E with that group
 * (a Pipfile.lock is resolved with both sections, so that its fingerprint is theirs), and
 * BASE, E without it (whose roots go into "default"); their groups are copies, freed by
 * lockpipenvclear. False, and nothing set, when there are none.
 */
bool lockpipenvsplit(const struct env *e, struct env *full, struct env *base);
void lockpipenvclear(struct env *full, struct env *base);
/* the roots of a Pipfile.lock's sections, read with no interpreter: those of BASE (whose needs go
 * into "default") into ROOTS[0], the others of FULL (into "develop") into ROOTS[1] */
void lockpipenvsections(const struct env *full, const struct env *base, struct strlist roots[2]);
/*
 * The Pipfile.lock of LK for E, to be written into DIR: its _meta from the Pipfile there or
 * among E's inputs; what DEFROOTS need in "default", what DEVROOTS need in "develop" (both
 * NULL: everything in "default"). NULL after warn().
 */
char *lockpipenvtext(const struct lwlock *lk, const struct env *e, const char *dir, const struct strlist *defroots,
    const struct strlist *devroots, const char *label);
