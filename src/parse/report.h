/* report.h: pip's installation report (pip install --dry-run --report), read with jansson. */

struct reportitem {
	char *name;		/* the project name, as the metadata spells it */
	char *version;
	char *url;		/* download_info.url */
	char *path;		/* the file a file:// URL names, or NULL */
	char *hash;		/* "sha256=HEX" when the report gives one, or NULL */
	char *directurl;	/* direct_url.json text for a direct URL requirement, or NULL */
	bool requested;
	char *file;		/* a remote wheel's file name (its URL's last part, decoded), or NULL */
	bool wheel;		/* a .whl venvmk can link: a local file, or a remote one with a sha256 */
	bool remote;		/* that wheel is fetched from its URL (http or https) */
	struct strlist requiresdist;	/* metadata.requires_dist, as written */
	struct strlist extras;	/* requested_extras */
	char *requirespython;	/* metadata.requires_python, or NULL */
};

struct report {
	struct reportitem *v;
	size_t n;
	char *pipversion;	/* pip_version: the pip that resolved, or NULL */
};

/* parse the report JSON in TEXT; returns 0, or -1 after warn() naming WHERE */
int reportparse(struct report *r, const char *text, const char *where);
void reportclear(struct report *r);
