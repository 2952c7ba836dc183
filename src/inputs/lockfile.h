/* lockfile.h: lock files (pylock.toml, Pipfile.lock, hash-pinned requirements) as inputs, in
 * the shape of parse/lockdata.h: read, fingerprinted, and the set for one interpreter selected;
 * no process, no network. */

struct lock;
struct lockpkg;
struct reqset;
struct env;
struct markerenv;
struct tags;

/* read and parse E's lock file into LK; 0, or -1 after warn() */
int lockload(struct lock *lk, const struct env *e);
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
