/* show.h: show and show --json output. */

/* print E for show: inputs X, decision D, last sync ST, STAMP; JSON: FIRST/LAST open/close a list */
void showenv(const struct env *e, const struct inputs *x, const struct decision *d,
    const struct state *st, const char *stamp, bool json, bool first, bool last);
