/* wheelinstall.h: an unpacked wheel of the cache installed into an env as pip installs it. */

struct layout;

/*
 * Install the unpacked wheel ENTRY into the env laid out as L: files cloned,
 * hard-linked or copied (as L->placer decides), scripts and launchers written
 * new, a fresh RECORD, INSTALLER ("pip"), REQUESTED when REQUESTED is set,
 * direct_url.json when DIRECTURL (JSON text) is not NULL. Each file is checked against
 * the entry's manifest as it is placed or read. When L's placer shares the files with
 * another process, this one places only the dirs placeclaim hands it, and only the
 * process of share 0 writes the rest. Returns 0, 1 when ENTRY turned out damaged or
 * vanished (discarded: the caller has it unpacked again, then retries), or -1 after warn().
 */
int wheelinstall(const char *entry, const struct layout *l, bool requested, const char *directurl);
