/* dep.h: PEP 508 dependency specifiers (Requires-Dist values, requirement lines) as packaging reads them; pure. */

struct dep {
	char *name;		/* as written */
	char *canon;		/* PEP 503's normalized form: "zope-interface" */
	struct strlist extras;	/* as written, in order */
	struct specset spec;	/* empty when none */
	char *url;		/* after '@', or NULL */
	char *markertext;	/* the marker as written (after ';', trimmed), or NULL */
	struct marker *marker;	/* NULL when none */
};

/* parse the dependency specifier S; 0, or -1 with *WHY (static) set and D empty */
int depparse(struct dep *d, const char *s, const char **why);
/* free what depparse put in D; accepts NULL */
void depclear(struct dep *d);
/* append NAME's PEP 503 normalized form (runs of -_. to one '-', ASCII lowercase) to B */
void depnormname(const char *name, struct buf *b);
