/* txn.h: a sync's change to an env made undoable: the env as it was is kept aside until the new one is whole. */

struct timespec;

/*
 * Keep the env at DIR aside in STATEDIR before a sync changes it: moved there in one
 * rename; for a REFRESH (pip installs into the env as it is) a copy made of hard links
 * is then put back at DIR (pip replaces files, it never writes into one). Signals that
 * would stop venvmk are held from here on (txnsignal). Returns 0 or -1 after warn().
 */
int txnbegin(const char *dir, const char *statedir, bool refresh, const char *label);
/* the sync succeeded: drop what was kept aside */
void txncommit(const char *statedir);
/*
 * After txncommit: when venvmk ALONE placed every file of the env at DIR (native, no
 * pip installing into it), mark in STATEDIR when, so that the next recreate may carry
 * over the env's own files no one has changed since (txnkept); else remove the mark.
 * A sync that fails leaves the mark: every file it touched has a later ctime.
 */
void txnplaced(const char *dir, const char *statedir, bool alone);
/*
 * When this sync keeps the env at DIR (absolute) aside for a recreate and the last
 * good sync that changed it marked it (txnplaced): the kept env (absolute), with the
 * mark's time in *SINCE. A file of it whose ctime is before *SINCE was not changed since
 * that sync (with the clock never set back meanwhile). Else NULL.
 */
const char *txnkept(const char *dir, struct timespec *since);
/* the sync failed: remove what it made at DIR and put the kept env back; 0 or -1 after warn() */
int txnabort(const char *dir, const char *statedir, const char *label);
/*
 * Finish what a killed sync left (under the env's lock, before deciding): a kept env
 * goes back to DIR when the sync did not finish, and is dropped when it did. Returns
 * 1 when an env was put back, 0 when there was nothing to do, -1 after warn().
 */
int txnrecover(const char *dir, const char *statedir, const char *label);
/* SIGINT, SIGTERM or SIGHUP received during the transaction, or 0 */
int txnsignal(void);
/* the signals are venvmk's own again; one held is now delivered */
void txnrelease(void);
