/* show.h: show, show --json and list output. */

/* describe E, its inputs X and the decision D, as text or JSON; STAMP is its stamp path */
void showenv(const struct env *e, const struct inputs *x, const struct decision *d,
    const struct state *st, const char *stamp, bool json, bool first, bool last);
