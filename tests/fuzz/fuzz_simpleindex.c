/*
 * fuzz_simpleindex.c: libFuzzer target for the reader of index pages, PEP 691 JSON and
 * PEP 503 HTML, that the lock installer fetches (src/parse/simpleindex.c).
 * Input: the bytes of a project's page.
 * Checks: not crashing.
 */
#include "fuzz.h"
#include "parse/simpleindex.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct simplefile *files = NULL;
	size_t n = 0;
	const char *why;

	if (simpleparse((const char *)data, size, "https://127.0.0.1:8080/simple/alpha/", &files, &n, &why) == 0)
		delsimplefiles(files, n);
	return 0;
}
