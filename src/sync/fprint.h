/* fprint.h: the fingerprint of every input of an env (struct inputs, inputs/inputs.h). */

struct env;
struct inputs;
struct reqset;
struct strlist;

/* hash the declaration of E into HEX: cheap, no file is read */
void fprintdecl(const struct env *e, char hex[65]);
/* the current value of each tracked variable of E, as "NAME=VALUE" or "NAME" */
void fprinttrack(const struct env *e, struct strlist *out);
/* read E's requirements and constraints files and its inline lines into RS; returns 0 or -1 */
int fprintreqs(struct reqset *rs, const struct env *e);
/* read E's requirement lines and find pip's configuration files into X, as fprintcompute
 * does, with no interpreter: what a resolution asks for first; 0 or -1 */
int fprintpeek(struct inputs *x, const struct env *e);
/* free what fprintpeek read into X */
void fprintpeekclear(struct inputs *x);
/*
 * Read every input of E (requirements files and what they include, local projects)
 * and compute the fingerprints; X->in must be resolved (decide() has also set X->decl). Returns 0, or -1 after an error.
 */
int fprintcompute(struct inputs *x, const struct env *e);
