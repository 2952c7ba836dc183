/* initool.c: parse/ini.c on the file FILE: for each "SECTION<TAB>KEY" line of standard input,
 * one line: the value ("-" when none), a tab, and 1 or 0: whether the section is there. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/ini.h"

int
main(int argc, char **argv)
{
	struct buf text = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (argc != 2 || readfile(argv[1], &text) < 0)
		fatal("usage: initool FILE <queries");
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			fatal("a query is SECTION<TAB>KEY");
		*tab = '\0';
		bool seen = false;
		char *v = inivalue(text.s ? text.s : "", text.len, line, tab + 1, &seen);
		printf("%s\t%d\n", v ? v : "-", seen);
		free(v);
	}
	free(line);
	free(text.s);
	return fflush(stdout) != 0;
}
