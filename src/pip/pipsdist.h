/* pipsdist.h: pip as the metadata source of one sdist whose dependencies are dynamic. */

struct sync;

/*
 * The metadata pip's build gives of the sdist file SDIST (pip install --dry-run --no-deps
 * --ignore-installed --report, in a scratch env with pip under S's tmp, made on first use)
 * as core metadata, newly allocated into *TEXT; 0, -1 after warn() when pip could not be
 * asked, or -2 when pip failed on it (and said why). S's sdistmeta hook.
 */
int pipsdistmeta(struct sync *s, const char *sdist, char **text);
