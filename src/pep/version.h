/* version.h: PEP 440 versions (version.c) and specifiers (spec.c), as packaging 24.1 (pip's) reads them; pure. */

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

enum specop {
	SPEC_COMPATIBLE,	/* ~= */
	SPEC_EQ,		/* == */
	SPEC_NE,		/* != */
	SPEC_LE,		/* <= */
	SPEC_GE,		/* >= */
	SPEC_LT,		/* < */
	SPEC_GT,		/* > */
	SPEC_ARBITRARY,		/* === */
};

/* one specifier: an operator and the version as written (trimmed) */
struct spec {
	enum specop op;
	char *ver;
	bool wildcard;		/* ==X.* or !=X.* (VER keeps the ".*") */
	bool parsed;		/* V holds VER parsed (always, but for === on a non-version) */
	struct version v;
};

/* a comma-separated specifier set; empty matches every final release */
struct specset {
	struct spec *v;
	size_t n;
};

/* flags for specmatch: packaging's prereleases=True / False (neither: None, the default) */
#define SPECPRE 1
#define SPECNOPRE 2

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

/* parse one specifier ("~=1.4.2", "==2.*", "===foo"); 0, or -1 with *WHY set */
int specitemparse(struct spec *sp, const char *s, const char **why);
/* free what specitemparse put in SP; accepts NULL */
void specitemclear(struct spec *sp);
/* whether V satisfies SP by its operator alone (pre-releases not filtered) */
bool specitemmatch(const struct spec *sp, const struct version *v);
/* whether SP names a pre-release, so that a set holding it admits pre-releases */
bool specitemprerelease(const struct spec *sp);

/* the length of the specifier at S as a requirement's tokenizer takes it (">= 1.0" of ">= 1.0, <2"), or 0 */
size_t spectoken(const char *s);
/* parse a specifier set ("  >=1.0, !=1.3.*,<2 "); 0, or -1 with *WHY set and SS empty */
int specparse(struct specset *ss, const char *s, const char **why);
/* free what specparse put in SS; accepts NULL */
void specclear(struct specset *ss);
/* whether V is in SS; FLAGS is 0 (packaging's default), SPECPRE or SPECNOPRE */
bool specmatch(const struct specset *ss, const struct version *v, int flags);
/* whether SS admits pre-releases by default: one of its specifiers names one */
bool specprerelease(const struct specset *ss);
/* append SS as packaging prints it: each "OPVERSION" as written, sorted, joined by ',' */
void specstr(const struct specset *ss, struct buf *b);
