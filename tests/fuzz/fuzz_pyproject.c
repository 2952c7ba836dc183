/* fuzz_pyproject.c: libFuzzer target for the pyproject.toml and Pipfile readers. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "parse/pyproject.h"
#include "parse/pipfile.h"

static void
clear(struct strlist *l)
{
	strlistclear(l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "dev", "test", "all", "packages", "dev-packages" };
	struct toml *t = tomlparse((const char *)data, size, "pyproject.toml");
	struct strlist extras = {0}, out = {0};
	struct buf b = {0};

	if (!t)
		return 0;
	/* the names a document most likely uses; errors are fine, crashes are not */
	for (size_t i = 0; i < 3; i++)
		strlistadd(&extras, names[i]);
	pyprojectdeps(t, "pyproject.toml", &extras, &out, &b);
	clear(&out);
	for (size_t i = 0; i < 3; i++) {
		pyprojectgroup(t, "pyproject.toml", names[i], &out, &b);
		clear(&out);
	}
	pyprojectcanon(t, &b);
	pipfilesources(t, "Pipfile", &out, &b);
	clear(&out);
	for (size_t i = 3; i < 5; i++) {
		pipfilepackages(t, "Pipfile", "sub", names[i], &out, &b);
		clear(&out);
	}
	clear(&extras);
	free(extras.v);
	free(out.v);
	free(b.s);
	deltoml(t);
	return 0;
}
