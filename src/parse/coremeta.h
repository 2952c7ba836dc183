/* coremeta.h: a distribution's core metadata (METADATA, PKG-INFO, a PEP 658 .metadata file): the fields a resolver needs; pure. */

struct coremeta {
	char *name, *version;		/* NULL when absent */
	char *requirespython;		/* NULL when absent */
	struct strlist requiresdist;	/* each Requires-Dist, as written */
	struct strlist providesextra;	/* each Provides-Extra */
};

/* read the header block of the LEN bytes TEXT into M (zeroed); 0, or -1 when it names no Name and Version */
int coremetaparse(struct coremeta *m, const char *text, size_t len);
/* free what M holds */
void coremetaclear(struct coremeta *m);
