/* tags.h: wheel tags: the ones an interpreter supports, best first, as packaging orders them, and how a wheel ranks; pure. */

/* the facts an interpreter's tags follow from, as the interpreter query gives them ("" when unknown) */
struct tagenv {
	const char *implname;	/* sys.implementation.name: "cpython", "pypy" */
	const char *version;	/* "3.11.7": its major and minor count */
	const char *nodot;	/* sysconfig's py_version_nodot: "311" ("": from version) */
	const char *extsuffix;	/* sysconfig's EXT_SUFFIX: ".pypy39-pp73-x86_64-linux-gnu.so" */
	const char *abiinfo;	/* the ABI's traits: d (debug), m (pymalloc), u (UCS-4), t (no GIL) */
	const char *system;	/* platform.system(): "Linux" */
	const char *platform;	/* sysconfig.get_platform(): "linux-x86_64" */
	const char *bits;	/* the interpreter's pointer size: "64" or "32" */
	const char *glibc;	/* glibc's version, "2.36", or "" */
	const char *musl;	/* musl's version, "1.2", or "" */
	const char *elf;	/* the executable's ELF class, data, machine and flags: "2 1 62 0" */
};

/* one tag: indexes into its list's parts */
struct tag {
	int interp, abi, plat;
};

/* the tags an interpreter supports, best first */
struct tags {
	struct strlist part;	/* each interpreter, ABI and platform string once */
	struct tag *v;
	size_t n, cap;
};

/*
 * Fill T (zeroed, or cleared) with the tags TE supports in priority order, as
 * packaging.tags.sys_tags() (26.3) gives them on CPython and PyPy. Returns 0, or -1
 * when TE's platform needs rules this does not have (macOS, iOS, Android,
 * Emscripten) or its facts make no sense (no version, a bad EXT_SUFFIX).
 */
int tagslist(struct tags *t, const struct tagenv *te);
/* free what T holds and zero it */
void tagsclear(struct tags *t);
/* append tag I of T as "interp-abi-platform" to B */
void tagsformat(const struct tags *t, size_t i, struct buf *b);
/*
 * Add to TAGS every tag "interp-abi-platform" (lowercased) that the wheel file
 * name FILENAME (no directory) stands for: "a-1-py2.py3-none-any.whl" gives
 * py2-none-any and py3-none-any. Returns 0, or -1 when FILENAME is not a wheel's
 * name by packaging's rules (its version is not checked).
 */
int tagsparse(const char *filename, struct strlist *tags);
/* the index in T of the best tag of the wheel FILENAME, or -1 when none is supported or FILENAME is not a wheel's */
long tagsrank(const struct tags *t, const char *filename);
