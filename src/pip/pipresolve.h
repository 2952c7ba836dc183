/* pipresolve.h: pip resolves (a dry run or pip download; the report is cached by fingerprint); venvmk links the wheels. */

struct report;
struct sync;

/*
 * Install what the env of S declares into its new native env: pip's report for the fingerprint
 * of its inputs (cached, else a dry run), every remote wheel it names that the cache lacks
 * fetched and verified, then every wheel linked from the cache; whatever is not a
 * wheel (editables, sdists, VCS) or replaces a seeded dist is left to "pip install".
 * Returns 0, -1 after warn(), or 2 when a cache entry proved damaged: the entry is
 * discarded, and a rebuild makes it again (resolving again and fetching its wheel when
 * that went with the download dir of the sync that fetched it).
 */
int resolveinstall(struct sync *s);
/*
 * Before the env of S is touched: have pip's report for its inputs' fingerprint cached and every wheel
 * it names in the cache, resolving (when no cached report will do) in a scratch env of
 * the same interpreter and pip in the env's state dir, removed afterwards. A failure leaves
 * the env as it is. Returns 0, or -1 after warn().
 */
int resolveahead(struct sync *s);
/*
 * pip's report for the inputs of S, for a lock: the cached one when S asks for no upgrade
 * and no more arguments, else a dry run (with S->pipextra; a pipextra, even empty, means a dry run, never pip download) in a scratch env made in
 * S->tmp (made on demand), which is then cached for the inputs' fingerprint. Nothing is
 * fetched or installed. Returns 0, or -1 after warn() (pip said why).
 */
int resolvereport(struct sync *s, struct report *r);
