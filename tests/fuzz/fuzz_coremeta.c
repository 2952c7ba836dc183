/*
 * fuzz_coremeta.c: libFuzzer target for reading core metadata (src/parse/coremeta.c), as a
 * resolver reads METADATA and PEP 658 files.
 * Input: the bytes of a METADATA file.
 * Checks: not crashing; a parse that succeeds has a name and a version.
 */
#include "fuzz.h"
#include "parse/coremeta.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct coremeta m;

	if (coremetaparse(&m, (const char *)data, size) == 0 && (!m.name || !m.version))
		abort();
	coremetaclear(&m);
	return 0;
}
