/* bytecode.h: the modules of unpacked cache entries compiled once per interpreter, as pip compiles at install time. */

struct interp;

/*
 * Compile the .py files of the unpacked ENTRIES (N of them) with the interpreter IN, once
 * per cache tag: their __pycache__ then holds what wheelinstall links into envs, as pip
 * compiles at install time. Modules the interpreter has installed and compiled already,
 * the same bytes (ensurepip's pip in its site-packages), are not compiled again: their
 * code is taken from there. A failure only costs the speed. Returns 0.
 */
int bytecodecompile(const struct interp *in, char *const entries[], size_t n);
/*
 * Unpack WHEELS (N of them, .whl files) into the cache CACHEDIR and compile them, as
 * bytecodecompile does, in a forked process, returning at once: pip's seed, meanwhile a
 * lock is fetched. One such process at a time (a second call waits for the first);
 * bytecodecompile of an entry it holds waits for it. Nothing is forked when the cache
 * has them compiled already.
 */
void bytecodeahead(const struct interp *in, const char *cachedir, char *const wheels[], size_t n);
/* wait for the process bytecodeahead started, if any, sent SIGTERM first when STOP */
void bytecodewait(bool stop);
/*
 * Have the N WHEELS (verified against HASHES[i] unless HASHES or it is NULL) unpacked
 * in CACHE and compiled for the interpreter IN, all with one Python; 0 or -1 after warn()
 */
int bytecodeprepare(const char *cache, const struct interp *in, char *const wheels[], char *const hashes[], size_t n);
