/* fprint_test.c: the fingerprint moves with every input that matters and no other. */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include <time.h>
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "check.h"

static struct env e;

static void
put(const char *path, const char *text)
{
	if (writefileatomic(path, text, strlen(text)) < 0)
		fatal("write %s:", path);
}

static struct inputs *
compute(const char *version)
{
	struct inputs *x = xmalloc(sizeof(*x));

	memset(x, 0, sizeof(*x));
	x->in.impl = "CPython";
	x->in.version = (char *)version;
	if (fprintcompute(x, &e) < 0)
		fatal("fprintcompute failed");
	return x;
}

int
main(void)
{
	char tmp[] = "/tmp/venvmk-unit-XXXXXX", *base;
	struct inputs *a, *b;

	if (!mkdtemp(tmp) || chdir(tmp) < 0)
		fatal("mkdtemp:");
	e.dir = ".venv";
	e.python = "python3";
	e.pip = true;
	strlistadd(&e.requirements, "requirements.txt");
	conftrackdefaults(&e.trackenv);
	unsetenv("PIP_INDEX_URL");

	put("requirements.txt", "alpha==1.0\nbeta\n");
	a = compute("3.11.7");
	CHECK(strlen(a->fp) == 64, "a hex fingerprint");
	base = xstrdup(a->fp);

	put("requirements.txt", "# pinned\nbeta   # any\n\nalpha == 1.0\n");
	b = compute("3.11.7");
	CHECK(strcmp(b->fp, base) == 0, "comments, spacing and order leave it alone");
	CHECK(strcmp(b->opts, a->opts) == 0, "and the recreate part too");

	put("requirements.txt", "alpha==1.1\nbeta\n");
	b = compute("3.11.7");
	CHECK(strcmp(b->fp, base) != 0, "a pin bump moves it");
	CHECK(strcmp(b->opts, a->opts) == 0, "a pin bump is a requirement change, not an option change");

	put("requirements.txt", "--pre\nalpha==1.0\nbeta\n");
	b = compute("3.11.7");
	CHECK(strcmp(b->opts, a->opts) != 0, "an option line moves the recreate part");

	put("requirements.txt", "alpha==1.0\nbeta\n");
	b = compute("3.12.1");
	CHECK(strcmp(b->fp, base) != 0, "another interpreter version moves it");

	b = compute("3.11.7");
	CHECK(strcmp(b->fp, base) == 0, "the same inputs give the same fingerprint");

	setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple", 1);
	b = compute("3.11.7");
	CHECK(strcmp(b->fp, base) != 0 && strcmp(b->opts, a->opts) != 0, "a tracked variable moves it");
	unsetenv("PIP_INDEX_URL");

	e.backend = BACKEND_VIRTUALENV;
	b = compute("3.11.7");
	CHECK(strcmp(b->opts, a->opts) != 0, "the backend moves it");
	e.backend = BACKEND_VENV;

	strlistadd(&e.packages, "gamma");
	b = compute("3.11.7");
	CHECK(strcmp(b->fp, base) != 0 && strcmp(b->opts, a->opts) == 0, "an inline package is a requirement");
	strlistclear(&e.packages);

	e.dir = "elsewhere/.venv";
	b = compute("3.11.7");
	CHECK(strcmp(b->fp, base) == 0, "the env dir is not part of it (portable)");

	char hex1[65], hex2[65];
	fprintdecl(&e, hex1);
	e.syssite = true;
	fprintdecl(&e, hex2);
	CHECK(strcmp(hex1, hex2) != 0, "the declaration hash sees system-site-packages");
	return check_done();
}
