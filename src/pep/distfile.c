/* distfile.c: the file names of distributions (wheels and sdists): which project and version they hold; pure. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/distfile.h"

/* does the file name FNAME (a wheel or an sdist) hold the project CANON at VERSION? */
bool
distfilematch(const char *fname, const char *canon, const char *version)
{
	static const char *const exts[] = { ".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz" };
	size_t n = strlen(fname), stem = 0;
	const char *dash;
	char *name, *ver;

	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts) && !stem; i++) {
		size_t k = strlen(exts[i]);
		if (n > k && strcmp(fname + n - k, exts[i]) == 0)
			stem = n - k;
	}
	if (!stem)
		return false;
	if (strcmp(fname + stem, ".whl") == 0) {
		if (!(dash = memchr(fname, '-', stem)))
			return false;
		name = xstrndup(fname, dash - fname);
		ver = xstrndup(dash + 1, strcspn(dash + 1, "-"));
	} else {
		for (dash = fname + stem; dash > fname && dash[-1] != '-'; dash--)
			;
		if (dash == fname)
			return false;
		name = xstrndup(fname, dash - 1 - fname);
		ver = xstrndup(dash, fname + stem - dash);
	}
	struct buf b = {0};
	struct version a, v;
	const char *why;
	depnormname(name, &b);
	bool same = b.s && strcmp(b.s, canon) == 0;
	if (same && versionparse(&a, ver, &why) == 0) {
		if (versionparse(&v, version, &why) == 0) {
			same = versioncmp(&a, &v) == 0;
			versionclear(&v);
		} else {
			same = strcmp(ver, version) == 0;
		}
		versionclear(&a);
	} else if (same) {
		same = strcmp(ver, version) == 0;
	}
	free(b.s);
	free(name);
	free(ver);
	return same;
}
