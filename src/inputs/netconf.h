/* netconf.h: where and how pip would download: indexes, find-links, certificates, proxy, timeout, retries. */

struct env;

struct netconf {
	char *index;			/* the index URL pip uses (credentials as given), or NULL: pip's default */
	struct strlist extra;		/* extra index URLs */
	struct strlist findlinks;	/* find-links locations that are URLs */
	struct strlist trusted;		/* trusted hosts: host or host:port */
	struct strlist known;		/* every index-like URL seen anywhere, for matching credentials */
	char *cert, *clientcert, *proxy, *timeout, *retries;	/* NULL: pip's default */
	bool noindex;
};

/*
 * What pip would use for E, read the way pip reads it: the configuration files
 * CONFFILES (in pip's order, later ones override earlier, [install] over [global]),
 * the PIP_* variables over them, the requirement files' option lines OPTLINES ("opt
 * NAME VALUE") and E's pip arguments over both. Reads files; starts nothing.
 */
void netconfread(struct netconf *n, const struct env *e, const struct strlist *conffiles,
    const struct strlist *optlines);
void netconfclear(struct netconf *n);
/*
 * The userinfo ("user:password", percent-encoded as written) to send with URL, matched
 * as pip does: the index or find-links URL it starts with, else one on the same host
 * and port; NULL when none gives credentials (netrc may still). Newly allocated.
 */
char *netconfauth(const struct netconf *n, const char *url);
