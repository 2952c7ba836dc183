/* provider.h: what venvmk's solver asks, answered from the indexes and find-links of an env. */

struct solveprovider;
struct strlist;
struct sync;
struct provider;

/* one candidate: the file a version is installed from */
struct pcand {
	char *name;		/* the project, PEP 503 normalized */
	char *version;		/* as its file name spells it */
	char *filename;
	char *url;		/* where it is served (no credentials), or NULL for a local file */
	char *path;		/* a local file (find-links dir), or NULL */
	char sha256[65];	/* "" when unknown */
	long long size;		/* the file's bytes as the page gives them (PEP 700), or -1 */
	bool wheel;		/* a wheel for this interpreter; else an sdist */
	bool yanked;
	bool meta;		/* PEP 658: URL + ".metadata" serves its METADATA */
	char metasha[65];	/* that file's sha256, "" when the page gives none */
	char *requirespython;	/* the page's, or NULL */
	char *metatext;		/* its METADATA once had, or NULL */
	bool queued;
	bool fetchwheel;	/* its wheel, not its metadata file: the install will need it (a version pinned with ==) */
};

/* a provider for the sync S (its env's indexes, find-links and interpreter); NULL after warn() */
struct provider *mkprovider(struct sync *s);
void delprovider(struct provider *p);
/* fill SP with P's callbacks */
void providerbind(struct provider *p, struct solveprovider *sp);
/* why the solve could not be made from metadata (pip must take it: an sdist, a page that failed), or NULL */
const char *providerwhy(const struct provider *p);
/* NULL, or why the resolution failed in a way pip would fail too (a file not the one its index names, an sdist pip cannot read): then pip is not asked */
const char *providerfinal(const struct provider *p);
/* how many requests P made (pages and metadata), for -v */
size_t providerrequests(const struct provider *p);
/* --no-deps: every candidate is taken as needing nothing, as pip install --no-deps takes it */
void providernodeps(struct provider *p);
/* the project of the requirement REQ will be asked for: its pages come with the first batch */
void providerwant(struct provider *p, const char *req);
/*
 * Fetch ahead what the solver will most likely ask for the root requirements REQS and
 * constraints CONS (PYTHON the target's version, PRE as --pre): pages and metadata, level
 * by level, one batch each (provwarm.c). 0, or -1 when no index page could be had
 * (providerwhy says so).
 */
int providerwarm(struct provider *p, const struct strlist *reqs, const struct strlist *cons, const char *python, bool pre);
