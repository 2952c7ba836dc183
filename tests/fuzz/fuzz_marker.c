/*
 * fuzz_marker.c: libFuzzer target for PEP 508 markers and dependency specifiers
 * (src/pep/marker.c, src/pep/dep.c).
 * Input: a string, read as a marker (evaluated in and out of a lock file, that is with and
 * without a package name, extras and groups) and as a requirement line.
 * Checks: not crashing; a marker evaluates to -1, 0 or 1, a requirement's marker to no less
 * than -1.
 */
#include "fuzz.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"

static const struct markerenv env = {
	"posix", "linux", "x86_64", "CPython", "6.1.0-18-amd64", "Linux",
	"#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1", "3.13", "3.13.0+", "cpython", "3.13.0",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *extras[] = {"foo-bar", "Test"}, *groups[] = {"dev"};
	static const struct strlist ex = {extras, 2, 2}, gr = {groups, 1, 1};
	char *text = fuzz_text(data, size);
	struct marker *m;
	struct dep d;
	const char *why;
	int r;

	if (markerparse(&m, text, &why) == 0) {
		if ((r = markereval(m, &env, "Foo.Bar", &ex, &gr, &why)) < -1 || r > 1)
			abort();
		if ((r = markereval(m, &env, NULL, NULL, NULL, &why)) < -1 || r > 1)
			abort();
		delmarker(m);
	}
	if (depparse(&d, text, &why) == 0) {
		if (d.marker && (r = markereval(d.marker, &env, "", NULL, NULL, &why)) < -1)
			abort();
		depclear(&d);
	}
	free(text);
	return 0;
}
