/*
 * fuzz_zipdir.c: libFuzzer target for the zip central directory reader (src/parse/zipdir.c).
 * Input: any bytes, taken as a whole zip file, and again as the tail of a file 1000 bytes longer;
 * the project asked for ("alpha", "a-b" or "") by the length.
 * Checks: not crashing; a directory found lies inside the file, and a METADATA found has
 * sizes that are not negative and a local header the reader then reads without crashing.
 */
#include "fuzz.h"
#include "parse/zipdir.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zipdir zd;
	struct zipentry e;
	const char *why;
	long long off;

	for (long long extra = 0; extra <= 1000; extra += 1000) {
		long long total = (long long)size + extra;
		if (zipdirfind(data, size, total, &zd, &why) < 0)
			continue;
		if (zd.cdoff < 0 || zd.cdsize < 0 || zd.cdoff + zd.cdsize > total)
			abort();
		if (zd.cdoff < extra)
			continue;
		const uint8_t *cd = data + (zd.cdoff - extra);
		static const char *const projects[] = { "alpha", "a-b", "" };
		if (zipdirmetadata(cd, zd.cdsize, projects[size % 3], &e, &why) < 0)
			continue;
		if (e.csize < 0 || e.usize < 0 || e.lhoff < 0 || (e.method != 0 && e.method != 8))
			abort();
		if (e.lhoff >= extra && e.lhoff < total)
			ziplocaldata(data + (e.lhoff - extra), size - (e.lhoff - extra), &off, &why);
	}
	return 0;
}
