/* pipresolve.h: pip resolves (a dry run or pip download; the report is cached by fingerprint); venvmk links the wheels. */

/*
 * Install what E declares into its new native env: pip's report for the fingerprint
 * of X (cached, else a dry run), every remote wheel it names that the cache lacks
 * fetched and verified, then every wheel linked from the cache; whatever is not a
 * wheel (editables, sdists, VCS) or replaces a seeded dist is left to "pip install".
 * Returns 0, -1 after warn(), or 2 when a cache entry proved damaged: the entry is
 * discarded, and a rebuild makes it again (resolving again and fetching its wheel when
 * that went with the download dir of the sync that fetched it).
 */
int resolveinstall(const struct env *e, const struct inputs *x, bool quiet, bool verbose);
/*
 * Before E's env is touched: have pip's report for X's fingerprint cached and every wheel
 * it names in the cache, resolving (when no cached report will do) in a scratch env of
 * the same interpreter and pip in E's state dir, removed afterwards. A failure leaves
 * the env as it is. Returns 0, or -1 after warn().
 */
int resolveahead(const struct env *e, const struct inputs *x, bool quiet, bool verbose);
