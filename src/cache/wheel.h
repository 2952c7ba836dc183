/* wheel.h: wheels unpacked once into a content-addressed cache, installed into an env by links. */

/* where an env's files go: what the target interpreter's "venv" sysconfig scheme says */
struct layout {
	const char *prefix;	/* the env, absolute */
	const char *purelib;	/* absolute: PREFIX/lib/python3.X/site-packages */
	const char *platlib;	/* absolute; often the same as purelib */
	const char *scripts;	/* absolute: PREFIX/bin */
	const char *include;	/* absolute: PREFIX/include/python3.X (headers go to include/site/...) */
	const char *python;	/* absolute path of the env's python, for #!python and launchers */
	int major, minor;	/* the interpreter's version, for pip's pipX and pipX.Y launchers */
	const char *cachetag;	/* "cpython-311": the entry's __pycache__/NAME.TAG.pyc are linked too ("": none) */
	struct placer *placer;	/* clones, hard-links or copies the cache's files into the env (NULL: hard links) */
};

/*
 * Make sure WHEEL (a .whl file) is unpacked in CACHEDIR/wheels/<sha256>/, unpacking
 * it (temporary dir, then rename) if not. HASH is "sha256=HEX" or "sha256:HEX" to verify,
 * or NULL. On success *ENTRY is the unpacked dir (newly allocated). Returns 0, or
 * -1 after warn().
 */
int wheelunpack(const char *cachedir, const char *wheel, const char *hash, char **entry);

/* the sha256 of the wheel file WHEEL as hex, read from CACHEDIR's index while the file is unchanged; 0 or -1 */
int wheelsha(const char *cachedir, const char *wheel, char hex[65]);

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
/* the cache entry of WHEEL into *ENTRY (newly allocated): by HASH ("sha256=HEX", or NULL) when that entry is whole, else unpacked; 0 or -1 */
int wheelentry(const char *cachedir, const char *wheel, const char *hash, char **entry);
