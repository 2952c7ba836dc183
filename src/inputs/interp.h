/* interp.h: the base interpreter's identity from stat, its version cached; no Python started when warm. */

struct interp {
	char *cmd;		/* as declared */
	char *resolved;		/* found on PATH */
	bool shim;		/* the resolved file is a script (pyenv, asdf) */
	char selkey[65];	/* for a shim: hash of what makes it select a version */
	char *real;		/* the real interpreter binary */
	char *realkey;		/* its stat identity */
	char *impl, *version;	/* "CPython", "3.11.7" */
	bool queried;		/* Python had to be started */
	/* what the native backend needs, from the same query */
	char *base;		/* sys._base_executable */
	char *abiflags;
	char *purelib, *platlib, *include, *scripts;	/* the venv scheme, relative to the env */
	char *pipwheel, *stwheel;	/* the wheels ensurepip installs ("": none) */
	char *cachetag;		/* sys.implementation.cache_tag: "cpython-311" */
	bool lib64;		/* venv links lib64 -> lib */
	/* what wheel tags need, from the same query ("" when unknown) */
	char *implname, *implversion;	/* sys.implementation: "cpython", "3.11.7" */
	char *nodot;		/* sysconfig's py_version_nodot: "311" */
	char *extsuffix, *soabi;	/* ".cpython-311-x86_64-linux-gnu.so", "cpython-311-x86_64-linux-gnu" */
	char *abiinfo;		/* the ABI's traits as letters: d(ebug), m (pymalloc), u (UCS-4), t (no GIL) */
	char *platform;		/* sysconfig.get_platform(): "linux-x86_64" */
	char *bits;		/* the pointer size: "64" ("32" for a 32-bit Python on a 64-bit kernel too) */
	char *glibc, *musl;	/* the C library's version: "2.36" and "", or "" and "1.2" */
	char *elf;		/* sys.executable's ELF class, data, machine, flags: "2 1 62 0" */
	/* PEP 508's marker variables not given above (impl, implname, implversion) */
	char *osname, *sysplatform, *machine, *release, *system, *sysversion, *fullversion, *pyversion;
	/* where bytecode.c may find the seed already compiled */
	char *magic;		/* importlib.util.MAGIC_NUMBER as hex: "a70d0d0a" ("" before 3.4) */
	char *sitedirs;		/* site.getsitepackages(), one a line */
};

struct markerenv;
struct tagenv;

/*
 * Identify CMD. CACHE and SHARED are files of earlier answers (the env's own, and
 * the user's cache shared by every project; either may be NULL); both are updated
 * when WRITE is set and Python had to be asked. Returns 0, or -1 after printing
 * why, prefixed with LABEL.
 */
int interpresolve(struct interp *in, const char *cmd, const char *cache, const char *shared,
    bool write, const char *label);
/* the interpreter's minor version (3.MINOR), or -1 */
int interpminor(const struct interp *in);
/* from now on, add every path (FILES) and variable (VARS) the identity depends on; NULL stops */
void interpwatch(struct strlist *files, struct strlist *vars);
/* point ENV's fields at the interpreter's PEP 508 marker environment (valid while IN is) */
void interpmarkers(const struct interp *in, struct markerenv *env);
/* point TE's fields at the facts the interpreter's wheel tags follow from (valid while IN is) */
void interptags(const struct interp *in, struct tagenv *te);
