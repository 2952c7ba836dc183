/* bytecode.h: the modules of unpacked cache entries compiled once per interpreter, as pip compiles at install time. */

/*
 * Compile the .py files of the unpacked ENTRIES (N of them) with PYTHON, once per
 * cache tag TAG: their __pycache__ then holds what wheelinstall links into envs,
 * as pip compiles at install time. A failure only costs the speed. Returns 0.
 */
int bytecodecompile(const char *python, const char *tag, char *const entries[], size_t n);
/*
 * Start compiling ENTRIES as bytecodecompile does and return at once: one such compile at a
 * time (a second start waits for the first). bytecodecompile of an entry it holds waits for it.
 */
void bytecodestart(const char *python, const char *tag, char *const entries[], size_t n);
/* wait for the compile bytecodestart started, if any, sent SIGTERM first when STOP */
void bytecodewait(bool stop);
