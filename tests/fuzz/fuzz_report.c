/*
 * fuzz_report.c: libFuzzer target for reading pip's installation report (src/parse/report.c).
 * Input: a string, the report's JSON.
 * Checks: not crashing.
 */
#include "fuzz.h"
#include "parse/report.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct report r;

	if (reportparse(&r, text, "fuzz") == 0)
		reportclear(&r);
	free(text);
	return 0;
}
