/*
 * fuzz_conf.c: libFuzzer target for venv.conf loading (src/inputs/conf.c).
 * Input: the file venv.conf.
 * Checks: not crashing; each env of a file that loads goes through envcheck too.
 */
#include "fuzz.h"
#include "inputs/conf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decl d = { .syssite = -1, .pip = -1 };
	struct conf c;

	fuzz_scratchdir("conf");
	fuzz_file("venv.conf", data, size);
	if (confload(&c, "venv.conf", &d) == 0)
		for (size_t i = 0; i < c.n; i++)
			envcheck(c.envs[i]);
	delconf(&c);
	return 0;
}
