/* cache.h: venvmk's shared cache: where it lives, its temporary dirs, and pruning. */

/* the tools' envs: CACHEDIR/tools/KEY/ (tool.c), each with the mark of its last use,
 * on which a running tool holds a shared flock(2) */
#define CACHE_TOOLS "tools"
#define TOOL_USED "used"
/* the index pages: CACHEDIR/pages/SHA256-OF-URL (pagecache.c), each file's mtime when the index last vouched for it */
#define CACHE_PAGES "pages"

/* the cache dir: OVERRIDE if set, else $VENVMK_CACHE_DIR, $XDG_CACHE_HOME/venvmk or ~/.cache/venvmk (newly allocated) */
char *cachedir(const char *override);
/* a new empty dir under CACHEDIR/tmp, on the cache's filesystem, to fill and rename into place; NULL after warn() */
char *cachetmpdir(const char *cachedir);
/*
 * Move the filled temporary dir TMP to DEST. If DEST exists already (another process won
 * the race), TMP is removed and that is success. Returns 0 or -1 after warn().
 */
int cachepublish(const char *tmp, const char *dest);
/* remove entries, tool envs and index pages not used for DAYS days (all with DAYS 0; a tool in use stays);
 * prints what it freed; returns 0 or -1 */
int cacheprune(const char *cachedir, int days, bool quiet);
