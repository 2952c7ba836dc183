/*
 * solver.h: venvmk's own dependency solver, PubGrub over each package's candidate list; pure.
 *
 * The solver asks a provider (below) for what it needs and does no I/O itself. It follows
 * PubGrub (Natalie Weizenbaum's algorithm, as the pubgrub-rs guide describes it): unit
 * propagation over incompatibilities, conflict resolution that learns a new incompatibility
 * from each conflict and backjumps, so a conflict is never met twice (no exponential
 * backtracking). A version set is a bitset over the package's candidates.
 *
 * Semantics, as pip (resolvelib + packaging) has them:
 * - the candidates of a package are what the provider lists, less those whose version is
 *   invalid PEP 440 or whose Requires-Python excludes the target Python (the request's
 *   PYTHON, else the environment's python_full_version): those simply do not exist;
 * - a requirement (root, or a Requires-Dist whose marker holds) allows the candidates its
 *   specifier set matches, ANDed with the constraints on that name (constraints restrict,
 *   never add a package; their extras are ignored). Pre-releases: only when ALLOWPRE, when
 *   a specifier on that name (any requirement met so far, or a constraint) names a
 *   pre-release, as pip filters with all of a name's specifiers at once; or when the
 *   requirement has no specifier (nor a constraint one) and the package has no final
 *   release (packaging's SpecifierSet.filter() falls back to pre-releases for an empty set
 *   only). A name found to admit pre-releases after some of its sets were made without
 *   them counts from then on; and when that run ends with no solution, the solve starts
 *   again with the name admitting them from the start (as pip, which keeps a pin that
 *   still fits, but finds the pre-release when nothing else does). The provider is then
 *   asked again: it keeps its answers;
 * - yanked candidates (PEP 592) only when the requirement or a constraint pins them with
 *   == or === (not a wildcard); local versions as PEP 440 says: ==1.0 matches 1.0+x, <1.0
 *   does not;
 * - markers are evaluated against ENV, with extra "" for a package's own dependencies and
 *   extra E for those of its extra E; a marker that cannot be evaluated is false;
 * - an extra is a virtual package "name[extra]" (the extra normalized as PEP 685 says),
 *   pinned to the base's version: it depends on name==that version and on the
 *   Requires-Dist whose marker holds with extra E and not without it. An extra that the
 *   candidate does not list in Provides-Extra adds nothing (pip warns and ignores it);
 * - a URL requirement (name @ url), at the root or in a candidate's Requires-Dist, makes
 *   solve() return -1: it needs pip. A Requires-Dist line that does not parse is skipped.
 *
 * Choice order: the version tried for a package is always the newest its allowed set holds
 * (so where pip has one answer, the newest that fits, this is it), a LESSER candidate only
 * when the set holds no other (pip's --prefer-binary: an older wheel before a newer sdist);
 * for an extra, the version its base already has. The next package decided is, first, one whose allowed set
 * holds one candidate (a pin), else the one first met: root requirements in the order
 * given, then each package in the order a dependency of a tried version first names it
 * (like pip's "the order requirements are met"). Where backtracking leaves several valid answers,
 * this order picks one; it may differ from pip's, but it is valid (solvecheck).
 */

struct markerenv;
struct buf;
struct strlist;

/* one candidate of a package, as the provider lists it */
struct solvecand {
	char *version;		/* as the index names it (the solver frees it) */
	char *requirespython;	/* the Requires-Python specifier, or NULL (the solver frees it) */
	bool yanked;		/* PEP 592 */
	void *data;		/* the provider's own (wheel or sdist, its URL...): handed back in the result */
	bool lesser;		/* tried only when no allowed candidate without it is left (pip's --prefer-binary: an sdist) */
};

/* what the solver asks: synchronous calls on CTX; the strings the solver passes stay its own */
struct solveprovider {
	void *ctx;
	/*
	 * the candidates of NAME (PEP 503 normalized), in any order: *CANDS an xmalloc'd array
	 * of *N that the solver frees (with the strings in it, not DATA); 0, 1 when no index
	 * names NAME, or -1 on an error (the solver stops and returns -1)
	 */
	int (*versions)(void *ctx, const char *name, struct solvecand **cands, size_t *n);
	/*
	 * the Requires-Dist strings of NAME VERSION (VERSION as listed) appended to REQS, its
	 * Provides-Extra to EXTRAS (the solver clears both); 0, or -1 on an error
	 */
	int (*deps)(void *ctx, const char *name, const char *version, void *data,
	    struct strlist *reqs, struct strlist *extras);
	/* NULL, or a hint: NAME VERSION's dependencies may be asked for soon (fetch them now):
	 * the two newest candidates of a package met or decided, and, while one package's
	 * versions keep failing, twice as many of its next ones each time it is decided again */
	void (*prefetch)(void *ctx, const char *name, const char *version, void *data);
};

/* what to solve */
struct solverequest {
	const struct strlist *reqs;		/* root requirements (PEP 508), in order */
	const struct strlist *constraints;	/* -c lines (PEP 508), or NULL */
	const struct markerenv *env;		/* the target interpreter's markers (required) */
	const char *python;			/* the version Requires-Python is checked against, or NULL */
	bool allowpre;				/* --pre */
};

/* one package of the answer */
struct solvepick {
	char *name;		/* PEP 503 normalized */
	char *version;		/* as the provider listed it */
	struct strlist *extras;	/* the extras chosen (normalized, sorted), or NULL */
	void *data;		/* the candidate's DATA */
};

/* the answer: the picks in the order they were decided, or why there is none */
struct solveresult {
	struct solvepick *v;
	size_t n;
	char *why;		/* when no solution or an error: lines a person can follow */
};

/* solve REQ with P into RES; 0 solved, 1 no solution (RES->why says why), -1 an error (RES->why) */
int solve(const struct solverequest *req, const struct solveprovider *p, struct solveresult *res);
/* free what solve put in RES */
void solveresultclear(struct solveresult *res);
/*
 * check that RES is a valid answer to REQ with P: one version a package, each existing and
 * allowed, every root requirement and every dependency (markers, extras) of every pick met,
 * constraints kept; 0, or -1 with what is wrong appended to WHY
 */
int solvecheck(const struct solverequest *req, const struct solveprovider *p,
    const struct solveresult *res, struct buf *why);
