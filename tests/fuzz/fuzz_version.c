/*
 * fuzz_version.c: libFuzzer target for PEP 440 versions and specifiers (src/pep/version.c,
 * src/pep/spec.c).
 * Input: a string of three lines: a version, a specifier set, another version.
 * Checks: not crashing; a normalized version reads back as itself and sorts equal to the
 * original, the order is antisymmetric, and === of a version's normal form matches that
 * version.
 */
#include "fuzz.h"
#include "pep/version.h"
#include "pep/spec.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line[3] = {"", "", ""}, *p;
	struct version a, b, n;
	struct specset ss;
	struct spec sp;
	struct buf s = {0}, t = {0};
	const char *why;
	bool va, vb;
	size_t i;

	for (i = 0, p = text; i < 3 && p; i++) {
		line[i] = p;
		if ((p = strchr(p, '\n')))
			*p++ = '\0';
	}
	spectoken(text);
	spectoken(line[1]);
	va = versionparse(&a, line[0], &why) == 0;
	vb = versionparse(&b, line[2], &why) == 0;
	if (va) {
		versionstr(&a, &s);
		if (versionparse(&n, s.s, &why) < 0 || versioncmp(&a, &n) != 0)
			abort();
		versionstr(&n, &t);
		if (strcmp(s.s, t.s) != 0)
			abort();
		versionclear(&n);
		bufputs(&t, "");
		bufreset(&t);
		bufprintf(&t, "===%s", s.s);
		if (specitemparse(&sp, t.s, &why) < 0 || !specitemmatch(&sp, &a))
			abort();
		specitemclear(&sp);
	}
	if (va && vb && versioncmp(&a, &b) != -versioncmp(&b, &a))
		abort();
	if (specitemparse(&sp, line[1], &why) == 0) {
		if (va)
			specitemmatch(&sp, &a);
		specitemprerelease(&sp);
		specitemclear(&sp);
	}
	if (specparse(&ss, line[1], &why) == 0) {
		bufreset(&t);
		specstr(&ss, &t);
		for (i = 0; i < 3; i++) {
			if (va)
				specmatch(&ss, &a, (int)i);
			if (vb)
				specmatch(&ss, &b, (int)i);
		}
		specclear(&ss);
	}
	if (va)
		versionclear(&a);
	if (vb)
		versionclear(&b);
	free(s.s);
	free(t.s);
	free(text);
	return 0;
}
