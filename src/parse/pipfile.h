/* pipfile.h: a Pipfile's packages and sources as pip requirement and option lines; pure. */

/*
 * Append to OUT the packages of category NAME ("packages", "dev-packages", or
 * another table pipenv reads as a category) of DOC, parsed from FILE in directory
 * DIR (relative paths are taken from there, as pipenv does): "req TEXT" or
 * "editable TEXT" each, TEXT as pip takes it on its command line. A package's
 * index must name a [[source]]. When CANON is not NULL, append the canonical form
 * of what was read. Returns 0, or -1 after warn("FILE:LINE:COL: message").
 */
int pipfilepackages(const struct toml *doc, const char *file, const char *dir, const char *name,
    struct strlist *out, struct buf *canon);
/*
 * Append to OUT the index options [[source]] gives, as pipenv passes them to pip:
 * the first source "opt index-url URL", the others "opt extra-index-url URL", and
 * "opt trusted-host HOST" for each with verify_ssl = false. CANON as above.
 * Returns 0, or -1 after warn("FILE:LINE:COL: message").
 */
int pipfilesources(const struct toml *doc, const char *file, struct strlist *out, struct buf *canon);
