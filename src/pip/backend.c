/* backend.c: create, seed and install through venv, virtualenv and pip. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "base/spawn.h"
#include "env/native.h"
#include "pip/backend.h"
#include "inputs/tomlreq.h"

static void
push(struct strlist *l, const char *s)
{
	strlistadd(l, s);
}

/* -v: the output of pip, venv and virtualenv is shown as they run */
static bool loud;

void
backendloud(bool on)
{
	loud = on;
}

/* run ARGV, its output kept and shown in full only when it fails (or always, loud) */
static int
run(struct strlist *argv, const char *label, const char *what)
{
	int status, log = -1;

	strlistpush(argv, NULL);
	argv->n--;
	status = loud ? spawnrun(argv->v, NULL) : spawnrunkept(argv->v, &log);
	if (status != 0)
		spawnlogshow(log);
	else if (log >= 0)
		close(log);
	if (status < 0) {
		warn("%s: cannot run %s:", label, argv->v[0]);
		return -1;
	}
	if (status != 0) {
		if (!spawnsignal())
			warn("%s: %s failed (exit status %d)", label, what, status);
		return -1;
	}
	return 0;
}

int
backendcreate(const struct sync *s)
{
	const struct env *e = s->e;
	const struct interp *in = &s->x->in;
	struct strlist argv = {0};
	const char *label = envlabel(e);
	int ret;

	if (e->backend == BACKEND_NATIVE)
		return nativecreate(s);
	if (e->backend == BACKEND_VIRTUALENV) {
		char *ve = spawnwhich("virtualenv");
		if (!ve) {
			warn("%s: backend virtualenv: 'virtualenv' not found in PATH (Debian: apt-get install virtualenv)", label);
			return -1;
		}
		strlistpush(&argv, ve);
		push(&argv, "--no-periodic-update");
		push(&argv, "--quiet");	/* virtualenv reports nothing venvmk does not say itself */
		push(&argv, "-p");
		push(&argv, in->real);
		if (!e->pip)
			push(&argv, "--no-seed");
	} else {
		push(&argv, in->real);
		push(&argv, "-m");
		push(&argv, "venv");
		if (!e->pip)
			push(&argv, "--without-pip");
	}
	if (e->syssite)
		push(&argv, "--system-site-packages");
	if (e->prompt) {
		push(&argv, "--prompt");
		push(&argv, e->prompt);
	}
	push(&argv, e->dir);
	ret = run(&argv, label, e->backend == BACKEND_VIRTUALENV ? "virtualenv" : "python -m venv");
	strlistclear(&argv);
	free(argv.v);
	return ret;
}

bool
backendpipargs(const struct env *e, struct strlist *argv)
{
	bool any = false;

	for (size_t i = 0; i < e->pipargs.n; i++)
		push(argv, e->pipargs.v[i]);
	for (size_t i = 0; i < e->requirements.n; i++) {
		if (e->reqoptional && access(e->requirements.v[i], F_OK) != 0)
			continue;
		if (tomlreqkind(e->requirements.v[i]))
			continue;	/* pip cannot read it: tomlreqpipargs passes what it declares */
		push(argv, "-r");
		push(argv, e->requirements.v[i]);
		any = true;
	}
	if (tomlreqpipargs(e, argv))
		any = true;
	for (size_t i = 0; i < e->constraints.n; i++) {
		push(argv, "-c");
		push(argv, e->constraints.v[i]);
	}
	for (size_t i = 0; i < e->packages.n; i++) {
		/* a leading '-' would read as an option: make it a path-less requirement error in pip */
		push(argv, e->packages.v[i]);
		any = true;
	}
	for (size_t i = 0; i < e->editables.n; i++) {
		push(argv, "-e");
		push(argv, e->editables.v[i]);
		any = true;
	}
	return any;
}

void
backendpipcmd(const struct env *e, struct strlist *argv, bool quiet)
{
	strlistpush(argv, pathjoin(e->dir, "bin/python"));
	push(argv, "-m");
	push(argv, "pip");
	push(argv, "install");
	push(argv, "--disable-pip-version-check");
	push(argv, "--no-input");
	if (quiet)
		push(argv, "-q");
}

/* whether pip was started to install into an env (not a dry run) */
static bool pipinstalled;

int
backendrun(struct strlist *argv, const char *label, enum piprun what)
{
	static const char *const names[] = {
		[PIPRUN_INSTALL] = "pip install",
		[PIPRUN_NODEPS] = "pip install --no-deps",
		[PIPRUN_DRYRUN] = "pip install --dry-run",
		[PIPRUN_DOWNLOAD] = "pip download",
	};

	if (what == PIPRUN_INSTALL || what == PIPRUN_NODEPS)
		pipinstalled = true;
	return run(argv, label, names[what]);
}

int
backendnodeps(const struct env *e, const struct strlist *reqs, bool quiet)
{
	struct strlist argv = {0};
	int ret;

	if (reqs->n == 0)
		return 0;
	backendpipcmd(e, &argv, quiet);
	/* what pip builds needs the env's pip-args too: an index, --no-build-isolation, --config-settings */
	for (size_t i = 0; i < e->pipargs.n; i++)
		strlistadd(&argv, e->pipargs.v[i]);
	strlistadd(&argv, "--no-deps");
	for (size_t i = 0; i < reqs->n; i++)
		strlistadd(&argv, reqs->v[i]);
	ret = backendrun(&argv, envlabel(e), PIPRUN_NODEPS);
	strlistclear(&argv);
	free(argv.v);
	return ret;
}

bool
backendpipinstalled(void)
{
	return pipinstalled;
}

int
backendinstall(const struct env *e, bool quiet)
{
	struct strlist argv = {0};
	int ret;

	backendpipcmd(e, &argv, quiet);
	/* without pip there is nothing to run; sync refused any line it would install */
	ret = backendpipargs(e, &argv) && e->pip ? backendrun(&argv, envlabel(e), PIPRUN_INSTALL) : 0;
	strlistclear(&argv);
	free(argv.v);
	return ret;
}
