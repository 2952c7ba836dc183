/*
 * fuzz_sdist.c: libFuzzer target for reading an sdist's PKG-INFO (src/parse/sdist.c: gunzip
 * and the tar reader), and its metadata as a resolver takes it (src/parse/coremeta.c).
 * Input: the bytes of a .tar.gz.
 * Checks: not crashing; a PKG-INFO found is at most 1 MiB, and is nothing on a failure.
 */
#include "fuzz.h"
#include "parse/sdist.h"
#include "parse/coremeta.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = {0};
	struct coremeta m;
	const char *why = NULL;

	if (sdistpkginfo(data, size, &b, &why) == 0) {
		if (b.len > (1 << 20))
			abort();
		if (coremetaparse(&m, b.s ? b.s : "", b.len) == 0)
			(void)coremetadynamic(&m);
		coremetaclear(&m);
	} else if (!why || b.len) {
		abort();
	}
	free(b.s);
	return 0;
}
