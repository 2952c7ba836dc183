/*
 * fuzz_solver.c: libFuzzer target for venvmk's solver (src/solve/solver*.c, solvecheck.c).
 * Input: bytes read as a random scenario: up to 4 packages of up to 4 candidates each (versions,
 * pre-releases, local versions, yanked, Requires-Python), their Requires-Dist (specifiers,
 * an extra, markers with extra/python_version/sys_platform), an extra they provide, the root
 * requirements, a constraint and --pre; some candidates are lesser (tried last).
 * Checks: not crashing; every answer is valid (solvecheck: each requirement of each pick met,
 * markers and extras included, one version a package, the root requirements and constraints
 * kept); and where the solver says there is no solution and no candidate is yanked or a
 * pre-release, no choice of versions at all is valid (a brute-force search).
 */
#include "fuzz.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"
#include "solve/solver.h"

enum { NPKG = 4, NVER = 4 };

struct fcand {
	const char *version, *python;
	bool yanked;
	struct strlist deps;
	bool extra;		/* provides "x" */
};

struct fscen {
	int npkg, nver[NPKG];
	struct fcand c[NPKG][NVER];
	struct strlist reqs, cons;
	bool pre, special;	/* special: a yanked or pre-release candidate */
};

static const char *names[NPKG] = {"a", "b", "c", "d"};
static const char *vers[] = {"1.0", "1.1", "2.0", "3.0", "0.9", "2.0b1", "1.0+l", "1.0.post1"};
static const char *ops[] = {"", ">=", "<", "==", "!=", "~=", "<=", ">"};
static const char *marks[] = {"", "; extra == \"x\"", "; python_version < \"3\"", "; sys_platform == \"linux\"",
	"; python_version >= \"3.8\" and extra == \"x\"", ""};

/* the next byte of the input, 0 past its end */
static unsigned
next(const uint8_t **d, size_t *n)
{
	if (!*n)
		return 0;
	(*n)--;
	return *(*d)++;
}

/* a random requirement */
static char *
mkreq(const uint8_t **d, size_t *n, int npkg)
{
	unsigned b = next(d, n), op = b % 8, m = next(d, n);

	return xasprintf("%s%s%s%s%s", names[(b >> 3) % npkg], m & 8 ? "[x]" : "", ops[op],
	    op ? vers[(b >> 5) % 8] : "", marks[m % 6]);
}

static void
readscen(struct fscen *f, const uint8_t *d, size_t n)
{
	unsigned b = next(&d, &n);
	int i, j, k;

	memset(f, 0, sizeof *f);
	f->npkg = 1 + b % NPKG;
	f->pre = b & 0x80;
	for (i = 0; i < f->npkg; i++) {
		f->nver[i] = 1 + next(&d, &n) % NVER;
		for (j = 0; j < f->nver[i]; j++) {
			struct fcand *c = &f->c[i][j];

			b = next(&d, &n);
			c->version = vers[b % 8];
			c->yanked = (b & 0x18) == 0x18;
			c->python = b & 0x20 ? ">=3.12" : NULL;
			c->extra = b & 0x40;
			f->special = f->special || c->yanked || strchr(c->version, 'b');
			for (k = 0; k < j; k++)	/* the same version twice: the solver keeps the first */
				f->special = f->special || f->c[i][k].version == c->version;
			for (k = 0; k < (int)(next(&d, &n) % 3); k++)
				strlistpush(&c->deps, mkreq(&d, &n, f->npkg));
		}
	}
	b = next(&d, &n);
	for (k = 0; k < 1 + (int)(b % 3); k++)
		strlistpush(&f->reqs, mkreq(&d, &n, f->npkg));
	if (b & 0x10)
		strlistpush(&f->cons, mkreq(&d, &n, f->npkg));
}

static int
fversions(void *ctx, const char *name, struct solvecand **cands, size_t *n)
{
	struct fscen *f = ctx;
	int i, j;

	*n = 0;
	*cands = xmalloc(NVER * sizeof **cands);
	for (i = 0; i < f->npkg && strcmp(names[i], name) != 0; i++)
		;
	for (j = 0; i < f->npkg && j < f->nver[i]; j++)
		/* some lesser (--prefer-binary's sdists): the choice order changes, the checks hold all the same */
		(*cands)[(*n)++] = (struct solvecand){xstrdup(f->c[i][j].version),
		    f->c[i][j].python ? xstrdup(f->c[i][j].python) : NULL, f->c[i][j].yanked, &f->c[i][j],
		    (i * 7 + j * 3 + strlen(f->c[i][j].version)) % 4 == 0};
	return i < f->npkg ? 0 : 1;
}

static int
fdeps(void *ctx, const char *name, const char *version, void *data, struct strlist *reqs, struct strlist *extras)
{
	struct fcand *c = data;
	size_t i;

	if (!c || strcmp(c->version, version) != 0)
		abort();
	for (i = 0; i < c->deps.n; i++)
		strlistadd(reqs, c->deps.v[i]);
	if (c->extra)
		strlistadd(extras, "x");
	return 0;
}

/* whether D holds with EXTRA */
static bool
holds(const struct markerenv *env, const struct dep *d, const char *extra)
{
	const char *why;

	return !d->marker || markereval(d->marker, env, extra, NULL, NULL, &why) == 1;
}

/* the candidate index of package P in PICK (-1: not picked); add "x" to XTRA[P] where a requirement in L asks */
static bool
closeextras(const struct markerenv *env, const struct strlist *l, const char *extra, const int *pick, bool *xtra)
{
	bool grew = false;
	const char *why;
	struct dep d;
	size_t i;
	int p;

	for (i = 0; i < l->n; i++) {
		if (depparse(&d, l->v[i], &why) < 0)
			continue;
		p = d.name[0] - 'a';
		if (holds(env, &d, extra) && d.extras.n && pick[p] >= 0 && !xtra[p])
			grew = xtra[p] = true;
		depclear(&d);
	}
	return grew;
}

/* whether the versions PICK (with the extras they need) are a valid answer */
static bool
validpick(struct fscen *f, const struct solverequest *req, const struct solveprovider *p, const int *pick)
{
	struct solvepick v[NPKG];
	struct solveresult res = {v, 0, NULL};
	struct strlist x = {0};
	bool xtra[NPKG] = {0}, grew = true, ok;
	struct buf why = {0};
	int i;

	strlistadd(&x, "x");
	while (grew) {
		grew = closeextras(req->env, &f->reqs, NULL, pick, xtra);
		for (i = 0; i < f->npkg; i++)
			if (pick[i] >= 0) {
				grew = closeextras(req->env, &f->c[i][pick[i]].deps, NULL, pick, xtra) || grew;
				if (xtra[i])
					grew = closeextras(req->env, &f->c[i][pick[i]].deps, "x", pick, xtra) || grew;
			}
	}
	for (i = 0; i < f->npkg; i++)
		if (pick[i] >= 0)
			v[res.n++] = (struct solvepick){(char *)names[i], (char *)f->c[i][pick[i]].version,
			    xtra[i] ? &x : NULL, &f->c[i][pick[i]]};
	ok = solvecheck(req, p, &res, &why) == 0;
	free(why.s);
	strlistclear(&x);
	free(x.v);
	return ok;
}

/* whether some choice of versions from package I on is valid (PICK holds the choices before I) */
static bool
anyvalid(struct fscen *f, const struct solverequest *req, const struct solveprovider *p, int *pick, int i)
{
	int j;

	if (i == f->npkg)
		return validpick(f, req, p, pick);
	for (j = -1; j < f->nver[i]; j++) {
		if (j >= 0 && f->c[i][j].python)
			continue;	/* Requires-Python leaves it out: it does not exist */
		pick[i] = j;
		if (anyvalid(f, req, p, pick, i + 1))
			return true;
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fscen f;
	struct markerenv env = {"posix", "linux", "x86_64", "CPython", "", "Linux", "", "3.11", "3.11.0",
	    "cpython", "3.11.0"};
	struct solverequest req = {&f.reqs, &f.cons, &env, NULL, false};
	struct solveprovider p = {&f, fversions, fdeps, NULL};
	struct solveresult res;
	struct buf why = {0};
	int rc, i, j, pick[NPKG];

	fuzz_quiet();
	readscen(&f, data, size);
	req.allowpre = f.pre;
	rc = solve(&req, &p, &res);
	if (rc == 0 && solvecheck(&req, &p, &res, &why) < 0) {
		fprintf(stdout, "invalid answer: %s\n", why.s);
		abort();
	}
	if (rc == 1 && (!res.why || !*res.why))
		abort();
	/* with versions chosen by operators alone, no solution must mean none exists */
	if (rc == 1 && !f.special && !f.cons.n && anyvalid(&f, &req, &p, pick, 0))
		abort();
	solveresultclear(&res);
	free(why.s);
	for (i = 0; i < f.npkg; i++)
		for (j = 0; j < f.nver[i]; j++) {
			strlistclear(&f.c[i][j].deps);
			free(f.c[i][j].deps.v);
		}
	strlistclear(&f.reqs);
	free(f.reqs.v);
	strlistclear(&f.cons);
	free(f.cons.v);
	return 0;
}
