/* backend.c: create, seed and install through venv, virtualenv and pip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "base/spawn.h"
#include "env/native.h"
#include "pip/backend.h"
#include "inputs/tomlreq.h"

static void
push(struct strlist *l, const char *s)
{
	strlistadd(l, s);
}

static int
run(struct strlist *argv, const char *label, const char *what)
{
	int status;

	strlistpush(argv, NULL);
	argv->n--;
	status = spawnrun(argv->v, NULL);
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
backendcreate(const struct env *e, const struct interp *in, bool quiet)
{
	struct strlist argv = {0};
	const char *label = envlabel(e);
	int ret;

	if (e->backend == BACKEND_NATIVE)
		return nativecreate(e, in);
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
backendrun(struct strlist *argv, const char *label, const char *what)
{
	if (strncmp(what, "pip install", 11) == 0 && !strstr(what, "--dry-run"))
		pipinstalled = true;
	return run(argv, label, what);
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
	ret = backendpipargs(e, &argv) && e->pip ? backendrun(&argv, envlabel(e), "pip install") : 0;
	strlistclear(&argv);
	free(argv.v);
	return ret;
}
