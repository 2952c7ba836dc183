/* decide.h: fingerprint vs state → nothing | install | recreate, with a reason. */

struct state;

enum action {
	ACT_NONE,
	ACT_CREATE,
	ACT_RECREATE,
	ACT_INSTALL,
};

struct decision {
	enum action act;
	char *reason;
	bool refresh;		/* nothing to do, but the recorded file stats are stale */
	bool computed;		/* X holds the full inputs (not only the fast-path checks) */
	struct strlist changes;	/* the requirement lines that changed: "+ flask", "~ pytest 7.2 → 7.4", ... */
};

/* how many changed requirement lines a decision names in full */
#define DECIDE_SHOWN 5

/* "creating", "recreating", ... */
const char *actionname(enum action a);
/*
 * Decide what a sync of E must do, given the recorded state ST. Fills X (the
 * interpreter always, its answers kept in STATEDIR and in SHAREDFILE, the cache's; the
 * full inputs unless the fast path proved nothing changed). WRITE allows caching the
 * interpreter's answer. Returns 0 or -1.
 */
int decide(struct decision *d, const struct env *e, const struct state *st, struct inputs *x,
    const char *statedir, const char *sharedfile, bool write);
/* free what decide put in D */
void decisionclear(struct decision *d);
