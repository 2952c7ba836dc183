/* urltool.c: for each URL on standard input, one line: urlredact, urlstripauth, then the user
 * and the password of urlsplitauth in hex ("-" when absent), tab-separated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "base/url.h"

static void
hex(const char *s)
{
	putchar('\t');
	if (!s)
		putchar('-');
	for (; s && *s; s++)
		printf("%02x", (unsigned char)*s);
}

int
main(void)
{
	char *line = NULL, *r, *s, *user, *password, *rest;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		r = urlredact(line);
		s = urlstripauth(line);
		urlsplitauth(line, &user, &password, &rest);
		if (strcmp(rest, s) != 0)
			fatal("urlsplitauth and urlstripauth differ on %s", line);
		printf("%s\t%s", r, s);
		hex(user);
		hex(password);
		putchar('\n');
		free(r), free(s), free(user), free(password), free(rest);
	}
	if (fflush(stdout) != 0)
		fatal("write:");
	return 0;
}
