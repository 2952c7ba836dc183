/* tool.c: venvmk tool: one-off tools (run, sync, dir, list), each in an env of its own
 * under CACHE/tools/KEY/, made and kept fresh by the ordinary sync. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/util.h"
#include "base/hash.h"
#include "base/spawn.h"
#include "inputs/conf.h"
#include "sync/fprint.h"
#include "sync/sync.h"
#include "cache/cache.h"
#include "cache/fetchclient.h"
#include "tool.h"

/* the files of a tool dir besides its env and the env's state dir */
#define TOOL_ENV "env"
#define TOOL_DECL "tool"	/* the declaration, for tool list */

/* one tool as the flags declare it */
struct tool {
	struct env *e;		/* its env, E->dir under DIR */
	char *dir;		/* CACHE/tools/KEY */
};

/* the flags that declare a project's env mean nothing for a tool; 0 or -1 after warn() */
static int
toolflags(const struct decl *d)
{
	if (d->dir || d->hasreq || d->hascon || d->haspkg || d->hasedit || d->backend || d->lock
	    || d->hasextra || d->hasgroup || d->prompt || d->haspiparg || d->hastrack
	    || d->syssite >= 0 || d->pip >= 0) {
		warn("tool: only --from, --with and --python declare a tool's env");
		return -1;
	}
	return 0;
}

/*
 * The key of E's env in the cache: its declaration as a sync hashes it (with a fixed
 * dir), and the values of the variables that change what pip resolves, so that two
 * indexes never share one tool env. Cheap: no file is read, no process started.
 */
static void
toolkey(struct env *e, char key[17])
{
	struct hash *h = mkhash();
	struct strlist track = {0};
	char decl[65], hex[65];

	fprintdecl(e, decl);
	fprinttrack(e, &track);
	hashline(h, "tool 1");
	hashline(h, decl);
	for (size_t i = 0; i < track.n; i++)
		hashline(h, track.v[i]);
	hashend(h, hex);
	memcpy(key, hex, 16);
	key[16] = '\0';
	strlistclear(&track);
	free(track.v);
}

/* declare into T the env of the tool COMMAND, as the flags in A say; 0 or -1 after warn() */
static int
tooldecl(struct tool *t, const struct toolargs *a, const char *command)
{
	struct decl d = { .noconf = true, .hasreq = true, .haspkg = true, .syssite = -1, .pip = -1 };
	struct conf c;
	char key[17], *cache, *tools;

	if (toolflags(a->d) < 0)
		return -1;
	if (!*command || strchr(command, '/')) {
		warn("tool: '%s' is not a command name", command);
		return -1;
	}
	/* a relative interpreter path means the same one from any dir */
	d.python = a->d->python && strchr(a->d->python, '/') ? pathabs(a->d->python) : a->d->python;
	if (a->d->python && !d.python)
		d.python = a->d->python;
	d.cachedir = a->d->cachedir;
	d.linkmode = a->d->linkmode;
	strlistadd(&d.packages, a->from ? a->from : command);
	for (size_t i = 0; a->with && i < a->with->n; i++)
		strlistadd(&d.packages, a->with->v[i]);
	/* the order of the --with flags names no other env */
	qsort(d.packages.v + 1, d.packages.n - 1, sizeof(*d.packages.v), strlistcmp);
	if (confload(&c, NULL, &d) < 0)
		return -1;
	t->e = c.envs[0];
	confapply(t->e, &d);
	t->e->label = xasprintf("tool %s", command);
	if (envcheck(t->e) < 0)
		return -1;
	free(t->e->dir);
	t->e->dir = xstrdup(TOOL_ENV);
	toolkey(t->e, key);
	cache = cachedir(t->e->cachedir);
	tools = pathjoin(cache, CACHE_TOOLS);
	t->dir = pathjoin(tools, key);
	free(t->e->dir);
	t->e->dir = pathjoin(t->dir, TOOL_ENV);
	free(cache);
	free(tools);
	return 0;
}

/* make T's dir and write what it is, for tool list; 0 or -1 after warn() */
static int
toolmake(const struct tool *t)
{
	char *path = pathjoin(t->dir, TOOL_DECL);
	struct buf b = {0};
	int ret = 0;

	if (access(path, F_OK) < 0) {
		if (mkdirs(t->dir, 0777) < 0) {
			warn("mkdir %s:", t->dir);
			ret = -1;
		} else {
			bufprintf(&b, "python %s\n", t->e->python);
			for (size_t i = 0; i < t->e->packages.n; i++)
				bufprintf(&b, "package %s\n", t->e->packages.v[i]);
			if (writefileatomic(path, b.s, b.len) < 0) {
				warn("write %s:", path);
				ret = -1;
			}
		}
	}
	free(b.s);
	free(path);
	return ret;
}

/*
 * Mark T's env as used now, and hold a shared lock on that mark for as long as this
 * process, or the command it becomes, lives: cache prune removes no tool env in use.
 * The fd is left open on exec. Returns it, or -1 after warn().
 */
static int
tooluse(const struct tool *t)
{
	char *path = pathjoin(t->dir, TOOL_USED);
	struct stat st;
	int fd;

	for (;;) {
		if (toolmake(t) < 0) {
			fd = -1;
			break;
		}
		fd = open(path, O_RDWR | O_CREAT, 0666);
		if (fd < 0 && errno == ENOENT)
			continue;	/* a prune removed the dir just made: made again */
		if (fd < 0) {
			warn("%s:", path);
			break;
		}
		while (flock(fd, LOCK_SH) < 0 && errno == EINTR)
			;
		/* a prune that removed the tool while this one waited unlinked the mark */
		if (fstat(fd, &st) == 0 && st.st_nlink > 0)
			break;
		close(fd);
	}
	if (fd >= 0)
		futimens(fd, NULL);
	free(path);
	return fd;
}

/*
 * A first sync of T failed and left no env: its dir goes too (tool list would show a
 * tool that is not there), unless another venvmk uses it as well. FD holds the shared
 * lock on its mark (tooluse); the exclusive one makes those that wait make it again.
 */
static void
toolforget(const struct tool *t, int fd)
{
	char *cache, *tmp, *old;

	if (access(t->e->dir, F_OK) == 0 || flock(fd, LOCK_EX | LOCK_NB) < 0)
		return;
	/* renamed away first, as cache prune does: no one finds it half removed */
	cache = cachedir(t->e->cachedir);
	tmp = cachetmpdir(cache);
	old = tmp ? pathjoin(tmp, "old") : NULL;
	if (tmp && rename(t->dir, old) < 0)
		warn("rename %s to %s:", t->dir, old);
	if (tmp && removetree(tmp) < 0)
		warn("remove %s:", tmp);
	free(old);
	free(tmp);
	free(cache);
}

/*
 * Sync T's env from inside its own dir: pip never takes a dir of the project for the
 * requirement of the same name, nor reads anything there. Returns the exit status.
 */
static int
toolsyncin(const struct tool *t, const struct syncopts *o)
{
	int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), status;

	if (here < 0 || chdir(t->dir) < 0) {
		warn("%s:", here < 0 ? "." : t->dir);
		if (here >= 0)
			close(here);
		return 1;
	}
	status = syncenv(t->e, o);
	if (fchdir(here) < 0) {
		warn("back to the working dir:");
		status = status ? status : 1;
	}
	close(here);
	return status;
}

/* tool run: sync the tool's env, then become its command; returns an exit status on failure */
static int
toolrun(const struct toolargs *a)
{
	struct tool t = {0};
	char **argv = a->runargv, *bin, *exe, *path;
	const char *oldpath = getenv("PATH");
	int fd, status;

	if (!argv || !*argv) {
		warn("tool run: no command given (venvmk tool run [--from REQ] COMMAND [ARG]...)");
		return -1;
	}
	if (tooldecl(&t, a, argv[0]) < 0)
		return 2;
	if ((fd = tooluse(&t)) < 0)
		return 1;
	/* the command's stdout is its own: what the sync says goes to stderr */
	spawnstdouttostderr(true);
	if ((status = toolsyncin(&t, a->o)) != 0) {
		toolforget(&t, fd);
		return status;
	}
	bin = pathjoin(t.e->dir, "bin");
	exe = pathjoin(bin, argv[0]);
	path = xasprintf("%s%s%s", bin, oldpath ? ":" : "", oldpath ? oldpath : "");
	setenv("PATH", path, 1);
	unsetenv("PYTHONHOME");
	fetchhelperend();	/* not a child of the command */
	execv(exe, argv);
	if (errno == ENOENT) {
		warn("tool run: %s: no such command in the tool's env (%s); name the package that "
		    "has it with --from", argv[0], t.e->packages.v[0]);
		return 127;
	}
	warn("%s:", exe);
	return 126;
}

/* tool sync: make the tool's env fresh, as venv.mk does (with --make-deps) */
static int
toolsync(const struct toolargs *a)
{
	struct tool t = {0};
	int fd, status;

	if (a->nargs != 2) {
		warn("tool sync: name one command (venvmk tool sync [--from REQ] COMMAND)");
		return -1;
	}
	if (tooldecl(&t, a, a->args[1]) < 0)
		return 2;
	if ((fd = tooluse(&t)) < 0)
		return 1;
	status = toolsyncin(&t, a->o);
	if (status != 0)
		toolforget(&t, fd);
	close(fd);
	return status;
}

/* tool dir [COMMAND]: the tools dir, or the env dir of the tool COMMAND (marked used when there) */
static int
tooldir(const struct toolargs *a)
{
	struct tool t = {0};

	if (a->nargs > 2) {
		warn("tool dir: name one command at most");
		return -1;
	}
	if (a->nargs == 1) {
		char *cache = cachedir(a->d->cachedir), *tools = pathjoin(cache, CACHE_TOOLS);
		printf("%s\n", tools);
		free(cache);
		free(tools);
		return 0;
	}
	if (tooldecl(&t, a, a->args[1]) < 0)
		return 2;
	char *used = pathjoin(t.dir, TOOL_USED);
	utimensat(AT_FDCWD, used, NULL, 0);
	free(used);
	printf("%s\n", t.e->dir);
	return 0;
}

/* print the tool in DIR: its requirements, interpreter, env and when it was last used */
static void
toollistone(const char *dir)
{
	char *decl = pathjoin(dir, TOOL_DECL), *used = pathjoin(dir, TOOL_USED);
	char *env = pathjoin(dir, TOOL_ENV), when[32] = "never";
	struct buf b = {0}, reqs = {0};
	const char *python = "-";
	struct stat st;

	if (readfile(decl, &b) == 0) {
		for (char *line = strtok(b.s, "\n"); line; line = strtok(NULL, "\n")) {
			if (strncmp(line, "python ", 7) == 0)
				python = line + 7;
			else if (strncmp(line, "package ", 8) == 0)
				bufprintf(&reqs, "%s%s", reqs.len ? ", " : "", line + 8);
		}
		if (stat(used, &st) == 0)
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&st.st_mtime));
		printf("%s\t%s\t%s\t%s\n", reqs.s ? reqs.s : "-", python, env, when);
	}
	free(b.s);
	free(reqs.s);
	free(decl);
	free(used);
	free(env);
}

/* tool list: each tool env in the cache */
static int
toollist(const struct toolargs *a)
{
	char *cache = cachedir(a->d->cachedir), *tools = pathjoin(cache, CACHE_TOOLS);
	struct dirent **names;
	int n = scandir(tools, &names, NULL, alphasort), ret = 0;

	if (a->nargs != 1) {
		warn("tool list: takes no operand");
		ret = -1;
	} else if (n < 0 && errno != ENOENT) {
		warn("%s:", tools);
		ret = 1;
	}
	for (int i = 0; i < n; i++) {
		if (ret == 0 && names[i]->d_name[0] != '.') {
			char *dir = pathjoin(tools, names[i]->d_name);
			toollistone(dir);
			free(dir);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(cache);
	free(tools);
	return ret;
}

int
toolcommand(const struct toolargs *a)
{
	static const struct {
		const char *name;
		int (*run)(const struct toolargs *a);
	} subs[] = {
		{"run", toolrun}, {"sync", toolsync}, {"dir", tooldir}, {"list", toollist},
	};

	for (size_t i = 0; a->nargs > 0 && i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(a->args[0], subs[i].name) == 0) {
			if (a->runargv && subs[i].run != toolrun) {
				warn("tool %s: takes no command", subs[i].name);
				return -1;
			}
			return subs[i].run(a);
		}
	warn("tool: expected 'run', 'sync', 'dir' or 'list'");
	return -1;
}
