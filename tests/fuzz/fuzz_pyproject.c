/*
 * fuzz_pyproject.c: libFuzzer target for the pyproject.toml and Pipfile readers
 * (src/parse/pyproject.c, src/parse/pipfile.c).
 * Input: the bytes of a TOML document, read as a pyproject.toml (its dependencies with
 * extras, its groups, its canonical form) and as a Pipfile (its sources and packages).
 * Checks: not crashing.  The names asked for are those a document most likely uses.
 */
#include "fuzz.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "parse/pyproject.h"
#include "parse/pipfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "dev", "test", "all", "packages", "dev-packages" };
	struct toml *t = tomlparse((const char *)data, size, "pyproject.toml");
	struct strlist extras = {0}, out = {0};
	struct buf b = {0};

	if (!t)
		return 0;
	for (size_t i = 0; i < 3; i++)
		strlistadd(&extras, names[i]);
	pyprojectdeps(t, "pyproject.toml", &extras, &out, &b);
	strlistclear(&out);
	for (size_t i = 0; i < 3; i++) {
		pyprojectgroup(t, "pyproject.toml", names[i], &out, &b);
		strlistclear(&out);
	}
	pyprojectcanon(t, &b);
	pipfilesources(t, "Pipfile", &out, &b);
	strlistclear(&out);
	for (size_t i = 3; i < 5; i++) {
		pipfilepackages(t, "Pipfile", "sub", names[i], &out, &b);
		strlistclear(&out);
	}
	strlistclear(&extras);
	free(extras.v);
	free(out.v);
	free(b.s);
	deltoml(t);
	return 0;
}
