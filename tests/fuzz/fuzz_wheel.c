/* fuzz_wheel.c: libFuzzer target for unpacking a wheel into the cache and installing it by links. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "cache/wheel.h"
#include "env/wheelinstall.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/venvmk-fuzz-wheel-XXXXXX";
	static bool ready;
	char *entry = NULL;

	if (!ready) {
		if (!mkdtemp(dir) || chdir(dir) < 0)
			abort();
		ready = true;
	}
	/* a hostile wheel may only fail: never write outside the cache and the env */
	if (writefile("x-1.0-py3-none-any.whl", data, size, 0) < 0)
		abort();
	struct layout l = {
		.prefix = "env", .purelib = "env/lib/python3.11/site-packages",
		.platlib = "env/lib/python3.11/site-packages", .scripts = "env/bin",
		.include = "env/include/python3.11", .python = "/env/bin/python", .major = 3, .minor = 11,
	};
	if (wheelunpack("cache", "x-1.0-py3-none-any.whl", NULL, &entry) == 0) {
		mkdirs(l.purelib, 0777);
		wheelinstall(entry, &l, true, NULL);
		free(entry);
	}
	removetree("cache");
	removetree("env");
	return 0;
}
