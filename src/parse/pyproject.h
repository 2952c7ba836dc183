/* pyproject.h: what a pyproject.toml declares for an install; pure (a parsed tree in, answers out). */

/* NAME as PEP 503, 685 and 735 compare names: lower case, each run of '-', '_' and '.' as one '-' (newly allocated) */
char *pyprojectname(const char *name);
/*
 * Append to OUT the [project].dependencies of DOC (parsed from FILE), then the
 * optional-dependencies of each extra in EXTRAS (PEP 685 names; an extra that
 * names the project itself, "proj[test]", is expanded in place). When CANON is not
 * NULL, append the canonical form of every value read to it. Returns 0, or -1
 * after warn("FILE:LINE:COL: message"): no [project], dynamic dependencies, an
 * unknown extra, a value of the wrong type.
 */
int pyprojectdeps(const struct toml *doc, const char *file, const struct strlist *extras,
    struct strlist *out, struct buf *canon);
/*
 * Append to OUT the requirements of dependency group NAME of DOC (PEP 735), those
 * of every group it includes in place. CANON as for pyprojectdeps. Returns 0, or -1
 * after warn("FILE:LINE:COL: message"): an unknown group, a cycle, a bad entry.
 */
int pyprojectgroup(const struct toml *doc, const char *file, const char *name,
    struct strlist *out, struct buf *canon);
/*
 * Append to OUT the canonical form of what in DOC can change what installing the
 * project puts in an env: [build-system], [project] and the [tool.X] tables that
 * count. Build backends' tables do, those of tools that never change an install
 * (pytest, ruff, mypy, ...) do not; an unlisted sub-table takes its parent's answer
 * ("hatch.build" counts, "hatch.envs" does not), and an unlisted tool counts.
 * Comments, spacing, key order and quoting do not show in it.
 */
void pyprojectcanon(const struct toml *doc, struct buf *out);
