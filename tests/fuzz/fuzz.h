/*
 * fuzz.h: what the libFuzzer targets share, and the one shape they all take.
 *
 * A target is tests/fuzz/fuzz_NAME.c, seeded from tests/fuzz/seeds/NAME; tests/fuzz/run.sh
 * builds each with clang against src/ and runs it.  Every target reads, in this order:
 *
 *   a header comment of three parts:
 *	fuzz_NAME.c: libFuzzer target for WHAT (the src/ files it exercises).
 *	Input: what the bytes are taken as.
 *	Checks: not crashing (ASan, UBSan), and any invariant it aborts on.
 *   #include "fuzz.h", then the src/ headers of the code under test;
 *   the target's static data and helpers, if any;
 *   LLVMFuzzerTestOneInput(data, size): its declarations; its one-time setup
 *   (fuzz_scratchdir, fuzz_quiet); the input made what the code under test takes
 *   (fuzz_text for a string, fuzz_file for a file, else data and size as they are); the
 *   calls; what they made freed; return 0.
 *
 * Errors in the input are expected: only a crash, a sanitizer's report or an abort() on a
 * broken invariant is a finding.
 */
#ifndef VENVMK_FUZZ_H
#define VENVMK_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string: its SIZE bytes copied into a new buffer with a NUL after them
 * (libFuzzer's data has none; a string reader sees the bytes up to the first NUL).  The
 * caller frees it. */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* Once, on the first call: a new scratch directory /tmp/venvmk-fuzz-NAME-XXXXXX becomes
 * the working directory, for code that reads and writes files by relative name. */
static inline void
fuzz_scratchdir(const char *name)
{
	static bool ready;
	char dir[128];

	if (ready)
		return;
	snprintf(dir, sizeof dir, "/tmp/venvmk-fuzz-%s-XXXXXX", name);
	if (!mkdtemp(dir) || chdir(dir) < 0)
		abort();
	ready = true;
}

/* The input written to the file PATH (in the scratch directory), for code that reads a file. */
static inline void
fuzz_file(const char *path, const uint8_t *data, size_t size)
{
	if (writefile(path, data, size, 0) < 0)
		abort();
}

/* Once, on the first call: stdio's stderr goes to /dev/null, for code that warns on every
 * invalid input.  Only the stdio stream: libFuzzer keeps its own copy of it, and the
 * sanitizers write to fd 2. */
static inline void
fuzz_quiet(void)
{
	static bool quiet;

	if (quiet)
		return;
	if (!(stderr = fopen("/dev/null", "w")))
		abort();
	quiet = true;
}

#endif
