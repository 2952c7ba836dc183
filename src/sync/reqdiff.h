/* reqdiff.h: the requirement lines added, removed or changed between two syncs, as a person reads them. */

struct strlist;

/*
 * What changed from the requirement lines OLD to NOW (both "req X" or "editable X",
 * sorted, each once, as the state records them) into OUT, one entry a line in the
 * order of the names: "+ flask", "- pytest", "~ pytest 7.2 → 7.4" (one line of the
 * same name in each, its specifier changed). The first MAX in full, then "and N more".
 */
void reqdiff(const struct strlist *old, const struct strlist *now, size_t max, struct strlist *out);
