/*
 * lockpinstool.c: the pins venvmk lock keeps of a lock (src/parse/lockpins.c), for the
 * oracle tests/oracle/lockpinsoracle.py. Usage: lockpinstool pylock|requirements FILE...
 * For each FILE, a line "== FILE ok" or "== FILE error", then its pins, one a line.
 * A FILE is read as its name says (lockparse: uv.lock, a Pipfile.lock, or a pylock.toml).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/lockpins.h"

int
main(int argc, char **argv)
{
	bool pylock = argc > 1 && strcmp(argv[1], "pylock") == 0;

	if (argc < 2 || (!pylock && strcmp(argv[1], "requirements") != 0)) {
		fprintf(stderr, "usage: lockpinstool pylock|requirements FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		struct buf b = {0};
		struct strlist pins = {0};
		if (readfile(argv[i], &b) < 0) {
			warn("%s:", argv[i]);
			return 2;
		}
		int ret = lockpins(b.s ? b.s : "", b.len, argv[i], pylock, &pins);
		printf("== %s %s\n", argv[i], ret == 0 ? "ok" : "error");
		for (size_t k = 0; k < pins.n; k++)
			printf("%s\n", pins.v[k]);
		strlistclear(&pins);
		free(pins.v);
		free(b.s);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
