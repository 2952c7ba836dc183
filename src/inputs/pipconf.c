/* pipconf.c: the keys of pip's configuration files ([global] and [install], configparser's INI), as pip install reads them. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/pipconf.h"

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
pipconfkey(const char *name, size_t n, char *out, size_t size)
{
	while (n > 0 && *name == '-')
		name++, n--;
	if (n == 0 || n >= size)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
	out[n] = '\0';
	return 0;
}

/* KEY as pip's _normalize_name has it, newly allocated */
static char *
normkey(const char *key)
{
	size_t n = strlen(key);
	char *k = xmalloc(n + 1);

	if (pipconfkey(key, n, k, n + 1) < 0)
		*k = '\0';
	return k;
}

void
pipconfeach(const char *path, void (*fn)(void *ctx, int section, const char *key, const char *value), void *ctx)
{
	struct buf b = {0}, val = {0};
	char *key = NULL;
	int cur = -1, keysec = -1;

	if (readfile(path, &b) < 0 || !b.s) {
		free(b.s);
		return;
	}
	for (char *line = b.s, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		bool indented = *line == ' ' || *line == '\t';
		char *t = trim(line);
		if (!*t || *t == '#' || *t == ';')
			continue;
		if (indented && key) {
			bufputc(&val, '\n');
			bufputs(&val, t);
			continue;
		}
		if (key)
			fn(ctx, keysec, key, val.s ? val.s : "");
		free(key);
		key = NULL;
		bufreset(&val);
		if (*t == '[') {
			cur = strncmp(t, "[global]", 8) == 0 ? 0 : strncmp(t, "[install]", 9) == 0 ? 1 : -1;
			continue;
		}
		size_t kn = strcspn(t, "=:");
		if (cur < 0 || !t[kn])
			continue;
		t[kn] = '\0';
		key = normkey(trim(t));
		keysec = cur;
		bufputs(&val, trim(t + kn + 1));
	}
	if (key)
		fn(ctx, keysec, key, val.s ? val.s : "");
	free(key);
	free(val.s);
	free(b.s);
}
