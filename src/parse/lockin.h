/* lockin.h: the record of a lock's inputs as a sync last checked them (the state dir's
 * lockin file, sync/lockfresh.c): the declaration's hash, the tracked variables, and each
 * file's stat key; read and written; pure. */

/* one line of the record that counts: a tracked variable, or a file */
struct lockinline {
	char *track;		/* "track VALUE": VALUE; NULL on a file line */
	char *key, *path;	/* "file KEY<TAB>PATH": the stat key (no tab) and the path; NULL on a track line */
};

struct lockin {
	char *decl;		/* the first line "decl HASH" (ended by a newline): HASH; else NULL */
	struct lockinline *v;	/* the track and file lines, in the order of the text */
	size_t n, cap;
};

/* read the record TEXT (up to its NUL) into REC (zeroed); lines neither track nor file are ignored */
void lockinparse(struct lockin *rec, const char *text);
/* the text of REC ("decl HASH\n" when it has one, then a line each), newly allocated */
char *lockinformat(const struct lockin *rec);
/* a track line (VALUE) or a file line (KEY, PATH) at the end of REC */
void lockinadd(struct lockin *rec, const char *track, const char *key, const char *path);
/* free what REC holds; accepts NULL */
void lockinclear(struct lockin *rec);
