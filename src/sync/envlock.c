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

/* is the locked FD still linked? a holder that removed the state dir (clean, a first
 * sync refused) unlinked it: a waiter then holds a lock no one else sees. The path is
 * only ever made anew after that unlink, so a file with a link is the one at the path. */
static bool
stilllinked(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_nlink > 0;
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
		if (stilllinked(fd))
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
