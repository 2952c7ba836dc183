/* mkactivate.c: mkactivate BINDIR ENVDIR PROMPT MINOR writes an env's activation scripts, for the tests. */
#include <stdio.h>
#include <stdlib.h>
#include "base/util.h"
#include "env/activate.h"

int
main(int argc, char *argv[])
{
	struct activation a;
	char *end;
	long minor;

	argv0 = "mkactivate";
	if (argc != 5) {
		fprintf(stderr, "usage: mkactivate BINDIR ENVDIR PROMPT MINOR\n");
		return 1;
	}
	minor = strtol(argv[4], &end, 10);
	if (!*argv[4] || *end || minor < 0 || minor > 99)
		fatal("bad minor version: %s", argv[4]);
	a.envdir = argv[2];
	a.bin = "bin";
	a.prompt = argv[3];
	a.minor = minor;
	return activatewrite(argv[1], &a) < 0;
}
