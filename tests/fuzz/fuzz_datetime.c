/*
 * fuzz_datetime.c: libFuzzer target for the RFC 3339 reader (src/parse/datetime.c).
 * Input: any bytes, read as one string (up to the first NUL).
 * Checks: not crashing; an instant that reads is written back as a date-time that reads
 * to the same instant, and a date-time (not a plain date) reads alike with dates allowed.
 */
#include "fuzz.h"
#include "parse/datetime.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size), out[40];
	long long us, again, other;
	const char *why;

	for (int dateok = 0; dateok < 2; dateok++)
		if (datetimeparse(s, dateok, &us, &why) == 0) {
			datetimeformat(us, out);
			if (datetimeparse(out, false, &again, &why) != 0 || again != us)
				abort();
			if (!dateok && (datetimeparse(s, true, &other, &why) != 0 || other != us))
				abort();
		}
	free(s);
	return 0;
}
