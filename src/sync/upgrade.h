/* upgrade.h: sync --upgrade and --upgrade-package for an env without a lock. */

struct decision;
struct sync;
struct syncopts;

/*
 * Apply O's --upgrade or --upgrade-package to the sync S (its env as installed, its inputs)
 * decided as D: with work ahead, that work resolves afresh; with none, resolve now (the
 * env's other dists, found in SITE, pinned for --upgrade-package; a scratch file in
 * STATEDIR), and D becomes a recreate when the new resolution differs from what the env
 * holds, with the changes as its reason. TELL says an env this does not apply to. Returns
 * 0, or 1 (the resolution failed) or 2 (the inputs could not be read) after warn().
 */
int upgradedecide(struct sync *s, const struct syncopts *o, struct decision *d, const char *site, const char *statedir,
    bool tell);
