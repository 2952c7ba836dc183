/*
 * faultshim.c: an LD_PRELOAD library for the tests, never installed.  It counts the calls
 * venvmk makes to write, rename, link, mkdir, symlink and fsync, and fails one of them:
 *
 *   FAULT_AT=N       the Nth such call fails (1-based); 0 or unset: none
 *   FAULT_ERRNO=E    ENOSPC (default) or EIO
 *   FAULT_COUNT=F    at exit, write the number of calls seen to F
 *
 * Only venvmk itself is faulted: the library takes itself out of LD_PRELOAD at start, so
 * the Pythons venvmk runs work as usual.  Writes to standard error are never faulted
 * (the messages are what the test reads).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long calls, at;
static int err = ENOSPC;
static const char *countfile;

static void
report(void)
{
	if (countfile) {
		FILE *f = fopen(countfile, "w");
		if (f) {
			fprintf(f, "%ld\n", calls);
			fclose(f);
		}
	}
}

__attribute__((constructor)) static void
init(void)
{
	const char *v = getenv("FAULT_AT"), *e = getenv("FAULT_ERRNO");

	at = v ? atol(v) : 0;
	if (e && strcmp(e, "EIO") == 0)
		err = EIO;
	countfile = getenv("FAULT_COUNT");
	if (countfile)
		countfile = strdup(countfile);
	atexit(report);
	unsetenv("LD_PRELOAD");
}

/* is this call the one to fail? */
static int
fault(void)
{
	if (++calls == at) {
		errno = err;
		return 1;
	}
	return 0;
}

#define REAL(name) static __typeof__(name) *real; if (!real) real = dlsym(RTLD_NEXT, #name)

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write);
	if (fd != 2 && fault())
		return -1;
	return real(fd, buf, n);
}

int
rename(const char *a, const char *b)
{
	REAL(rename);
	return fault() ? -1 : real(a, b);
}

int
link(const char *a, const char *b)
{
	REAL(link);
	return fault() ? -1 : real(a, b);
}

int
linkat(int fa, const char *a, int fb, const char *b, int flags)
{
	REAL(linkat);
	return fault() ? -1 : real(fa, a, fb, b, flags);
}

int
symlink(const char *a, const char *b)
{
	REAL(symlink);
	return fault() ? -1 : real(a, b);
}

int
mkdir(const char *p, mode_t m)
{
	REAL(mkdir);
	return fault() ? -1 : real(p, m);
}

int
fsync(int fd)
{
	REAL(fsync);
	return fault() ? -1 : real(fd);
}

int
fdatasync(int fd)
{
	REAL(fdatasync);
	return fault() ? -1 : real(fd);
}
