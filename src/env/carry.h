/* carry.h: a recreate carries over the replaced env's own files that are still as venvmk placed them. */

struct placer;
struct sync;
struct mfile;

/*
 * Let P carry files over from the env the sync S kept aside for P's prefix (S->kept, for
 * S->keptfor), when that env's record (PLACERECORD, unchanged since S->since, the mark)
 * names the cache entries its files came from and no file was placed over another: sets
 * P->kept, P->keptmode, P->since and P->from. S may be NULL: nothing is carried.
 */
void carrysetup(struct placer *p, const struct sync *s);
/*
 * Link the kept env's file at DEST's place at DEST when it is that env's own (one link:
 * a clone or a copy, never the cache's), with the mode PERM and the owner a new file
 * gets, WANT's size and (a module) mtime, and a ctime before the mark: no write, chmod,
 * chown or rename since. 0, or 1 when it is not so (or the link failed).
 */
int carryfile(const struct placer *p, const char *dest, mode_t perm, const struct mfile *want);
/* a new env is being made at PREFIX: no file placed there yet */
void carrybegin(const char *prefix);
/* a file will be placed at DEST in the env at PREFIX, by this process or a forked placer */
void carryplan(const char *prefix, const char *dest);
/* how many files were placed at PREFIX over another one placed there since carrybegin */
size_t carryoverlaps(const char *prefix);
