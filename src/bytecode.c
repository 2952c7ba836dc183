/* bytecode.c: the modules of unpacked cache entries compiled once per interpreter, as pip compiles at install time. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include "util.h"
#include "spawn.h"
#include "bytecode.h"

/*
 * What bytecodecompile runs: every .py below the dirs named (at any depth, as pip compiles
 * each module it installs), py_compile's defaults (SOURCE_DATE_EPOCH chooses the
 * invalidation mode, as with pip), quiet (a module that does not compile is Python's
 * business at import time), shared among forked workers, one per CPU and at most one
 * per 100 files: pip's seed (with setuptools) is 700 modules.
 */
static const char COMPILE[] =
	"import os, sys, py_compile\n"
	"fs = []\n"
	"for d in sys.argv[1:]:\n"
	"    for r, ds, ns in os.walk(d):\n"
	"        ds[:] = [x for x in ds if x != '__pycache__']\n"
	"        fs += [os.path.join(r, x) for x in ns if x.endswith('.py')]\n"
	"try:\n"
	"    n = len(os.sched_getaffinity(0))\n"
	"except Exception:\n"
	"    n = 1\n"
	"n = max(1, min(n, len(fs) // 100 + 1))\n"
	"k, ps = 0, []\n"
	"while len(ps) < n - 1:\n"
	"    try:\n"
	"        p = os.fork()\n"
	"    except OSError:\n"
	"        break\n"
	"    if p == 0:\n"
	"        k, ps = len(ps) + 1, None\n"
	"        break\n"
	"    ps.append(p)\n"
	"mine = [f for i, f in enumerate(fs) if i % n == k or ps is not None and i % n > len(ps)]\n"
	"try:\n"
	"    for f in mine:\n"
	"        try:\n"
	"            py_compile.compile(f, doraise=True)\n"
	"        except Exception:\n"
	"            pass\n"
	"finally:\n"
	"    if ps is None:\n"
	"        os._exit(0)\n"
	"for p in ps:\n"
	"    os.waitpid(p, 0)\n";

/* the compile started by bytecodestart and not yet waited for: its pid and markers */
static struct {
	pid_t pid;
	struct strlist markers;
} pending;

/* the markers of ENTRIES not yet compiled for TAG into TODO; true if one of them is pending */
static bool
uncompiled(const char *tag, char *const entries[], size_t n, struct strlist *todo)
{
	bool waits = false;

	for (size_t i = 0; i < n; i++) {
		char *marker = xasprintf("%s/.venvmk-pyc-%s", entries[i], tag);
		if (access(marker, F_OK) == 0)
			free(marker);
		else if (pending.pid > 0 && strlistfind(&pending.markers, marker) >= 0) {
			waits = true;
			free(marker);
		} else
			strlistpush(todo, marker);
	}
	return waits;
}

/* COMPILE with PYTHON on the dirs of TODO's markers: started (its pid), or run (its status, -1 when stopped by a signal) */
static int
compilerun(const char *python, const struct strlist *todo, bool start)
{
	struct strlist argv = {0};
	int r;

	/* isolated (-I): no PYTHON* variable or user site changes what is compiled */
	strlistadd(&argv, python);
	strlistadd(&argv, "-I");
	strlistadd(&argv, "-c");
	strlistadd(&argv, COMPILE);
	for (size_t i = 0; i < todo->n; i++)
		strlistpush(&argv, pathdir(todo->v[i]));
	strlistpush(&argv, NULL);
	if (start)
		r = spawnstart(argv.v);
	else if ((r = spawnrun(argv.v, NULL)) >= 0 && spawnsignal())
		r = -1;
	argv.n--;
	strlistclear(&argv);
	free(argv.v);
	return r;
}

/* mark TODO done after a compile that ended with STATUS: even when a module failed, as asking again would fail again */
static void
compiledone(struct strlist *todo, int status)
{
	for (size_t i = 0; i < todo->n && status >= 0 && status < 128; i++) {
		int fd = open(todo->v[i], O_WRONLY | O_CREAT | O_CLOEXEC, 0444);
		if (fd >= 0)
			close(fd);
	}
	strlistclear(todo);
}

void
bytecodewait(bool stop)
{
	if (pending.pid > 0)
		compiledone(&pending.markers, spawnwait(pending.pid, stop));
	pending.pid = 0;
	strlistclear(&pending.markers);
	free(pending.markers.v);
	pending.markers.v = NULL;
}

void
bytecodestart(const char *python, const char *tag, char *const entries[], size_t n)
{
	struct strlist todo = {0};

	bytecodewait(false);
	if (!tag || !*tag)
		return;
	uncompiled(tag, entries, n, &todo);
	if (todo.n && (pending.pid = compilerun(python, &todo, true)) > 0)
		pending.markers = todo;
	else {
		strlistclear(&todo);
		free(todo.v);
	}
}

int
bytecodecompile(const char *python, const char *tag, char *const entries[], size_t n)
{
	struct strlist todo = {0};

	if (!tag || !*tag)
		return 0;
	/* what the pending compile has not got compiles beside it; then it is waited for */
	bool waits = uncompiled(tag, entries, n, &todo);
	if (todo.n)
		compiledone(&todo, compilerun(python, &todo, false));
	if (waits)
		bytecodewait(false);
	free(todo.v);
	return 0;
}
