/*
 * fuzz_uvlock.c: libFuzzer target for the uv.lock reader and the walk that selects its set (src/parse/uvlock.c, src/inputs/lockfile.c).
 * Input: the bytes of a uv.lock.
 * Checks: not crashing; a lock that reads has its set selected with the default groups,
 * and with the extra "cli" and the group "dev".
 */
#include "fuzz.h"
#include "pep/marker.h"
#include "parse/lockdata.h"
#include "parse/uvlock.h"
#include "inputs/lockfile.h"

static const struct markerenv me = { "posix", "linux", "x86_64", "CPython", "6.1.0", "Linux", "#1 SMP",
	"3.11", "3.11.7", "cpython", "3.11.7" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist extras = {0}, groups = {0};
	struct lock lk = {0};
	struct buf canon = {0};
	size_t *sel, nsel;

	fuzz_quiet();
	lk.path = xstrdup("uv.lock");
	lk.form = LOCK_UV;
	if (uvlockparse(&lk, (const char *)data, size, "uv.lock", &canon) == 0) {
		if (lockselect(&lk, &me, &extras, &groups, &sel, &nsel, "fuzz") == 0)
			free(sel);
		strlistadd(&extras, "cli");
		strlistadd(&groups, "dev");
		if (lockselect(&lk, &me, &extras, &groups, &sel, &nsel, "fuzz") == 0)
			free(sel);
	}
	lockclear(&lk);
	strlistclear(&extras);
	free(extras.v);
	strlistclear(&groups);
	free(groups.v);
	free(canon.s);
	return 0;
}
