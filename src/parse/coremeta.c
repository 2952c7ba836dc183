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
	else if (n == 16 && strncasecmp(key, "Metadata-Version", 16) == 0 && !m->metaversion)
		m->metaversion = xstrdup(value);
	else if (n == 7 && strncasecmp(key, "Dynamic", 7) == 0)
		strlistadd(&m->dynamic, value);
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

const char *
coremetadynamic(const struct coremeta *m)
{
	static const char *const deps[] = { "requires-dist", "requires-python", "provides-extra" };
	const char *v = m->metaversion;
	long major = 0, minor = 0;

	if (v) {
		char *end;
		major = strtol(v, &end, 10);
		minor = *end == '.' ? strtol(end + 1, NULL, 10) : 0;
	}
	if (!v || major < 2 || (major == 2 && minor < 2))
		return "its metadata is older than 2.2 (PEP 643), so its dependencies may be dynamic";
	for (size_t i = 0; i < m->dynamic.n; i++)
		for (size_t k = 0; k < sizeof(deps) / sizeof(*deps); k++)
			if (strcasecmp(m->dynamic.v[i], deps[k]) == 0)
				return "its sdist's dependencies are dynamic";
	return NULL;
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
	free(m->metaversion);
	strlistclear(&m->dynamic);
	free(m->dynamic.v);
	memset(m, 0, sizeof(*m));
}
