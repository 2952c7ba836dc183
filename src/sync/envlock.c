/* envlock.c: one flock(2) per env; a killed holder's lock goes with its process. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "sync/envlock.h"

int
lockacquire(const char *statedir, const char *label, bool quiet)
{
	char *path = pathjoin(statedir, STATE_LOCK);
	/* no O_CLOEXEC: the children (venv, virtualenv, pip) hold the lock too, so a
	 * pip orphaned by a SIGKILL of venvmk keeps others out until it is done */
	int fd = open(path, O_RDWR | O_CREAT, 0666);

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
		if (!quiet)
			warn("%s: waiting for another venvmk to finish", label);
		while (flock(fd, LOCK_EX) < 0) {
			if (errno != EINTR) {
				warn("%s: lock %s:", label, path);
				goto fail;
			}
		}
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}
