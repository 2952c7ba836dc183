/* fuzz_report.c: libFuzzer target for reading pip's installation report. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/report.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct report r;

	if (reportparse(&r, text, "fuzz") == 0)
		reportclear(&r);
	free(text);
	return 0;
}
