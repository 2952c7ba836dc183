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
