/*
 * fuzz_wheel.c: libFuzzer target for unpacking a wheel into the cache and installing it by
 * links (src/cache/wheel.c, src/env/wheelinstall.c).
 * Input: the file x-1.0-py3-none-any.whl.
 * Checks: not crashing; a hostile wheel may only fail, never write outside the cache and
 * the env (which are removed after each input).
 */
#include "fuzz.h"
#include "cache/wheel.h"
#include "env/wheelinstall.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout l = {
		.prefix = "env", .purelib = "env/lib/python3.11/site-packages",
		.platlib = "env/lib/python3.11/site-packages", .scripts = "env/bin",
		.include = "env/include/python3.11", .python = "/env/bin/python", .major = 3, .minor = 11,
	};
	char *entry = NULL;

	fuzz_scratchdir("wheel");
	fuzz_file("x-1.0-py3-none-any.whl", data, size);
	if (wheelunpack("cache", "x-1.0-py3-none-any.whl", NULL, &entry) == 0) {
		mkdirs(l.purelib, 0777);
		wheelinstall(entry, &l, true, NULL);
		free(entry);
	}
	removetree("cache");
	removetree("env");
	return 0;
}
