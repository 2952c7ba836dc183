/* mkdeps.h: Make dependency output, in the shape of gcc -MD -MP. */

/*
 * Write rules: STAMP depends on every input in RS plus CONFFILE, then an empty
 * rule per input. To OUT (written atomically, and only when it changed) or stdout
 * when OUT is NULL. Returns 0, or -1 after printing why.
 */
int mkdeps(const char *stamp, const char *conffile, const struct reqset *rs, const char *out);
