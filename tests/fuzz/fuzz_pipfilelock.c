/*
 * fuzz_pipfilelock.c: libFuzzer target for the Pipfile.lock reader and the selection of its set (src/parse/pipfilelock.c, src/inputs/lockfile.c).
 * Input: the bytes of a Pipfile.lock.
 * Checks: not crashing; a lock that reads has its set selected without groups and with
 * the group "develop".
 */
#include "fuzz.h"
#include "pep/marker.h"
#include "parse/lockdata.h"
#include "parse/pipfilelock.h"
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

	lk.path = xstrdup("Pipfile.lock");
	if (pipfilelockparse(&lk, (const char *)data, size, "Pipfile.lock", &canon) == 0) {
		if (lockselect(&lk, &me, &extras, &groups, &sel, &nsel, "fuzz") == 0)
			free(sel);
		strlistadd(&groups, "develop");
		if (lockselect(&lk, &me, &extras, &groups, &sel, &nsel, "fuzz") == 0)
			free(sel);
	}
	lockclear(&lk);
	strlistclear(&groups);
	free(groups.v);
	free(canon.s);
	return 0;
}
