/*
 * fuzz_toml.c: libFuzzer target for the TOML reader (src/parse/toml.c, src/parse/tomltree.c).
 * Input: the bytes of a TOML document.
 * Checks: not crashing; a document that reads has a canonical form that itself reads as
 * TOML (unless one more level of nesting passes TOML_MAXDEPTH) and gives itself back.
 */
#include "fuzz.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "parse/tomlval.h"

/* how deeply tables and arrays nest in T */
static int
depth(const struct toml *t)
{
	int d = 0, sub;

	for (size_t i = 0; i < t->n; i++)
		if ((sub = depth(t->vals[i])) > d)
			d = sub;
	return t->type == TOML_TABLE || t->type == TOML_ARRAY ? d + 1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct toml *t, *again;
	struct buf a = {0}, b = {0}, doc = {0};

	fuzz_quiet();	/* every invalid input warns */
	if (!(t = tomlparse((const char *)data, size, "fuzz")))
		return 0;
	bufadd(&a, "", 0);
	tomlcanon(t, &a);
	bufputs(&doc, "x = ");
	bufadd(&doc, a.s, a.len);
	again = tomlparse(doc.s, doc.len, "canon");
	if (!again && depth(t) < TOML_MAXDEPTH)
		abort();
	if (again) {
		bufadd(&b, "", 0);
		tomlcanon(tomlget(again, "x"), &b);
		if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0)
			abort();
	}
	deltoml(again);
	deltoml(t);
	free(a.s);
	free(b.s);
	free(doc.s);
	return 0;
}
