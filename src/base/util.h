/* util.h: errors, memory, growable buffers and string lists, path and file helpers. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/stat.h>

struct buf {
	char *s;
	size_t len, cap;
};

struct strlist {
	char **v;
	size_t n, cap;
};

/* the program name used as the prefix of every message */
extern const char *argv0;

/* report an error: print "venvmk: MSG" to stderr; a format ending in ':' appends strerror(errno) */
void warn(const char *fmt, ...);
/* print "venvmk: MSG" to stderr, a message that is no error (progress, a retry, an outcome): lasterror ignores it */
void note(const char *fmt, ...);
/* the last error warn() or warnat() reported, without the program name ("" before any): a failed sync records it as its reason */
const char *lasterror(void);
/* MSG as the last error, not printed (a child process printed it) */
void setlasterror(const char *msg);
/* while ON, warn(), warnat() and note() print nothing and keep no last error (a read done
 * early, whose errors the read that follows will tell) */
void warnmute(bool on);
/*
 * warn "FILE:LINE:COL: message", the compilers' way of naming a place in an input file:
 * without ":COL" when COL is 0, without ":LINE" when LINE is 0 too, without "FILE: " when
 * FILE is NULL. Printed whole (warn cuts a long one short), and kept as lasterror's.
 * Returns -1, for callers to return.
 */
int warnat(const char *file, long line, int col, const char *fmt, ...);
/* warnat with the arguments of FMT in AP */
int vwarnat(const char *file, long line, int col, const char *fmt, va_list ap);
/* like warn, then exit 1 */
noreturn void fatal(const char *fmt, ...);
/* like warn, then exit with STATUS */
noreturn void fatalx(int status, const char *fmt, ...);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* a newly allocated formatted string */
char *xasprintf(const char *fmt, ...);

/* append to a buffer, which stays NUL-terminated */
void bufadd(struct buf *b, const char *s, size_t n);
void bufputs(struct buf *b, const char *s);
void bufputc(struct buf *b, int c);
void bufprintf(struct buf *b, const char *fmt, ...);
void bufreset(struct buf *b);

/* append a copy of S */
void strlistadd(struct strlist *l, const char *s);
/* append S itself, taking ownership */
void strlistpush(struct strlist *l, char *s);
/* does S end with SUFFIX? */
bool endswith(const char *s, const char *suffix);
/* the index of S in L, or -1 */
long strlistfind(const struct strlist *l, const char *s);
/* compare two elements of a strlist, for qsort and bsearch */
int strlistcmp(const void *a, const void *b);
void strlistclear(struct strlist *l);
/* copy every element of SRC to DST (DST is cleared first) */
void strlistcopy(struct strlist *dst, const struct strlist *src);

/* the value of the hex digit C (either case), or -1 */
int hexdigit(int c);
/* whether the byte C is a word character for Python's \b: an ASCII letter or digit, '_', or any non-ASCII byte */
bool wordchar(int c);
/* whether Python's \b matches at POS of S: a word character on one side of POS only */
bool wordboundary(const char *s, size_t pos);

/* DIR/NAME, or NAME alone when DIR is empty or NAME is absolute */
char *pathjoin(const char *dir, const char *name);
/* the directory part of PATH ("" for a bare name), newly allocated */
char *pathdir(const char *path);
/* PATH made absolute from the working dir and normalized, links not resolved (as venv names
 * an env); newly allocated, or NULL when the working dir cannot be had */
char *pathabs(const char *path);
/* lexically normalize PATH: drop "." parts and fold "x/.." (newly allocated) */
char *pathnorm(const char *path);

/* read a whole file into B (appending); returns 0, or -1 with errno set */
int readfile(const char *path, struct buf *b);
/* writefile's FLAGS: fsync the new file before the rename; fsync its directory after it */
enum { WF_FSYNC = 1, WF_DIRSYNC = 2 };
/* write DATA to PATH through a temporary file and rename(2), synced as FLAGS say; returns 0 or -1 */
int writefile(const char *path, const void *data, size_t len, int flags);
/* writefile with WF_FSYNC: after a crash PATH holds the old data or the new, never an empty file; 0 or -1 */
int writefileatomic(const char *path, const void *data, size_t len);
/* fsync the directory DIR ("" for "."), making the renames and unlinks in it durable; returns 0 or -1 */
int fsyncdir(const char *dir);
/* mkdir -p; returns 0 or -1 */
int mkdirs(const char *path, mode_t mode);
/* remove a directory tree without following symlinks; returns 0 or -1 */
int removetree(const char *path);
/* stat identity rendered as text (dev ino size mtime ctime), for state comparison */
void statkey(const struct stat *st, struct buf *b);
/* the same without ctime: what a chmod or a new hard link does not change */
void statid(const struct stat *st, struct buf *b);
/* whether the time A is before B */
bool tsbefore(struct timespec a, struct timespec b);
/* write all LEN bytes of DATA to FD; 0 or -1 with errno set */
int writeall(int fd, const void *data, size_t len);
/* PATH relative to the dir BASE (both absolute), as os.path.relpath; newly allocated */
char *relpath(const char *path, const char *base);
/* a fresh temporary name next to PATH into *TMP, created exclusively; the fd or -1 after warn() */
int tmpcreate(const char *path, char **tmp);
/* finish the new file FD: mode, close, and rename TMP over PATH (none when TMP is NULL; TMP freed); 0 or -1 after warn() */
int tmpfinish(int fd, char *tmp, const char *path, mode_t mode, bool ok);
/* write PATH as a new file (temporary name, then rename): an old PATH may be a link into the cache; 0 or -1 after warn() */
int writenew(const char *path, const void *data, size_t len, mode_t mode);
