/* solverimpl.h: what the solver's files share: packages, terms, incompatibilities, the partial solution; private to solve/solver*.c. */

struct solvecand;
struct solverequest;
struct solveprovider;
struct version;
struct specset;
struct dep;

/* one candidate, parsed, in a package's list (sorted oldest first) */
struct scand {
	struct solvecand c;
	struct version *v;
	bool pre;		/* a pre-release */
};

/* a package: a real one, the root (id 0), or an extra "base[extra]" sharing its base's candidates */
struct spkg {
	char *name;		/* "a" or "a[x]" */
	char *extra;		/* NULL, or the extra */
	int base;		/* the base's id (itself when real) */
	struct scand *cand;	/* the base's */
	size_t ncand, nwords;
	bool missing;		/* no index names it */
	bool allowed;		/* a requirement's set of it was made (spkgallow) */
	char *pynote;		/* NULL, or "2.0 needs Python >=3.12": the newest candidate Requires-Python left out */
	struct version *pynewest;	/* that candidate's version */
	int *incs;		/* the incompatibilities that name it */
	size_t nincs, capincs;
	/* the partial solution's view: its accumulated term, and its decision */
	bool assigned, pos;
	uint64_t *acc;
	uint64_t *listed;	/* the candidates whose dependencies are in */
	long decided;		/* the candidate decided, or -1 */
	long seen;		/* order first met (decision order) */
	int tries;		/* versions of it whose dependencies were read when deciding it */
};

/* a term: the package is in SET (POS), or is not (not POS: not selected, or outside SET) */
struct sterm {
	int pkg;
	bool pos;
	uint64_t *set;
};

enum sinckind { INC_ROOT, INC_NOVERSIONS, INC_MISSING, INC_DEP, INC_DERIVED };

/* an incompatibility: its terms cannot all hold */
struct sinc {
	enum sinckind kind;
	struct sterm *t;
	size_t n;
	int c1, c2;		/* INC_DERIVED: its two causes; INC_DEP: C1 the package depended on */
	char *text;		/* INC_DEP: the requirement as written; INC_NOVERSIONS: the specifier */
};

/* one assignment of the partial solution */
struct sassign {
	struct sterm t;
	int level;
	int cause;		/* the incompatibility that derived it, or -1 for a decision */
};

struct solver {
	const struct solverequest *req;
	const struct solveprovider *p;
	struct version *python;		/* NULL: every Requires-Python holds */
	struct spkg *pkg;
	size_t npkg, cappkg;
	struct sinc *inc;
	size_t ninc, capinc;
	struct sassign *as;
	size_t nas, capas;
	int level;
	long nseen;
	struct dep *cons;		/* the constraints, parsed */
	size_t ncons;
	char *error;			/* a provider error or bad input */
	struct strlist *preok;		/* the packages a requirement admits pre-releases of: kept across restarts */
	bool restart;			/* one joined PREOK after its sets were made: solve again if this run fails */
	uint64_t *zero;			/* an empty set of NZERO words */
	size_t nzero;
	/* the arena every set and term array lives in */
	char **blocks;
	size_t nblocks, used;
};

/* solverterm.c */
/* N bytes from S's arena, zeroed */
void *sarena(struct solver *s, size_t n);
/* a new empty set over PKG's candidates */
uint64_t *ssetnew(struct solver *s, int pkg);
/* a copy of SET */
uint64_t *ssetdup(struct solver *s, int pkg, const uint64_t *set);
/* whether SET of PKG is empty */
bool ssetempty(const struct solver *s, int pkg, const uint64_t *set);
/* whether bit I is in SET */
bool ssethas(const uint64_t *set, size_t i);
/* add bit I to SET */
void ssetadd(uint64_t *set, size_t i);
/* the highest bit in SET, or -1 */
long ssetmax(const struct solver *s, int pkg, const uint64_t *set);
/* the candidate to try from SET: its newest that is not lesser, else its newest; -1 when empty */
long ssetbest(const struct solver *s, int pkg, const uint64_t *set);
/* how many bits SET holds */
size_t ssetcount(const struct solver *s, int pkg, const uint64_t *set);
/* the term intersection of A and B (same package), new */
struct sterm stermand(struct solver *s, const struct sterm *a, const struct sterm *b);
/* the term intersection of A and B into R, whose set (of as many words) may be A's or B's */
void stermandto(const struct solver *s, struct sterm *r, const struct sterm *a, const struct sterm *b);
/* the negation of A (sharing its set) */
struct sterm stermnot(const struct sterm *a);
/* whether A's term is empty (no way to hold it) */
bool stermempty(const struct solver *s, const struct sterm *a);
/* whether every way A holds is a way T holds */
bool stermsubset(struct solver *s, const struct sterm *a, const struct sterm *t);
/* whether A and T cannot both hold */
bool stermdisjoint(struct solver *s, const struct sterm *a, const struct sterm *t);
/* add an incompatibility of N terms (merged by package, copied); its index */
int sincadd(struct solver *s, enum sinckind kind, const struct sterm *t, size_t n, int c1, int c2, const char *text);

/* solverpkg.c */
/* the id of package NAME (normalized) with EXTRA (NULL or normalized), listing it when new; -1 on a provider error */
int spkgget(struct solver *s, const char *name, const char *extra);
/* the set a requirement D allows of PKG (specifier, constraints, pre-releases, yanked) */
uint64_t *spkgallow(struct solver *s, int pkg, const struct dep *d);
/* add the incompatibilities of PKG's candidate I's dependencies; 0 or -1 */
int spkgdeps(struct solver *s, int pkg, size_t i);
/* tell the provider the newest N candidates of SET of PKG whose dependencies are not in yet may be asked for */
void spkghint(struct solver *s, int pkg, const uint64_t *set, int n);
/* add the root's incompatibilities: its requirements; 0 or -1 */
int spkgroot(struct solver *s);
/* whether the marker of D holds with EXTRA */
bool smarker(const struct solver *s, const struct dep *d, const char *extra);
/* append PKG's SET to B in words ("a >=1.0", "a 1.0", "a") */
void ssetstr(const struct solver *s, int pkg, const uint64_t *set, struct buf *b);

/* solverexplain.c */
/* the chain of reasons for the failure incompatibility I, newly allocated */
char *sexplain(struct solver *s, int i);
