/* tomltree.h: the tree the TOML reader (toml.h) gives: its nodes, freeing, lookup, type names and canonical form; pure. */

enum tomltype {
	TOML_TABLE,
	TOML_ARRAY,
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOL,
	TOML_DATETIME,		/* offset date-time: 1979-05-27T07:32:00Z */
	TOML_DATETIME_LOCAL,	/* 1979-05-27T07:32:00 */
	TOML_DATE_LOCAL,	/* 1979-05-27 */
	TOML_TIME_LOCAL,	/* 07:32:00 */
};

struct toml {
	enum tomltype type;
	int line, col;		/* where the value (or a table's header) starts, from 1 */
	/*
	 * STRING: the decoded UTF-8 text (LEN bytes; it may hold NUL).
	 * DATETIME*, DATE_LOCAL, TIME_LOCAL: the value in RFC 3339 form, 'T' as the
	 * separator and 'Z' in capitals, as written otherwise (fraction digits kept).
	 */
	char *s;
	size_t len;
	long long i;		/* INTEGER */
	double f;		/* FLOAT (inf and nan too) */
	bool b;			/* BOOL */
	/* TABLE: KEYS[k] names VALS[k], in document order; ARRAY: VALS[k] (KEYS is NULL) */
	char **keys;
	size_t *klen;		/* TABLE: the length of KEYS[k], which may hold NUL ("\u0000" = 1) */
	struct toml **vals;
	size_t n, cap;
	unsigned flags;		/* private to toml.c: how a table or array was defined */
};

/* free T and everything below it; accepts NULL */
void deltoml(struct toml *t);
/* the value of KEY in table T, or NULL (also when T is NULL or not a table) */
struct toml *tomlget(const struct toml *t, const char *key);
/* warn "FILE:LINE:COL: message" at the node AT (FILE is the document's name), or "FILE: message" when AT is NULL; -1 */
int tomlwarn(const char *file, const struct toml *at, const char *fmt, ...);
/* the name of type TYPE as toml-test spells it: "string", "integer", "datetime-local", ... */
const char *tomltypename(enum tomltype type);
/*
 * Append T's canonical form to B: keys sorted, strings escaped one way, numbers in
 * one spelling, no comments or whitespace. Two documents that hold the same values
 * give the same bytes, whatever their quoting, key order, table style or comments.
 */
void tomlcanon(const struct toml *t, struct buf *b);
/* append "N:LABEL=" (N the length of LABEL), T's canonical form ("-" when T is NULL) and a newline to CANON; nothing when CANON is NULL */
void tomlcanonadd(struct buf *canon, const char *label, const struct toml *t);
