/* fuzz_conf.c: libFuzzer target for venv.conf loading. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/venvmk-fuzz-XXXXXX";
	static bool ready;
	struct decl d = { .syssite = -1, .pip = -1 };
	struct conf c;

	if (!ready) {
		if (!mkdtemp(dir) || chdir(dir) < 0)
			abort();
		ready = true;
	}
	if (writefile("venv.conf", data, size, 0) < 0)
		abort();
	if (confload(&c, "venv.conf", &d) == 0)
		for (size_t i = 0; i < c.n; i++)
			envcheck(c.envs[i]);
	delconf(&c);
	return 0;
}
