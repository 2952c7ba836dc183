/* fuzz_reqfile.c: libFuzzer target for the requirements-file reader. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/reqfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/venvmk-fuzz-XXXXXX";
	static bool ready;
	struct reqset rs = {0};

	if (!ready) {
		if (!mkdtemp(dir) || chdir(dir) < 0)
			abort();
		ready = true;
	}
	if (writefile("r.txt", data, size, 0) < 0)
		abort();
	/* the file may include itself or others: errors are fine, crashes are not */
	reqread(&rs, "r.txt", false, false, "fuzz");
	strlistclear(&rs.files);
	strlistclear(&rs.absent);
	strlistclear(&rs.remote);
	strlistclear(&rs.lines);
	strlistclear(&rs.projects);
	strlistclear(&rs.vars);
	free(rs.files.v);
	free(rs.absent.v);
	free(rs.remote.v);
	free(rs.lines.v);
	free(rs.projects.v);
	free(rs.vars.v);
	free(rs.stack.v);
	return 0;
}
