/* lockin.c: the record of a lock's inputs (the state dir's lockin file) read into its lines
 * and written back; the stats it names are sync/lockfresh.c's to check; pure. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/lockin.h"

void
lockinadd(struct lockin *rec, const char *track, const char *key, const char *path)
{
	if (rec->n == rec->cap) {
		rec->cap = rec->cap ? 2 * rec->cap : 8;
		rec->v = xrealloc(rec->v, rec->cap * sizeof(*rec->v));
	}
	struct lockinline *l = &rec->v[rec->n++];
	l->track = track ? xstrdup(track) : NULL;
	l->key = track ? NULL : xstrdup(key);
	l->path = track ? NULL : xstrdup(path);
}

void
lockinparse(struct lockin *rec, const char *text)
{
	size_t first = strcspn(text, "\n");

	memset(rec, 0, sizeof(*rec));
	if (strncmp(text, "decl ", 5) == 0 && text[first] == '\n')
		rec->decl = xstrndup(text + 5, first - 5);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *line = xstrndup(l, strcspn(l, "\n")), *tab = strchr(line, '\t');
		if (strncmp(line, "track ", 6) == 0) {
			lockinadd(rec, line + 6, NULL, NULL);
		} else if (strncmp(line, "file ", 5) == 0 && tab) {
			*tab = '\0';
			lockinadd(rec, NULL, line + 5, tab + 1);
		}
		free(line);
	}
}

char *
lockinformat(const struct lockin *rec)
{
	struct buf b = {0};

	bufputs(&b, "");
	if (rec->decl)
		bufprintf(&b, "decl %s\n", rec->decl);
	for (size_t i = 0; i < rec->n; i++)
		if (rec->v[i].track)
			bufprintf(&b, "track %s\n", rec->v[i].track);
		else
			bufprintf(&b, "file %s\t%s\n", rec->v[i].key, rec->v[i].path);
	return b.s;
}

void
lockinclear(struct lockin *rec)
{
	if (!rec)
		return;
	for (size_t i = 0; i < rec->n; i++) {
		free(rec->v[i].track);
		free(rec->v[i].key);
		free(rec->v[i].path);
	}
	free(rec->v);
	free(rec->decl);
	memset(rec, 0, sizeof(*rec));
}
