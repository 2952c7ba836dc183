/* site.h: what an env holds, as a sync looks at it: its site-packages, its identity, its dists. */

struct buf;
struct report;
struct strlist;

/* the site-packages dir of the env at DIR, newly allocated, or NULL */
char *sitepackages(const char *dir);
/* the identity of the env at DIR as left: its site-packages into *SITE (newly allocated;
 * __pycache__ made first, so that Python compiling a module later does not read as an
 * edit), the stat identities of that dir and of bin into SITEKEY and BINKEY; 0 or -1 */
int siteidentity(const char *dir, char **site, struct buf *sitekey, struct buf *binkey);
/* the names of the *.dist-info directories in SITE (NULL: none) into L, but for local projects' */
void sitedists(const char *site, struct strlist *l);
/* is any distribution that was in SITE (BEFORE, from sitedists) gone: removed, or replaced by another version? */
bool sitereplaced(const char *site, const struct strlist *before);
/* what the env at SITE lacks of pip's report R: "+ name version" or "name old → new" into CHANGES; their number */
int sitechanges(const char *site, const struct report *r, struct strlist *changes);
/* "canon==version" of every dist in SITE (from sitedists) into PINS */
void sitepins(const char *site, struct strlist *pins);
/* the names of every *.dist-info directory in SITE (NULL: none), local projects' too, into L */
void sitealldists(const char *site, struct strlist *l);
/* what a sync did, from the dists BEFORE to AFTER (sitealldists): "installed N, upgraded N, removed N, unchanged N"; newly allocated */
char *sitesummary(const struct strlist *before, const struct strlist *after);
