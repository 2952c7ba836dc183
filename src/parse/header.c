/* header.c: the RFC 822 headers of a wheel's WHEEL and METADATA files; pure. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "parse/header.h"

char *
headerfield(const char *text, const char *key)
{
	size_t klen = strlen(key), n;
	const char *line = text, *end, *v;

	for (; *line && *line != '\n' && !(line[0] == '\r' && line[1] == '\n'); line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (strncasecmp(line, key, klen) == 0 && line[klen] == ':') {
			v = line + klen + 1;
			while (v < end && isspace((unsigned char)*v))
				v++;
			n = end - v;
			while (n > 0 && isspace((unsigned char)v[n - 1]))
				n--;
			return xstrndup(v, n);
		}
		if (!*end)
			break;
	}
	return NULL;
}
