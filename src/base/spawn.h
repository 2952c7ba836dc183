/* spawn.h: start children with posix_spawn and an argv (never a shell), forward signals. */

/*
 * Run ARGV[0] (a path, or a name looked up in PATH) with ARGV and wait for it.
 * With OUT set, its standard output is captured there (standard error passes through).
 * SIGINT, SIGTERM and SIGHUP received meanwhile are forwarded to the child.
 * Returns the exit status, 128+N if it died of signal N, or -1 if it could not start.
 */
int spawnrun(char *const argv[], struct buf *out);
/* spawnrun with the INLEN bytes of IN as the child's standard input (secrets stay off argv) */
int spawnrunin(char *const argv[], const char *in, size_t inlen, struct buf *out);
/*
 * spawnrun, the child's standard output and error kept in a new temporary file instead
 * of shown: its fd into *LOG (-1 when none could be made: the output was shown).
 */
int spawnrunkept(char *const argv[], int *log);
/* copy what the file LOG (from spawnrunkept) holds to standard error, then close it (-1: nothing) */
void spawnlogshow(int log);
/* wait for the child PID, sent SIGTERM first when STOP; its status as spawnrun's, or -1 */
int spawnwait(pid_t pid, bool stop);
/*
 * Start ARGV[0] with a pipe to its standard input (*IN) and one from its standard output
 * (*OUT), both close-on-exec here; no other fd of this process but standard error is open
 * in it. Its pid, or -1 (errno set; -1 with ENOSYS where no fd can be kept from it).
 * Not traced: the caller traces each piece of work it hands the child.
 */
pid_t spawnpiped(char *const argv[], int *in, int *out);
/* forward SIGINT, SIGTERM and SIGHUP to PID (a child spawnpiped started) until spawnunforward() */
void spawnforward(pid_t pid);
void spawnunforward(void);
/* send the standard output of children (pip) to standard error: run's output is the command's */
void spawnstdouttostderr(bool on);
/* the signal forwarded during the last spawnrun, or 0 */
int spawnsignal(void);
/* find NAME in PATH (or use it as is when it holds a '/'); newly allocated, or NULL */
char *spawnwhich(const char *name);
/* VENVMK_TRACE=FILE: append ARGV as a line to FILE; every command started goes there, and what venvmk does itself in their place */
void spawntrace(char *const argv[]);
/* VENVMK_TEST_PAUSE=STEP stops venvmk (SIGSTOP) at STEP, so that a test can kill it at an exact point */
void spawntestpause(const char *step);
