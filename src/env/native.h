/* native.h: the environment written by venvmk itself, laid out as PEP 405 and CPython's venv do. */

struct layout;

/* can the native backend serve IN, and clone from the cache when E says link-mode clone? 0, or -1 after warn() */
int nativecheck(const struct env *e, const struct interp *in);
/* E's layout for IN, every path absolute (free with nativelayoutfree); returns 0 or -1 after warn() */
int nativelayout(struct layout *l, const struct env *e, const struct interp *in);
/* free what nativelayout made; its placer records in the env how files came from the cache */
void nativelayoutfree(struct layout *l);
/*
 * Write a new env in E->dir (which exists, empty but for venvmk's marker) for the
 * interpreter IN, and seed pip from the cache when E asks for pip. Returns 0 or -1
 * after warn().
 */
int nativecreate(const struct env *e, const struct interp *in);
/*
 * Have the N WHEELS (verified against HASHES[i] unless HASHES or it is NULL) unpacked
 * in CACHE and compiled for the interpreter IN, all with one Python; 0 or -1 after warn()
 */
int nativeprepare(const char *cache, const struct interp *in, char *const wheels[], char *const hashes[], size_t n);
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
