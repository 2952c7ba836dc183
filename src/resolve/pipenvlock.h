/* pipenvlock.h: a resolution (resolve/lockwrite.h's struct lwlock) written as pipenv's Pipfile.lock; pure. */

struct lwlock;
struct strlist;

/* what Pipfile.lock's _meta takes from the Pipfile (parse/pipfilelock.h's pipfilemeta) */
struct pipenvmeta {
	char hash[65];		/* plette's hash of the Pipfile */
	const char *requires;	/* its [requires] as JSON ("{}" when none) */
	const char *sources;	/* its [[source]] as JSON (pypi's when none) */
	/* the canon names of the roots whose packages go into "default" and into "develop"
	 * (what neither reaches goes into "default"); both NULL: everything in "default" */
	const struct strlist *defroots, *devroots;
};

/*
 * The Pipfile.lock text of LK as pipenv writes it (json.dumps, indent 4, keys sorted, a
 * newline at the end): _meta (hash, pipfile-spec 6, requires and sources from M, each
 * source's URL without credentials, a source added for an index of LK that none names),
 * every package with its "==VERSION", its sha256 hashes, its index's source name and the
 * markers of its Requires-Python: in "default" what M's default roots need (with the
 * rest), in "develop" what its dev roots need (a package both need in both). Newly
 * allocated; NULL when M's JSON does not read.
 */
char *pipenvlockwrite(const struct lwlock *lk, const struct pipenvmeta *m);
