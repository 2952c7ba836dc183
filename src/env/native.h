/* native.h: the environment written by venvmk itself, laid out as PEP 405 and CPython's venv do. */

struct layout;
struct sync;

/* can the native backend serve IN, and clone from the cache when E says link-mode clone? 0, or -1 after warn() */
int nativecheck(const struct env *e, const struct interp *in);
/* E's layout for IN, every path absolute (free with nativelayoutclear); its placer carries files
 * over from the env the sync S kept aside for E's dir, if any (S may be NULL); returns 0 or -1 after warn() */
int nativelayout(struct layout *l, const struct env *e, const struct interp *in, const struct sync *s);
/* free what nativelayout made in L (L itself is the caller's); its placer records in the env how files came from the cache */
void nativelayoutclear(struct layout *l);
/*
 * Write a new env in the dir of S's env (which exists, empty but for venvmk's marker) for
 * its interpreter, and seed pip from the cache when the env asks for pip. Returns 0 or -1
 * after warn().
 */
int nativecreate(const struct sync *s);
/*
 * Have the pip seed of E (when E asks for pip) unpacked in the cache and compiled by a
 * forked process, without waiting: a first sync fetches meanwhile. Failures are
 * nativecreate's to tell: it waits for that process, then does what is left.
 */
void nativeseedahead(const struct env *e, const struct interp *in);
/* wait for what nativeseedahead started, stopping it when STOP */
void nativeaheaddone(bool stop);
/* one wheel for nativelinkmany: nativelink's arguments */
struct linkjob {
	const char *wheel, *hash;
	bool requested;
	const char *directurl;
};
/*
 * nativelink each of the N JOBS into L; where files are cloned or copied (an inode each),
 * a forked child places files beside this process, a dir at a time. 0; 2 when a cache
 * entry proved damaged (it is discarded: have it unpacked and compiled again, or its wheel
 * fetched again when gone, then link again); or -1 after warn().
 */
int nativelinkmany(const char *cache, const struct linkjob *jobs, size_t n, const struct layout *l);
/* link the wheel file WHEEL (verified against HASH unless NULL) into the env laid out as L; 0, 2 as nativelinkmany says, or -1 */
int nativelink(const char *cache, const char *wheel, const char *hash, const struct layout *l,
    bool requested, const char *directurl);
