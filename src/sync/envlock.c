/* envlock.c: one flock(2) per env; a killed holder's lock goes with its process. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "sync/envlock.h"

/* is the locked FD still the file at PATH? a holder that removed the state dir (clean, a
 * first sync that failed) unlinked it: a waiter then holds a lock no one else sees */
static bool
stillthere(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
envlockacquire(const char *statedir, const char *label, bool quiet)
{
	char *path = pathjoin(statedir, STATE_LOCK);
	bool told = false;
	int fd;

	for (;;) {
		/* no O_CLOEXEC: the children (venv, virtualenv, pip) hold the lock too, so a
		 * pip orphaned by a SIGKILL of venvmk keeps others out until it is done */
		fd = open(path, O_RDWR | O_CREAT, 0666);
		if (fd < 0 && errno == ENOENT && mkdirs(statedir, 0777) == 0)
			continue;	/* the state dir went while this one waited: made again */
		if (fd < 0) {
			warn("%s: %s:", label, path);
			free(path);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK) {
				warn("%s: lock %s:", label, path);
				goto fail;
			}
			if (!quiet && !told)
				note("%s: waiting for another venvmk to finish", label);
			told = true;
			while (flock(fd, LOCK_EX) < 0) {
				if (errno != EINTR) {
					warn("%s: lock %s:", label, path);
					goto fail;
				}
			}
		}
		if (stillthere(fd, path))
			break;
		close(fd);
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}
