/* spawn.c: posix_spawn with an argv, signal forwarding and exit status. */
#define _GNU_SOURCE
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "base/util.h"
#include "base/url.h"
#include "base/spawn.h"

extern char **environ;

static volatile sig_atomic_t child;
static bool tostderr;
static volatile sig_atomic_t caught;

static void
forward(int sig)
{
	caught = sig;
	if (child > 0)
		kill(child, sig);
}

void
spawnstdouttostderr(bool on)
{
	tostderr = on;
}

int
spawnsignal(void)
{
	return caught;
}

char *
spawnwhich(const char *name)
{
	const char *path, *p, *e;
	struct stat st;

	if (strchr(name, '/'))
		return xstrdup(name);
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = e + 1) {
		e = strchr(p, ':');
		if (!e)
			e = p + strlen(p);
		char *cand = e == p ? xstrdup(name) : xasprintf("%.*s/%s", (int)(e - p), p, name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!*e)
			return NULL;
	}
}

void
spawntrace(char *const argv[])
{
	const char *path = getenv("VENVMK_TRACE");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "ae")))
		return;
	for (size_t i = 0; argv[i]; i++) {
		/* a password in an index URL stays out of the trace */
		char *arg = urlnoauth(argv[i], true);
		if (i)
			fputc(' ', f);
		for (const char *p = arg; *p; p++)
			fputs(*p == '\n' ? "\\n" : (char[]){*p, 0}, f);
		free(arg);
	}
	fputc('\n', f);
	fclose(f);
}

/* write the LEN bytes of IN to FD and close it; a child that stops reading early is its own error */
static void
feed(int fd, const char *in, size_t len)
{
	struct sigaction ign = {0}, old;

	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (len > 0) {
		ssize_t w = write(fd, in, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		in += w;
		len -= w;
	}
	close(fd);
	sigaction(SIGPIPE, &old, NULL);
}

/* start ARGV[0] (a path, or a name looked up in PATH) with FA; posix_spawn's error number */
static int
launch(pid_t *pid, char *const argv[], const posix_spawn_file_actions_t *fa)
{
	return strchr(argv[0], '/') ? posix_spawn(pid, argv[0], fa, NULL, argv, environ)
	    : posix_spawnp(pid, argv[0], fa, NULL, argv, environ);
}

/* a wait status as spawnrun returns it: the exit status, or 128+N for death by signal N */
static int
exitstatus(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

int
spawnrun(char *const argv[], struct buf *out)
{
	return spawnrunin(argv, NULL, 0, out);
}

static struct sigaction savedint, savedterm, savedhup;

void
spawnforward(pid_t pid)
{
	struct sigaction sa = {0};

	sa.sa_handler = forward;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &savedint);
	sigaction(SIGTERM, &sa, &savedterm);
	sigaction(SIGHUP, &sa, &savedhup);
	caught = 0;
	child = pid;
}

void
spawnunforward(void)
{
	child = 0;
	sigaction(SIGINT, &savedint, NULL);
	sigaction(SIGTERM, &savedterm, NULL);
	sigaction(SIGHUP, &savedhup, NULL);
}

/* the child's standard output and error go to this fd when >= 0 (spawnrunkept) */
static int keepfd = -1;

/* a new temporary file, unnamed where the kernel can, read and written; its fd or -1 */
static int
tmpanon(void)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		char *path = xasprintf("%s/venvmk-log.XXXXXX", dir);
		fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
		free(path);
	}
	return fd;
}

int
spawnrunkept(char *const argv[], int *log)
{
	int status;

	*log = keepfd = tmpanon();
	status = spawnrunin(argv, NULL, 0, NULL);
	keepfd = -1;
	return status;
}

void
spawnlogshow(int log)
{
	char chunk[4096];
	ssize_t r;

	if (log < 0)
		return;
	fflush(stderr);
	if (lseek(log, 0, SEEK_SET) == 0)
		while ((r = read(log, chunk, sizeof(chunk))) > 0 && writeall(2, chunk, r) == 0)
			;
	close(log);
}

int
spawnrunin(char *const argv[], const char *in, size_t inlen, struct buf *out)
{
	posix_spawn_file_actions_t fa;
	int pfd[2] = {-1, -1}, ifd[2] = {-1, -1}, status, err;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	if (in) {
		if (pipe2(ifd, O_CLOEXEC) < 0)
			fatal("pipe:");
		posix_spawn_file_actions_adddup2(&fa, ifd[0], 0);
	}
	if (keepfd >= 0) {
		posix_spawn_file_actions_adddup2(&fa, keepfd, 1);
		posix_spawn_file_actions_adddup2(&fa, keepfd, 2);
	} else if (out) {
		if (pipe2(pfd, O_CLOEXEC) < 0)
			fatal("pipe:");
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	} else if (tostderr) {
		posix_spawn_file_actions_adddup2(&fa, 2, 1);
	}
	spawntrace(argv);
	fflush(NULL);
	spawnforward(0);	/* a signal before the child exists is sent to it once it does */
	err = launch(&pid, argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		errno = err;
		status = -1;
		if (out) {
			close(pfd[0]);
			close(pfd[1]);
		}
		if (in) {
			close(ifd[0]);
			close(ifd[1]);
		}
		goto restore;
	}
	child = pid;
	if (caught)
		kill(pid, caught);
	if (in) {
		/* the child reads all of its input before it writes much: no deadlock with OUT */
		close(ifd[0]);
		feed(ifd[1], in, inlen);
	}
	if (out) {
		char chunk[4096];
		ssize_t r;

		close(pfd[1]);
		while ((r = read(pfd[0], chunk, sizeof(chunk))) != 0) {
			if (r < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			bufadd(out, chunk, r);
		}
		close(pfd[0]);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			fatal("waitpid:");
	}
	status = exitstatus(status);
restore:
	spawnunforward();
	return status;
}

pid_t
spawnpiped(char *const argv[], int *in, int *out)
{
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	posix_spawn_file_actions_t fa;
	int ifd[2], ofd[2], err;
	pid_t pid;

	if (pipe2(ifd, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(ofd, O_CLOEXEC) < 0) {
		close(ifd[0]);
		close(ifd[1]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, ifd[0], 0);
	posix_spawn_file_actions_adddup2(&fa, ofd[1], 1);
	/* an env's lock (kept across exec for pip's sake) must not live on in a helper that outlives its sync */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	fflush(NULL);
	err = launch(&pid, argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	close(ifd[0]);
	close(ofd[1]);
	if (err) {
		close(ifd[1]);
		close(ofd[0]);
		errno = err;
		return -1;
	}
	*in = ifd[1];
	*out = ofd[0];
	return pid;
#else
	(void)argv, (void)in, (void)out;
	errno = ENOSYS;
	return -1;
#endif
}

int
spawnwait(pid_t pid, bool stop)
{
	int status;

	if (stop)
		kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return exitstatus(status);
}

/*
 * VENVMK_TEST_PAUSE=STEP stops venvmk (SIGSTOP) when it reaches STEP, so that a
 * test can kill it at an exact point: locked, marked, trashed, removed, created,
 * installed, stamped, recorded.
 */
void
spawntestpause(const char *step)
{
	const char *p = getenv("VENVMK_TEST_PAUSE");

	if (p && strcmp(p, step) == 0)
		raise(SIGSTOP);
}
