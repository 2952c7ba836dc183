/* inputs.h: every input of one env as read (struct inputs), and what one sync of it
 * carries down its steps (struct sync). Data only: sync/fprint.c fills and hashes the inputs. */

struct inputs {
	struct reqset rs;
	struct interp in;
	char decl[65];		/* the declaration as written (flags and venv.conf) */
	char opts[65];		/* what forces a recreate when it changes */
	char fp[65];		/* the portable fingerprint of everything */
	struct strlist reqlines;	/* requirement lines, sorted, unique: may grow by install */
	struct strlist files;	/* "STATKEY\tSHA256\tPATH" for every input file */
	struct strlist projects;	/* "SHA256\tDIR" of each local project's metadata */
	struct strlist track;	/* "NAME=VALUE" or "NAME" of every tracked variable */
	struct strlist pipconf;	/* pip configuration files that exist */
	char *where;		/* the env's absolute path: not in the fingerprint (a CI cache key), but an env is not relocatable */
};

/*
 * One sync of one env: what every step below sync/ needs (resolving, fetching, the
 * lock install, the native env writer), passed down as one pointer. sync/ fills it.
 */
struct sync {
	const struct env *e;	/* the env as declared */
	struct inputs *x;	/* its inputs, read (X->in: the interpreter) */
	char *cache;		/* the cache dir (cachedir of E->cachedir) */
	char *tmp;		/* a cache temporary dir, made on demand by the step that needs one, which removes it */
	bool quiet, verbose;
	bool upgrade;		/* resolve afresh: the cached resolution of these inputs is not reused */
	const struct strlist *pipextra;	/* more arguments for pip's resolve (a lock's preferences: -c FILE), or NULL */
	bool dryrun;		/* resolve with pip's dry run, whose report has each dist's metadata, never pip download */
	bool ownfailed;		/* venvmk's own resolver could not take these inputs: pip resolves */
	bool trying;		/* a try the caller makes good if it fails (a lock's pins): no solution is not told */
	bool resolveonly;	/* nothing will be installed (venvmk lock): fetch metadata, never wheels, to resolve */
	bool pinnedown;		/* a resolution under PIPEXTRA is still the inputs' own (sync --upgrade-package): cached */
	/* set by pip/: the metadata pip's build gives of the sdist file SDIST (newly allocated into
	 * *TEXT); 0, -1 after warn() when pip could not be asked, or -2 when pip failed on it (it
	 * said why). NULL: an sdist with dynamic metadata is pip's to resolve whole */
	int (*sdistmeta)(struct sync *s, const char *sdist, char **text);
	/* a recreate: the env kept aside (absolute) for the env at KEPTFOR (absolute), whose
	 * files unchanged since SINCE may be carried over into the new one (txnkept); else NULL */
	const char *kept, *keptfor;
	struct timespec since;
};
