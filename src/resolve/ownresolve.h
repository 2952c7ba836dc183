/* ownresolve.h: resolving with venvmk's own solver, the answer written as pip's installation report. */

struct buf;
struct sync;

/*
 * Resolve the inputs of S with venvmk's solver over its env's indexes and find-links, and
 * append the answer to REPORT as pip's installation report ("pip_version": "venvmk").
 * Returns 0; 1 when there is no solution (warn() tells the chain of reasons); or -1 when
 * pip must resolve (the inputs hold what the solver does not model, an sdist must be built,
 * an index failed; -v says why).
 */
int ownresolve(struct sync *s, struct buf *report);
/*
 * The project pages of S's root requirements, asked for in the background (pagesprefetch)
 * when venvmk's solver will take S's inputs: a resolution sure to come starts while the
 * caller does what it must first (the interpreter's facts). S->x needs its requirement
 * lines and pip's configuration files only.
 */
void ownprefetch(struct sync *s);
