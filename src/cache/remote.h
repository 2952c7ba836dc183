/* remote.h: a cache the team shares over HTTP, in Bazel's layout (PREFIX/ac/KEY records, PREFIX/cas/SHA256 blobs). */

struct dlitem;
struct sync;

/*
 * On a local miss of S's fingerprint: the record of its resolution from the remote cache
 * of S's env, then the wheels it names that the local cache lacks, in parallel and each
 * verified, unpacked and compiled into the cache, and last the report cached locally.
 * Anything wrong with the remote is a miss. Returns 1 when the report is now cached, else 0.
 */
int remotepull(struct sync *s);
/*
 * The N ITEMS (wheels named by "sha256=HEX", no path yet) from the remote cache of S's env,
 * if it has one, into S->tmp, in parallel, each verified: sets the path of each that came.
 * Returns how many came; the others are the caller's to fetch.
 */
int remotefetch(struct sync *s, struct dlitem *items, size_t n);
/*
 * When S's env writes to its remote cache: keep the N WHEELS (HASHES[i] "sha256=HEX" or
 * NULL) in the local cache's blobs/, by a hard link, for remotepush to send
 */
void remotekeep(const struct sync *s, char *const wheels[], char *const hashes[], size_t n);
/*
 * After a successful sync of S: push to its env's remote cache what it lacks of the
 * resolution of S's fingerprint, the blobs (HEAD, then PUT) before the record that names
 * them; for an env with no resolution (a lock), the wheels this run kept. A 401 or 403 turns writing off for the rest of the run, with one warning; any
 * other trouble leaves the remote as it was. Never fails the sync.
 */
void remotepush(struct sync *s);
