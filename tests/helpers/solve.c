/*
 * solve.c: runs venvmk's solver (src/solve/solver.c) on a scenario file of tests/resolve/.
 *
 * usage: solve FILE            print the answer, "NAME VERSION [EXTRA,...]" a line sorted by
 *                              name, or "no solution" and why; exit 0, 1 (no solution), 2 (error)
 *        solve --check FILE... compare each with its "expect"/"fail" lines; exit 1 on a mismatch
 *
 * Every answer is also checked with solvecheck(): an invalid one prints INVALID and exits 3.
 * The scenario format (one directive a line, '#' comments):
 *   python X.Y[.Z]        the target Python (default 3.11): markers and Requires-Python
 *   platform NAME         sys_platform (default linux)
 *   pre                   allow pre-releases (--pre)
 *   require REQ           a root requirement (PEP 508)
 *   constrain REQ         a constraint (-c)
 *   pkg NAME VERSION [python=SPEC] [yanked]   a candidate; the lines below are its own:
 *   dep REQ               a Requires-Dist
 *   extra NAME            a Provides-Extra
 *   expect NAME VERSION [EXTRA,...]   one package of the expected answer
 *   fail TEXT             no solution, and the message holds TEXT
 *   oracle skip|valid     for the pip oracle: skip this one / several answers are valid
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"
#include "solve/solver.h"

struct spkgdef {
	char *name, *version, *python;
	bool yanked;
	struct strlist deps, extras;
};

struct scenario {
	struct spkgdef *p;
	size_t n;
	struct strlist reqs, cons, expect;
	char *fail, pyver[32], pyfull[32], platform[64];
	bool pre;
	long prefetches;
};

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void
addpkg(struct scenario *sc, char *rest)
{
	struct spkgdef *d;
	struct buf b = {0};
	char *tok, *save;

	sc->p = xrealloc(sc->p, (sc->n + 1) * sizeof *sc->p);
	d = &sc->p[sc->n++];
	memset(d, 0, sizeof *d);
	depnormname(strtok_r(rest, " ", &save), &b);
	d->name = b.s;
	d->version = xstrdup(strtok_r(NULL, " ", &save));
	while ((tok = strtok_r(NULL, " ", &save))) {
		if (strncmp(tok, "python=", 7) == 0)
			d->python = xstrdup(tok + 7);
		else if (strcmp(tok, "yanked") == 0)
			d->yanked = true;
	}
}

/* read the scenario at PATH; 0 or -1 */
static int
readscenario(const char *path, struct scenario *sc)
{
	struct buf b = {0};
	char *line, *save, *rest, *dot;
	long ln = 0;

	memset(sc, 0, sizeof *sc);
	strcpy(sc->pyver, "3.11");
	strcpy(sc->platform, "linux");
	if (readfile(path, &b) < 0)
		return warnat(path, 0, 0, "cannot read it");
	for (line = strtok_r(b.s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ln++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		rest = line + strcspn(line, " ");
		if (*rest)
			*rest++ = '\0';
		rest = trim(rest);
		if (strcmp(line, "python") == 0)
			snprintf(sc->pyver, sizeof sc->pyver, "%s", rest);
		else if (strcmp(line, "platform") == 0)
			snprintf(sc->platform, sizeof sc->platform, "%s", rest);
		else if (strcmp(line, "pre") == 0)
			sc->pre = true;
		else if (strcmp(line, "require") == 0)
			strlistadd(&sc->reqs, rest);
		else if (strcmp(line, "constrain") == 0)
			strlistadd(&sc->cons, rest);
		else if (strcmp(line, "pkg") == 0 && *rest)
			addpkg(sc, rest);
		else if (strcmp(line, "dep") == 0 && sc->n)
			strlistadd(&sc->p[sc->n - 1].deps, rest);
		else if (strcmp(line, "extra") == 0 && sc->n)
			strlistadd(&sc->p[sc->n - 1].extras, rest);
		else if (strcmp(line, "expect") == 0)
			strlistadd(&sc->expect, rest);
		else if (strcmp(line, "fail") == 0)
			sc->fail = xstrdup(rest);
		else if (strcmp(line, "oracle") != 0)
			return warnat(path, ln, 0, "unknown directive '%s'", line);
	}
	/* X.Y gives X.Y.0 as the full version; X.Y.Z gives X.Y */
	dot = strchr(sc->pyver, '.');
	if (dot && (dot = strchr(dot + 1, '.'))) {
		snprintf(sc->pyfull, sizeof sc->pyfull, "%s", sc->pyver);
		*dot = '\0';
	} else {
		snprintf(sc->pyfull, sizeof sc->pyfull, "%s.0", sc->pyver);
	}
	free(b.s);
	return 0;
}

static int
pversions(void *ctx, const char *name, struct solvecand **cands, size_t *n)
{
	struct scenario *sc = ctx;
	size_t i;

	*cands = xmalloc((sc->n + 1) * sizeof **cands);
	*n = 0;
	for (i = 0; i < sc->n; i++) {
		if (strcmp(sc->p[i].name, name) != 0)
			continue;
		(*cands)[(*n)++] = (struct solvecand){xstrdup(sc->p[i].version),
		    sc->p[i].python ? xstrdup(sc->p[i].python) : NULL, sc->p[i].yanked, &sc->p[i]};
	}
	return *n ? 0 : 1;
}

static int
pdeps(void *ctx, const char *name, const char *version, void *data, struct strlist *reqs, struct strlist *extras)
{
	struct spkgdef *d = data;
	size_t i;

	if (!d || strcmp(d->name, name) != 0 || strcmp(d->version, version) != 0)
		abort();
	for (i = 0; i < d->deps.n; i++)
		strlistadd(reqs, d->deps.v[i]);
	for (i = 0; i < d->extras.n; i++)
		strlistadd(extras, d->extras.v[i]);
	return 0;
}

static void
pprefetch(void *ctx, const char *name, const char *version, void *data)
{
	((struct scenario *)ctx)->prefetches++;
}

/* solve SC; the answer's lines into OUT (sorted), or why into OUT; solve's status, 3 when invalid */
static int
run(struct scenario *sc, struct strlist *out, struct buf *why)
{
	struct markerenv env = {"posix", sc->platform, "x86_64", "CPython", "", sc->platform[0] == 'w' ? "Windows" : "Linux",
	    "", sc->pyver, sc->pyfull, "cpython", sc->pyfull};
	struct solverequest req = {&sc->reqs, &sc->cons, &env, NULL, sc->pre};
	struct solveprovider p = {sc, pversions, pdeps, pprefetch};
	struct solveresult res;
	size_t i, k;
	int rc = solve(&req, &p, &res);

	if (rc == 0 && solvecheck(&req, &p, &res, why) < 0)
		rc = 3;
	for (i = 0; rc == 0 && i < res.n; i++) {
		struct buf b = {0};

		bufprintf(&b, "%s %s", res.v[i].name, res.v[i].version);
		for (k = 0; res.v[i].extras && k < res.v[i].extras->n; k++)
			bufprintf(&b, "%c%s", k ? ',' : ' ', res.v[i].extras->v[k]);
		strlistpush(out, b.s);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, strlistcmp);
	if (rc == 1 || rc < 0)
		bufputs(why, res.why);
	solveresultclear(&res);
	return rc;
}

/* compare the answer of the scenario at PATH with its expectation; 0 or 1 */
static int
check(const char *path)
{
	struct scenario sc;
	struct strlist out = {0};
	struct buf why = {0};
	size_t i;
	int rc, bad = 0;

	if (readscenario(path, &sc) < 0)
		return 1;
	rc = run(&sc, &out, &why);
	if (sc.expect.n > 1)
		qsort(sc.expect.v, sc.expect.n, sizeof *sc.expect.v, strlistcmp);
	if (sc.fail) {
		bad = rc != 1 || !strstr(why.s ? why.s : "", sc.fail);
	} else {
		bad = rc != 0 || out.n != sc.expect.n;
		for (i = 0; !bad && i < out.n; i++)
			bad = strcmp(out.v[i], trim(sc.expect.v[i])) != 0;
	}
	if (bad) {
		printf("FAIL %s (status %d)\n", path, rc);
		for (i = 0; i < out.n; i++)
			printf("  got: %s\n", out.v[i]);
		for (i = 0; i < sc.expect.n; i++)
			printf("  expected: %s\n", sc.expect.v[i]);
		if (sc.fail)
			printf("  expected a failure naming: %s\n", sc.fail);
		if (why.s)
			printf("  why:\n%s\n", why.s);
	} else {
		printf("ok %s\n", path);
	}
	return bad;
}

int
main(int argc, char **argv)
{
	struct scenario sc;
	struct strlist out = {0};
	struct buf why = {0};
	size_t i;
	int rc = 0;

	argv0 = "solve";
	if (argc > 2 && strcmp(argv[1], "--check") == 0) {
		for (i = 2; i < (size_t)argc; i++)
			rc |= check(argv[i]);
		return rc;
	}
	if (argc != 2 || readscenario(argv[1], &sc) < 0) {
		fprintf(stderr, "usage: solve [--check] FILE...\n");
		return 2;
	}
	rc = run(&sc, &out, &why);
	for (i = 0; i < out.n; i++)
		printf("%s\n", out.v[i]);
	if (rc == 1)
		printf("no solution\n%s\n", why.s);
	else if (rc == 3)
		printf("INVALID\n%s", why.s);
	else if (rc < 0)
		fprintf(stderr, "solve: %s\n", why.s);
	return rc < 0 ? 2 : rc;
}
