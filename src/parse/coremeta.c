/* coremeta.c: a distribution's core metadata, the RFC 822 header block of METADATA; pure. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "parse/coremeta.h"

/* the field KEY (N bytes) with VALUE (trimmed) into M */
static void
field(struct coremeta *m, const char *key, size_t n, char *value)
{
	size_t v = strlen(value);

	while (v && (value[v - 1] == ' ' || value[v - 1] == '\t' || value[v - 1] == '\r'))
		value[--v] = '\0';
	if (n == 4 && strncasecmp(key, "Name", 4) == 0 && !m->name)
		m->name = xstrdup(value);
	else if (n == 7 && strncasecmp(key, "Version", 7) == 0 && !m->version)
		m->version = xstrdup(value);
	else if (n == 15 && strncasecmp(key, "Requires-Python", 15) == 0 && !m->requirespython)
		m->requirespython = xstrdup(value);
	else if (n == 13 && strncasecmp(key, "Requires-Dist", 13) == 0)
		strlistadd(&m->requiresdist, value);
	else if (n == 14 && strncasecmp(key, "Provides-Extra", 14) == 0)
		strlistadd(&m->providesextra, value);
}

int
coremetaparse(struct coremeta *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	memset(m, 0, sizeof(*m));
	while (p < end && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
		const char *eol = memchr(p, '\n', end - p), *colon;
		const char *next = eol ? eol + 1 : end;
		struct buf value = {0};
		colon = memchr(p, ':', (eol ? eol : end) - p);
		if (!colon || *p == ' ' || *p == '\t') {
			p = next;
			continue;
		}
		const char *v = colon + 1;
		while (v < next && (*v == ' ' || *v == '\t'))
			v++;
		bufadd(&value, v, (eol ? eol : end) - v);
		/* continuation lines: a value folded over several lines */
		while (next < end && (*next == ' ' || *next == '\t')) {
			const char *e2 = memchr(next, '\n', end - next);
			bufputc(&value, ' ');
			bufadd(&value, next, (e2 ? e2 : end) - next);
			next = e2 ? e2 + 1 : end;
		}
		field(m, p, colon - p, value.s ? value.s : (char[]){0});
		free(value.s);
		p = next;
	}
	return m->name && m->version ? 0 : -1;
}

void
coremetaclear(struct coremeta *m)
{
	free(m->name);
	free(m->version);
	free(m->requirespython);
	strlistclear(&m->requiresdist);
	free(m->requiresdist.v);
	strlistclear(&m->providesextra);
	free(m->providesextra.v);
	memset(m, 0, sizeof(*m));
}
