/* wheel.h: wheels unpacked once into a content-addressed cache, and the layout of the env they are installed into (wheelinstall.h). */

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
/* the cache entry of WHEEL into *ENTRY (newly allocated): by HASH ("sha256=HEX", or NULL) when that entry is whole, else unpacked; 0 or -1 */
int wheelentry(const char *cachedir, const char *wheel, const char *hash, char **entry);
