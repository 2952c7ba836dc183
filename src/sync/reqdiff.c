/* reqdiff.c: the requirement lines added, removed or changed between two syncs, as a person reads them. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "sync/reqdiff.h"

/* one line only in the old set or only in the new one */
struct item {
	char *key;		/* the project's normalized name, or the line itself (a path, a URL) */
	const char *text;	/* the requirement as written, "-e X" for an editable */
	const char *rest;	/* what follows the name: the specifier, extras, marker */
	bool added;
	char *mem;
};

static int
itemcmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (int)x->added - (int)y->added;
}

static void
itemof(struct item *it, const char *line, bool added)
{
	struct dep d;
	const char *why;
	bool req = strncmp(line, "req ", 4) == 0;

	memset(it, 0, sizeof(*it));
	it->added = added;
	if (req) {
		it->text = line + 4;
	} else {
		const char *sp = strchr(line, ' ');
		it->mem = xasprintf("-e %s", sp ? sp + 1 : line);
		it->text = it->mem;
	}
	it->rest = "";
	if (req && depparse(&d, it->text, &why) == 0) {
		it->key = xstrdup(d.canon);
		it->rest = it->text + strlen(d.name);
		it->rest += strspn(it->rest, " ");
		depclear(&d);
	} else {
		it->key = xstrdup(it->text);
	}
}

/* the lines of A that B lacks (both sorted) into ITEMS as ADDED */
static void
missing(const struct strlist *a, const struct strlist *b, bool added, struct item **items, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < a->n; i++) {
		if (b->n && bsearch(&a->v[i], b->v, b->n, sizeof(*b->v), strlistcmp))
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*items = xrealloc(*items, *cap * sizeof(**items));
		}
		itemof(&(*items)[(*n)++], a->v[i], added);
	}
}

/* a pin as its version alone ("==7.4" → "7.4"), else the whole REST */
static const char *
shown(const char *rest, const char *other)
{
	bool pins = strncmp(rest, "==", 2) == 0 && strncmp(other, "==", 2) == 0
	    && !strpbrk(rest, ",;[ *") && !strpbrk(other, ",;[ *");

	return pins ? rest + 2 : *rest ? rest : "(any version)";
}

void
reqdiff(const struct strlist *old, const struct strlist *now, size_t max, struct strlist *out)
{
	struct item *items = NULL;
	size_t n = 0, cap = 0, shownn = 0, total = 0;

	missing(old, now, false, &items, &n, &cap);
	missing(now, old, true, &items, &n, &cap);
	if (n > 1)
		qsort(items, n, sizeof(*items), itemcmp);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(items[j].key, items[i].key) == 0)
			j++;
		/* one line of a name went, one came: its specifier changed */
		bool changed = j - i == 2 && !items[i].added && items[i + 1].added
		    && strcmp(items[i].key, items[i].text) != 0;
		for (size_t k = i; k < j; k += changed ? 2 : 1) {
			total++;
			if (shownn >= max)
				continue;
			shownn++;
			if (changed)
				strlistpush(out, xasprintf("~ %s %s → %s", items[i].key,
				    shown(items[i].rest, items[i + 1].rest), shown(items[i + 1].rest, items[i].rest)));
			else
				strlistpush(out, xasprintf("%c %s", items[k].added ? '+' : '-', items[k].text));
		}
		i = j;
	}
	if (total > shownn)
		strlistpush(out, xasprintf("and %zu more", total - shownn));
	for (size_t i = 0; i < n; i++) {
		free(items[i].key);
		free(items[i].mem);
	}
	free(items);
}
