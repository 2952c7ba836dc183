/* spec.h: PEP 440 specifiers and specifier sets over versions (version.h), as packaging 24.1 (pip's) reads them; pure. */

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
