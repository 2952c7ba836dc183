/* ini.c: one value of an INI file as configparser reads it (the AWS CLI's shared files); pure. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "parse/ini.h"

char *
inivalue(const char *text, size_t n, const char *section, const char *key, bool *seen)
{
	char *copy = xstrndup(text, n), *val = NULL;
	bool in = false;

	for (char *line = copy, *next; line && !val; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		bool indented = *line == ' ' || *line == '\t';
		line += strspn(line, " \t\r");
		size_t len = strlen(line);
		while (len && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		if (!len || *line == '#' || *line == ';')
			continue;
		char *close = *line == '[' ? strrchr(line, ']') : NULL;
		if (close && close > line + 1) {
			/* configparser's "\[(?P<header>.+)\]": up to the last ']', what follows it ignored */
			size_t hn = close - line - 1;
			in = hn == strlen(section) && strncmp(line + 1, section, hn) == 0;
			*seen |= in;
			continue;
		}
		size_t k = strcspn(line, "=:");
		if (!in || indented || !line[k])
			continue;
		char *v = line + k + 1;
		while (k && isspace((unsigned char)line[k - 1]))
			k--;
		if (k == strlen(key) && strncasecmp(line, key, k) == 0)
			val = xstrdup(v + strspn(v, " \t"));
	}
	free(copy);
	return val;
}
