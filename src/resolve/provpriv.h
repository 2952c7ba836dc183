/* provpriv.h: what the provider's files share (provider.c: the solver's callbacks and the
 * candidates; provpages.c: the project pages; provmeta.c: the candidates' metadata). */

struct sync;
struct simplefile;
struct pcand;
struct binfmt;
struct dlitem;

/* a project: its files, from its pages and the find-links */
struct pproj {
	char *canon;
	bool fetched, queued;
	bool pagefailed;	/* an index page of it could not be had */
	struct simplefile *files;
	size_t nfiles;
	bool listed;		/* CANDS made (from the files of its pages and the find-links) */
	bool nofile;		/* no file of it anywhere */
	struct pcand **cands;	/* one a version (owned by the provider's list) */
	size_t ncands;
};

struct provider {
	struct sync *s;
	struct netconf nc;
	struct binfmt *bf;	/* --only-binary, --no-binary, --prefer-binary */
	struct tags tags;
	struct pproj **proj;
	size_t nproj;
	struct simplefile *fl;	/* the files of the find-links dirs and pages */
	size_t nfl;
	bool flread;
	struct pcand **cands;	/* every candidate made (freed at the end) */
	size_t ncands;
	struct pcand **mq;	/* candidates whose metadata is to be fetched */
	size_t nmq;
	size_t requests;
	char *why;
	char *final;	/* why the resolution fails with no pip either (a file not its index's...), or NULL */
	struct markerenv me;	/* the interpreter's: which dependencies' pages to fetch ahead */
	bool cutoff;		/* exclude-newer: index files uploaded at or after CUTOFFUS (or when unknown) are none */
	long long cutoffus;
	bool toldnotime;	/* said once that a page gave no upload-time */
	bool nodeps;		/* --no-deps: no candidate needs anything */
};

/* the project and version the file name FNAME holds (CANON normalized), and whether it is a wheel; false for any other name */
bool provfilenv(const char *fname, char **canon, char **version, bool *wheel);
/* P's project CANON, made on first use */
struct pproj *provproj(struct provider *p, const char *canon);
/* fetch the pages of every queued project (and, the first time, the find-links pages) together; 0 or -1 */
int provfetchpages(struct provider *p);
/* J's candidates, one a version, made the first time and kept (NULL, 0 when it has no file); fetches its pages when needed; -1 on a failure */
int provcands(struct provider *p, struct pproj *j, struct pcand ***out, size_t *n);
/* queue C's metadata for the next batch (unless had, or an sdist) */
void provqueue(struct provider *p, struct pcand *c);
/* fetch the metadata of every queued candidate together: PEP 658 files, else the wheels; 0 or -1 */
int provfetchmeta(struct provider *p);
/* fetch the N ITEMS into P's tmp, quietly; when some file is not its index's, the failed ones
 * again, each failure told (which names it), and P refused if one still is; wheelfetchrun's result */
int provfetch(struct provider *p, struct dlitem *items, size_t n);
/* the resolution fails for the reason WHY (said above it), and pip is not asked: it would fail the same way */
void provfinal(struct provider *p, const char *why);
/* provsdist.c: C's metadata, C an sdist: cached, else its PKG-INFO when static (PEP 643), else pip's by the sync's hook; 0, or -1 with P->why */
int provsdistmeta(struct provider *p, struct pcand *c);
