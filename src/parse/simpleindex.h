/* simpleindex.h: a project's page of a simple index, PEP 691 JSON or PEP 503 HTML, read; pure. */

struct simplefile {
	char *filename;
	char *url;		/* absolute */
	char sha256[65];	/* "" when the index gives none */
	char *requirespython;	/* NULL when none */
	bool yanked;
	char *yankedreason;	/* the reason a yanked file gives, or NULL */
	bool metadata;		/* PEP 658/714: URL + ".metadata" serves its METADATA */
	char metasha256[65];	/* that file's sha256, "" when the index gives none */
	char *uploadtime;	/* PEP 700's upload-time (JSON pages) as RFC 3339 in UTC, or NULL (none, or not a date-time) */
	long long uploadus;	/* that instant in microseconds since the epoch (parse/datetime.h) */
	long long size;		/* PEP 700's size in bytes (JSON pages), or -1 */
};

/*
 * Parse the LEN bytes of a project page TEXT fetched from BASEURL (JSON when it starts
 * with '{', else HTML) into *FILES (*N of them, newly allocated; relative links
 * resolved against BASEURL). Returns 0, or -1 with *WHY (static) set.
 */
int simpleparse(const char *text, size_t len, const char *baseurl, struct simplefile **files, size_t *n,
    const char **why);
/* is F out under a cutoff of CUTOFFUS (as uv's exclude-newer): uploaded at or after it, or with no upload-time? */
bool simpleexcluded(const struct simplefile *f, long long cutoffus);
/* free N FILES; accepts NULL */
void delsimplefiles(struct simplefile *files, size_t n);
/* BASE joined with the reference REF as a browser would (absolute, "//host", "/path", relative), newly allocated */
char *simplejoin(const char *base, const char *ref);
