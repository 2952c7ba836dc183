/* resolve.h: pip resolves (a dry run whose report is cached by fingerprint); venvmk links the wheels. */

/*
 * Install what E declares into its new native env: pip's report for the fingerprint
 * of X (cached, else a dry run), every remote wheel it names that the cache lacks
 * fetched and verified, then every wheel linked from the cache; whatever is not a
 * wheel (editables, sdists, VCS) or replaces a seeded dist is left to "pip install".
 * Returns 0, or -1 after warn().
 */
int resolveinstall(const struct env *e, const struct inputs *x, bool quiet, bool verbose);
