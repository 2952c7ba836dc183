/*
 * tomljson.c: the toml-test decoder interface for the TOML reader. TOML on stdin;
 * a valid document's tagged JSON on stdout ({"type":"integer","value":"42"} for
 * each value) and exit 0; an invalid one's message on stderr and exit 1.
 * With --canon, the document's canonical form (tomlcanon) instead of JSON.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"

/* S (N bytes, UTF-8) as a JSON string */
static void
jsonstr(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void
emit(const struct toml *t)
{
	char num[64];

	switch (t->type) {
	case TOML_TABLE:
		putchar('{');
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				putchar(',');
			jsonstr(t->keys[i], t->klen[i]);
			putchar(':');
			emit(t->vals[i]);
		}
		putchar('}');
		return;
	case TOML_ARRAY:
		putchar('[');
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				putchar(',');
			emit(t->vals[i]);
		}
		putchar(']');
		return;
	default:
		break;
	}
	printf("{\"type\":\"%s\",\"value\":", tomltypename(t->type));
	switch (t->type) {
	case TOML_STRING:
		jsonstr(t->s, t->len);
		break;
	case TOML_INTEGER:
		printf("\"%lld\"", t->i);
		break;
	case TOML_FLOAT:
		/* toml-test spells the specials "inf", "-inf" and "nan" */
		if (isnan(t->f))
			snprintf(num, sizeof(num), "nan");
		else if (isinf(t->f))
			snprintf(num, sizeof(num), "%sinf", t->f < 0 ? "-" : "");
		else
			snprintf(num, sizeof(num), "%.17g", t->f);
		printf("\"%s\"", num);
		break;
	case TOML_BOOL:
		printf("\"%s\"", t->b ? "true" : "false");
		break;
	default:
		jsonstr(t->s, t->len);
		break;
	}
	putchar('}');
}

int
main(int argc, char **argv)
{
	struct buf in = {0};
	char chunk[65536];
	size_t n;
	struct toml *t;
	bool canon = argc > 1 && !strcmp(argv[1], "--canon");

	argv0 = "tomljson";
	argc -= canon, argv += canon;
	bufadd(&in, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		bufadd(&in, chunk, n);
	if (ferror(stdin))
		fatal("read stdin:");
	t = tomlparse(in.s, in.len, argc > 1 ? argv[1] : "<stdin>");
	free(in.s);
	if (!t)
		return 1;
	if (canon) {
		struct buf b = {0};

		bufadd(&b, "", 0);
		tomlcanon(t, &b);
		fwrite(b.s, 1, b.len, stdout);
		free(b.s);
	} else {
		emit(t);
	}
	putchar('\n');
	deltoml(t);
	if (fflush(stdout) != 0 || ferror(stdout))
		fatal("write stdout:");
	return 0;
}
