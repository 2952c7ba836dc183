/* resolve.h: pip resolves (a dry run whose report is cached by fingerprint); venvmk links the wheels. */

/*
 * Install what E declares into its new native env: pip's report for fingerprint FP
 * (cached, else a dry run), then every wheel file it names linked from the cache;
 * whatever is not a wheel file (editables, sdists, VCS, remote URLs) or replaces a
 * seeded dist is left to "pip install". Returns 0, or -1 after warn().
 */
int resolveinstall(const struct env *e, const struct interp *in, const char *fp, bool quiet);
