/*
 * fuzz_ini.c: libFuzzer target for the INI reader of the AWS CLI's files (src/parse/ini.c).
 * Input: any bytes: the file.
 * Checks: not crashing; a value found has no line end and no blank at either end, its
 * section was seen, and the same query gives the same answer twice.
 */
#include "fuzz.h"
#include "parse/ini.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const q[][2] = { { "default", "region" }, { "profile team", "aws_access_key_id" },
	    { "team", "AWS_SECRET_ACCESS_KEY" }, { "a]b", "x" }, { "", "" } };

	for (size_t i = 0; i < sizeof(q) / sizeof(*q); i++) {
		bool seen = false, again = false;
		char *v = inivalue((const char *)data, size, q[i][0], q[i][1], &seen);
		char *w = inivalue((const char *)data, size, q[i][0], q[i][1], &again);
		if (v) {
			size_t n = strlen(v);
			if (!seen || strchr(v, '\n') || (n && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t')))
				abort();	/* a value of a section never seen, or not trimmed */
		}
		if (seen != again || (!v) != (!w) || (v && strcmp(v, w) != 0))
			abort();	/* not deterministic */
		free(v);
		free(w);
	}
	return 0;
}
