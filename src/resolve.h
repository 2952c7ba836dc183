/* resolve.h: pip resolves (a dry run whose report is cached by fingerprint); venvmk links the wheels. */

/*
 * Install what E declares into its native env: pip's report for fingerprint FP
 * (cached, else a dry run), then every wheel file it names linked from the cache;
 * whatever is not a wheel file (editables, sdists, VCS, remote URLs) is left to
 * "pip install". FRESH says the env was just created. Returns 0, 1 when an installed
 * dist would have to change version (only a recreate is exact), or -1 after warn().
 */
int resolveinstall(const struct env *e, const struct interp *in, const char *fp, bool fresh, bool quiet);
