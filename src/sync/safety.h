/* safety.h: what venvmk may touch (an env, never the user's other dirs), and removing an env in one step. */

/* refuse a DIR that exists and is not an environment; returns 0 or -1 after saying why (LABEL names it) */
int envsafe(const char *dir, const char *label);
/*
 * Remove the env at DIR: first renamed into STATEDIR, in one step, so that a kill
 * during the removal leaves either the whole env or none of it at DIR, never a
 * half-emptied directory that the safety check would then refuse. Returns 0 or -1.
 */
int safetyremove(const char *dir, const char *statedir);
