/* lockwriter.h: venvmk lock: an env's declaration resolved and written as a lock, its pins kept where they still fit. */

struct env;
struct syncopts;

struct lockopts {
	const char *out;	/* -o FILE, or NULL: the env's own lock (lock = beside requirements) */
	const char *format;	/* "pylock", "requirements", or NULL: by the file's name */
	bool upgrade;		/* --upgrade: no pin kept */
	struct strlist upgrades;	/* --upgrade-package: NAME, or NAME==VERSION */
	const char *regen;	/* the command that brings the lock up to date, for its header */
};

/*
 * Bring the lock of E (LO->out, or E's lock) up to date with E's inputs, as LO says:
 * nothing read from the network and the file untouched when the fingerprint it records
 * is the inputs' (or when a new resolution gives the same lock); else pip's resolution,
 * preferring the lock's pins, written atomically. *WROTE, when not NULL, says whether
 * the file changed; FILES, when not NULL, gets the inputs' files as "STATKEY\tSHA256\tPATH".
 * Returns an exit status (0, 1 failed, 2 bad input) after warn().
 */
int synclock(const struct env *e, const struct syncopts *o, const struct lockopts *lo, bool *wrote,
    struct strlist *files);
/* the command line ARGV as a shell reads it back, without --upgrade, --upgrade-package, -v and -q, credentials taken out of its URLs: how to bring a lock up to date; newly allocated */
char *lockregen(int argc, char **argv);
/* is E's lock current with E's inputs (read, not resolved)? 0 yes, 1 no, 2 after warn() */
int lockcurrentwith(const struct env *e);
