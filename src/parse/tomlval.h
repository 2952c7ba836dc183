/* tomlval.h: private to the TOML reader: the parse state, positions and errors, and the scalar scanner. */

/* nested tables and arrays deeper than this are an error, so no input can exhaust the stack */
#define TOML_MAXDEPTH 256

/* the state of one tomlparse() */
struct tomlparse {
	const char *text, *end;	/* the document, after any byte-order mark */
	const char *p;		/* the next byte to read */
	const char *file;	/* the name used in messages */
	/* where() counts on from MARK, which is at line MARKLINE, column MARKCOL */
	const char *mark;
	int markline, markcol;
	/* tables that dotted keys created or extended in the current [section] */
	struct toml **pending;
	size_t npending, cappending;
};

/* the line and column (in characters, from 1) of AT */
void tomlwhere(struct tomlparse *tp, const char *at, int *line, int *col);
/* warn "FILE:LINE:COL: message" for the byte AT; returns NULL so callers can return it */
void *tomlerr(struct tomlparse *tp, const char *at, const char *fmt, ...);
/* a new, empty node of TYPE whose text starts at AT */
struct toml *mktomlnode(struct tomlparse *tp, enum tomltype type, const char *at);
/* check that all of tp->text is UTF-8 without surrogates; returns 0, or -1 after reporting the first bad byte */
int tomlutf8check(struct tomlparse *tp);
/*
 * Scan the string at tp->p (any of the four forms, or only the one-line forms when
 * KEY), appending its decoded value to B. Returns 0 with tp->p after the closing
 * quote, or -1 after reporting.
 */
int tomlstring(struct tomlparse *tp, struct buf *b, bool key);
/* whether C may be part of a bare number, boolean, date or time */
bool tomlbarechar(int c);
/* scan the boolean, number, date or time at tp->p into a new node; NULL after reporting */
struct toml *tomlscalar(struct tomlparse *tp);
/* append F to B in the shortest spelling that reads back as F: "1.0", "1e+100", "-0.0", "inf", "nan" */
void tomlfmtfloat(double f, struct buf *b);
