/* marker.h: PEP 508 environment markers: parse, and evaluate against an interpreter's facts; pure. */

/* the marker environment of one interpreter (PEP 508's variables); every field a string, "" when unknown */
struct markerenv {
	const char *os_name, *sys_platform, *platform_machine, *platform_python_implementation;
	const char *platform_release, *platform_system, *platform_version;
	const char *python_version, *python_full_version;
	const char *implementation_name, *implementation_version;
};

/* a parsed marker expression (a tree, private to marker.c) */
struct marker;
struct strlist;

/* parse the PEP 508 marker expression S (packaging's grammar); 0 with *M set, or -1 with *WHY (static) set */
int markerparse(struct marker **m, const char *s, const char **why);
/* free M; accepts NULL */
void delmarker(struct marker *m);
/*
 * Evaluate M against ENV and EXTRA (NULL is ""), and, in a lock file, the sets
 * EXTRAS and GROUPS (NULL outside one: then a marker naming them is an error;
 * they take only "NAME" in / not in). A comparison is PEP 440's when OP and
 * the right side form a valid specifier (false when the left side is then no
 * version), else Python's on the strings; names of extras are normalized.
 * Returns 1 or 0, or -1 with *WHY set where packaging raises (an undefined
 * comparison, a variable that is not defined).
 */
int markereval(const struct marker *m, const struct markerenv *env, const char *extra,
    const struct strlist *extras, const struct strlist *groups, const char **why);
