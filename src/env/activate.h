/* activate.h: an environment's activation scripts, every substituted value quoted for its shell. */

struct activation {
	const char *envdir;	/* the env, absolute */
	const char *bin;	/* its scripts dir name: "bin" */
	const char *prompt;	/* the prompt name, without parentheses */
	int minor;		/* Python 3.MINOR, whose prompt rules apply */
};

/*
 * Write activate (bash/zsh), activate.fish, activate.csh, Activate.ps1 and
 * activate.nu into BINDIR. Returns 0, or -1 after warn().
 */
int activatewrite(const char *bindir, const struct activation *a);
