/* record.c: RECORD, the CSV list of an installed dist's files: read, sorted, written as pip writes it. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <nettle/sha2.h>
#include "base/util.h"
#include "parse/record.h"

void
recordparse(const char *s, struct rows *rows)
{
	struct buf field = {0};
	struct row r;
	int nf;
	bool quoted;

	while (*s) {
		nf = 0;
		memset(&r, 0, sizeof(r));
		for (;;) {
			bufreset(&field);
			bufputs(&field, "");
			quoted = *s == '"';
			if (quoted) {
				for (s++; *s; s++) {
					if (*s == '"' && s[1] == '"')
						bufputc(&field, *s++);
					else if (*s == '"')
						break;
					else
						bufputc(&field, *s);
				}
				if (*s)
					s++;
			}
			while (*s && *s != ',' && *s != '\n' && *s != '\r')
				bufputc(&field, *s++);
			if (nf < 3)
				r.f[nf] = xstrdup(field.s);
			nf++;
			if (*s != ',')
				break;
			s++;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		if (nf == 1 && !*r.f[0]) {
			free(r.f[0]);
			continue;
		}
		for (int i = 0; i < 3; i++)
			if (!r.f[i])
				r.f[i] = xstrdup("");
		if (rows->n == rows->cap) {
			rows->cap = rows->cap ? rows->cap * 2 : 64;
			rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
		}
		rows->v[rows->n++] = r;
	}
	free(field.s);
}

void
recordadd(struct rows *rows, const char *path, const char *hash, const char *size)
{
	struct row *r;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
	}
	r = &rows->v[rows->n++];
	r->f[0] = xstrdup(path);
	r->f[1] = xstrdup(hash);
	r->f[2] = xstrdup(size);
}

void
recordclear(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		for (int f = 0; f < 3; f++)
			free(rows->v[i].f[f]);
	free(rows->v);
}

static int
rowcmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = 0;

	for (int i = 0; c == 0 && i < 3; i++)
		c = strcmp(x->f[i], y->f[i]);
	return c;
}

static void
csvfield(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		bufputs(b, s);
		return;
	}
	bufputc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			bufputc(b, '"');
		bufputc(b, *s);
	}
	bufputc(b, '"');
}

void
recordtext(struct rows *rows, struct buf *b)
{
	qsort(rows->v, rows->n, sizeof(*rows->v), rowcmp);
	bufreset(b);
	bufputs(b, "");
	for (size_t i = 0; i < rows->n; i++) {
		for (int f = 0; f < 3; f++) {
			if (f)
				bufputc(b, ',');
			csvfield(b, rows->v[i].f[f]);
		}
		bufputs(b, "\r\n");
	}
}

/* urlsafe base64 without padding, as RECORD wants it */
static void
b64url(const uint8_t *p, size_t n, struct buf *b)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint32_t v;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		bufputc(b, digits[v >> 18 & 63]);
		bufputc(b, digits[v >> 12 & 63]);
		bufputc(b, digits[v >> 6 & 63]);
		bufputc(b, digits[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		bufputc(b, digits[v >> 18 & 63]);
		bufputc(b, digits[v >> 12 & 63]);
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		bufputc(b, digits[v >> 18 & 63]);
		bufputc(b, digits[v >> 12 & 63]);
		bufputc(b, digits[v >> 6 & 63]);
	}
}

char *
recorddigest(const void *p, size_t n)
{
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];
	struct buf b = {0};

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, sizeof(md), md);
	bufputs(&b, "sha256=");
	b64url(md, sizeof(md), &b);
	return b.s;
}
