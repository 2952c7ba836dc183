/* version.h: PEP 440 versions, as packaging 24.1 (pip's) reads them; pure. */

/*
 * A parsed version. Numbers are kept as decimal digit strings without leading
 * zeros ("0" for zero), so any size compares right; local parts are lowercased.
 */
struct version {
	char *mem;		/* owns every string below */
	const char **parts;	/* the release numbers, then the local parts */
	const char *epoch;
	size_t nrelease, nlocal;
	char pre;		/* 0, 'a', 'b' or 'c' (rc) */
	const char *pren;	/* the pre-release number when PRE */
	const char *post;	/* the post-release number, or NULL */
	const char *dev;	/* the dev-release number, or NULL */
};

/* parse S as a version into V (normalized as packaging does); 0, or -1 with *WHY (static) set */
int versionparse(struct version *v, const char *s, const char **why);
/* free what versionparse put in V; accepts NULL */
void versionclear(struct version *v);
/* <0, 0 or >0 as A sorts before, equal to or after B in PEP 440's total order */
int versioncmp(const struct version *a, const struct version *b);
/* append V's normalized form (str(Version)) to B */
void versionstr(const struct version *v, struct buf *b);
/* whether V is a pre-release: it has a pre-release or a dev segment */
bool versionisprerelease(const struct version *v);
/* versioncmp of the public versions (local labels dropped) */
int versioncmppublic(const struct version *a, const struct version *b);
/* versioncmp of the base versions (epoch and release only) */
int versioncmpbase(const struct version *a, const struct version *b);
/* append V's normalized public form (no local label) to B */
void versionpublic(const struct version *v, struct buf *b);
/*
 * The length of the version at S as packaging's specifier regex takes it, no
 * space around: v?(N!)?N(.N)*, then ".*" when WILD, else pre, post and dev
 * parts and, when LOCAL, a local label; 0 when there is none or it has fewer
 * than MINREL release numbers.
 */
size_t versionspan(const char *s, bool local, bool wild, size_t minrel);
