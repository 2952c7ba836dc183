/* binfmt.h: which files pip may install a package from: --only-binary, --no-binary (pip's format control) and --prefer-binary. */

struct env;

struct binfmt {
	struct strlist onlybin;	/* PEP 503 normalized names, or ":all:" */
	struct strlist nobin;	/* likewise */
	bool preferbin;		/* --prefer-binary: a wheel of an older version before a newer sdist */
};

/*
 * What pip would use for E, read the way pip reads it, each layer adding to the one
 * before: pip's configuration files CONFFILES ([global], then [install]; a later file's
 * key overrides an earlier one's), the PIP_* variables, E's pip arguments, and the
 * requirement files' option lines OPTLINES ("opt NAME [VALUE]"). Reads files; starts nothing.
 */
void binfmtread(struct binfmt *f, const struct env *e, const struct strlist *conffiles, const struct strlist *optlines);
/* pip's FormatControl.handle_mutual_excludes: the list VALUE ("a,b", ":all:", ":none:") into TARGET, its names taken out of OTHER */
void binfmtadd(struct strlist *target, struct strlist *other, const char *value);
/* may F install CANON (PEP 503 normalized) from a wheel (WHEEL), or from an sdist (not WHEEL)? */
bool binfmtallows(const struct binfmt *f, const char *canon, bool wheel);
/* does F hold anything (a format restricted, or --prefer-binary)? for -v */
bool binfmtany(const struct binfmt *f);
void binfmtclear(struct binfmt *f);
