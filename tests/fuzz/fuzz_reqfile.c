/*
 * fuzz_reqfile.c: libFuzzer target for the requirements-file reader (src/inputs/reqfile.c).
 * Input: the file r.txt, which may include itself or others.
 * Checks: not crashing.
 */
#include "fuzz.h"
#include "inputs/reqfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reqset rs = {0};

	fuzz_scratchdir("reqfile");
	fuzz_file("r.txt", data, size);
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
