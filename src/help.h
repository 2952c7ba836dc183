/* help.h: --help, --version, the usage hint, and the check that standard output was written. */

/* "Try 'venvmk --help'" on stderr, then exit 2 */
noreturn void usage(void);
/* STATUS, or 1 when standard output could not be written (after warn()) */
int flushout(int status);
/* the help text on stdout, then exit */
noreturn void printhelp(void);
/* the version and license on stdout, then exit */
noreturn void printversion(void);
