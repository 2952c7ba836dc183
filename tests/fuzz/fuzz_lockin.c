/*
 * fuzz_lockin.c: libFuzzer target for the record of a lock's inputs a sync keeps in its state
 * dir (src/parse/lockin.c; src/sync/lockfresh.c checks its stats).
 * Input: a string, the record's text.
 * Checks: not crashing; reading twice gives the same record; the record written and read
 * again is the same record, and writing that gives the same text; a key holds no tab or
 * newline, a path, a tracked variable and the declaration no newline; no more lines read
 * than the text has; a declaration exactly when the text begins with a line "decl ...".
 */
#include "fuzz.h"
#include "parse/lockin.h"

static bool
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool
samerec(const struct lockin *a, const struct lockin *b)
{
	if (!same(a->decl, b->decl) || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!same(a->v[i].track, b->v[i].track) || !same(a->v[i].key, b->v[i].key)
		    || !same(a->v[i].path, b->v[i].path))
			return false;
	return true;
}

/* is REC, read from TEXT (LINES lines), as lockin.h says? */
static bool
wellformed(const struct lockin *rec, const char *text, size_t lines)
{
	size_t first = strcspn(text, "\n");

	if ((rec->decl != NULL) != (strncmp(text, "decl ", 5) == 0 && text[first] == '\n'))
		return false;
	if (rec->decl && strchr(rec->decl, '\n'))
		return false;
	if (rec->n > lines)
		return false;
	for (size_t i = 0; i < rec->n; i++) {
		const struct lockinline *l = &rec->v[i];
		if (l->track ? (l->key || l->path || strchr(l->track, '\n'))
		    : (!l->key || !l->path || strpbrk(l->key, "\t\n") || strchr(l->path, '\n')))
			return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *out, *out2;
	struct lockin a, b, c;
	size_t lines = 1;

	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	lockinparse(&a, text);
	lockinparse(&b, text);
	if (!samerec(&a, &b) || !wellformed(&a, text, lines))
		abort();
	out = lockinformat(&a);
	lockinparse(&c, out);
	out2 = lockinformat(&c);
	if (!samerec(&a, &c) || strcmp(out, out2) != 0)
		abort();
	free(out);
	free(out2);
	lockinclear(&a);
	lockinclear(&b);
	lockinclear(&c);
	free(text);
	return 0;
}
