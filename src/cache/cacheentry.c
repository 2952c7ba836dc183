/* cacheentry.c: an unpacked wheel in the cache: its manifest, damage, and the digests RECORD wants. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <nettle/sha2.h>
#include "base/util.h"
#include "cache/cache.h"
#include "cache/cacheentry.h"

void
manifestadd(struct manifest *m, const char *name, bool exec, const struct stat *st)
{
	struct mfile *f;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	f = &m->v[m->n++];
	f->name = xstrdup(name);
	f->exec = exec;
	f->size = st->st_size;
	f->sec = st->st_mtim.tv_sec;
	f->nsec = st->st_mtim.tv_nsec;
}

void
manifestclear(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* ENTRY's manifest into M; returns 0, or 1 when it is missing or unreadable (a damaged entry) */
int
manifestread(const char *entry, struct manifest *m)
{
	char *path = pathjoin(entry, MANIFEST), *line, *end, *p;
	struct buf b = {0};
	struct mfile f;
	int ret = 1;

	if (readfile(path, &b) < 0 || strncmp(b.s, MANIFESTHEAD, strlen(MANIFESTHEAD)) != 0)
		goto out;
	for (line = b.s + strlen(MANIFESTHEAD); *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			goto out;
		*end = '\0';
		if ((line[0] != 'x' && line[0] != '-') || line[1] != ' ')
			goto out;
		f.exec = line[0] == 'x';
		f.size = strtoll(line + 2, &p, 10);
		if (*p != ' ')
			goto out;
		f.sec = strtoll(p + 1, &p, 10);
		if (*p != '.')
			goto out;
		f.nsec = strtol(p + 1, &p, 10);
		if (*p != ' ' || !p[1])
			goto out;
		f.name = xstrdup(p + 1);
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 64;
			m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
		}
		m->v[m->n++] = f;
	}
	ret = 0;
out:
	free(b.s);
	free(path);
	return ret;
}

bool
mfilesame(const struct mfile *f, const struct stat *st)
{
	return S_ISREG(st->st_mode) && st->st_size == f->size && st->st_mtim.tv_sec == f->sec
	    && st->st_mtim.tv_nsec == f->nsec;
}

bool
mfileok(const char *entry, const struct mfile *f)
{
	struct stat st;
	char *path = pathjoin(entry, f->name);
	bool ok = lstat(path, &st) == 0 && mfilesame(f, &st);

	free(path);
	return ok;
}

char *
pycpath(const char *name, const char *tag)
{
	const char *slash = strrchr(name, '/'), *base = slash ? slash + 1 : name;

	return xasprintf("%.*s__pycache__/%.*s.%s.pyc", (int)(base - name), name, (int)strlen(base) - 3, base, tag);
}

int
pycmissing(const char *entry, const char *tag, struct strlist *missing)
{
	char *path = xasprintf("%s/%s%s", entry, PYCMARKER, tag), *line, *nl;
	struct buf b = {0};
	size_t hl = strlen(PYCHEAD), el = strlen(PYCEND);
	int ret = -1;

	if (readfile(path, &b) < 0 || b.len < hl + el || memcmp(b.s, PYCHEAD, hl) != 0
	    || memcmp(b.s + b.len - el, PYCEND, el) != 0 || (b.len > hl + el && b.s[b.len - el - 1] != '\n'))
		goto out;
	b.s[b.len - el] = '\0';
	for (line = b.s + hl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		strlistadd(missing, line);
	}
	ret = 0;
out:
	free(b.s);
	free(path);
	return ret;
}

bool
entrydiscard(const char *entry)
{
	char *wheels = pathdir(entry), *cache = pathdir(wheels), *tmp, *dst;
	bool moved = false;

	tmp = cachetmpdir(cache);
	if (tmp) {
		dst = pathjoin(tmp, "damaged");
		moved = rename(entry, dst) == 0;
		if (!moved && errno != ENOENT)
			warn("rename %s to %s:", entry, dst);
		if (removetree(tmp) < 0)
			warn("remove %s:", tmp);
		free(dst);
		free(tmp);
	}
	free(cache);
	free(wheels);
	return moved;
}
