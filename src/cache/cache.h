/* cache.h: venvmk's shared cache: where it lives, its temporary dirs, and pruning. */

/* the cache dir: OVERRIDE if set, else $VENVMK_CACHE_DIR, $XDG_CACHE_HOME/venvmk or ~/.cache/venvmk (newly allocated) */
char *cachedir(const char *override);
/* a new empty dir under CACHEDIR/tmp, on the cache's filesystem, to fill and rename into place; NULL after warn() */
char *cachetmpdir(const char *cachedir);
/*
 * Move the filled temporary dir TMP to DEST. If DEST exists already (another process won
 * the race), TMP is removed and that is success. Returns 0 or -1 after warn().
 */
int cachepublish(const char *tmp, const char *dest);
/* remove entries not used for DAYS days (all with DAYS 0); prints what it freed; returns 0 or -1 */
int cacheprune(const char *cachedir, int days, bool quiet);
