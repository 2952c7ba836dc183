/* coremeta.h: a distribution's core metadata (METADATA, PKG-INFO, a PEP 658 .metadata file): the fields a resolver needs; pure. */

struct coremeta {
	char *name, *version;		/* NULL when absent */
	char *requirespython;		/* NULL when absent */
	struct strlist requiresdist;	/* each Requires-Dist, as written */
	struct strlist providesextra;	/* each Provides-Extra */
	char *metaversion;		/* Metadata-Version, or NULL */
	struct strlist dynamic;		/* each Dynamic (PEP 643), as written */
};

/* read the header block of the LEN bytes TEXT into M (zeroed); 0, or -1 when it names no Name and Version */
int coremetaparse(struct coremeta *m, const char *text, size_t len);
/*
 * NULL when M's dependencies can be read from it as they are (PEP 643: Metadata-Version 2.2
 * or later, and Requires-Dist, Requires-Python and Provides-Extra not Dynamic), else why not
 */
const char *coremetadynamic(const struct coremeta *m);
/* free what M holds */
void coremetaclear(struct coremeta *m);
