/* tool.h: venvmk tool: one-off tools, each in an env of its own in the cache. */

struct decl;
struct strlist;
struct syncopts;

/* what the command line gives "venvmk tool" */
struct toolargs {
	const struct decl *d;		/* --python, --cache-dir, --link-mode; no other declaration flag */
	const char *from;		/* --from REQ, or NULL: the command's name is the requirement */
	const struct strlist *with;	/* --with REQ, each */
	const struct syncopts *o;
	char **args;			/* the operands after "tool", the subcommand first */
	int nargs;
	char **runargv;			/* tool run: the command and its arguments, or NULL */
};

/* run "venvmk tool run|sync|dir|list"; returns the exit status, or -1 for a usage error (said) */
int toolcommand(const struct toolargs *t);
