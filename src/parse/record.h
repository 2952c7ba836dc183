/* record.h: RECORD, the CSV list of an installed dist's files: read, sorted, written as pip writes it. */

struct row {
	char *f[3];	/* path, hash, size */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

/* append RECORD's CSV TEXT to ROWS as rows of three fields ("" where short), as Python's csv reads it */
void recordparse(const char *text, struct rows *rows);
/* append the row PATH, HASH, SIZE (copied) to ROWS */
void recordadd(struct rows *rows, const char *path, const char *hash, const char *size);
/* free the rows of ROWS */
void recordclear(struct rows *rows);
/* ROWS sorted, as CSV text into B (reset first), as pip writes RECORD */
void recordtext(struct rows *rows, struct buf *b);
/* "sha256=<urlsafe base64>" of N bytes at P, as RECORD spells it, newly allocated */
char *recorddigest(const void *p, size_t n);
