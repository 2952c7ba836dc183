/* main.c: command table and argument parsing. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "sync/fprint.h"
#include "sync/state.h"
#include "sync/decide.h"
#include "sync/sync.h"
#include "cache/cache.h"
#include "sync/makedeps.h"
#include "show.h"
#include "inputs/tomlreq.h"
#include "base/spawn.h"

enum {
	OPT_DIR = 256, OPT_PYTHON, OPT_PACKAGE, OPT_BACKEND, OPT_SYSSITE, OPT_NOSYSSITE,
	OPT_PROMPT, OPT_NOPIP, OPT_PIP, OPT_PIPARG, OPT_TRACK, OPT_JSON, OPT_NOSYNC, OPT_VERSION,
	OPT_NOCONF, OPT_MAKEDEPS, OPT_NOREQ, OPT_CACHEDIR, OPT_LINKMODE, OPT_LOCK, OPT_OLDER,
	OPT_EXTRA, OPT_GROUP,
};

static const struct option longopts[] = {
	{"file", required_argument, NULL, 'f'},
	{"no-conf", no_argument, NULL, OPT_NOCONF},
	{"directory", required_argument, NULL, 'C'},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{"json", no_argument, NULL, OPT_JSON},
	{"no-sync", no_argument, NULL, OPT_NOSYNC},
	{"make-deps", no_argument, NULL, OPT_MAKEDEPS},
	{"dir", required_argument, NULL, OPT_DIR},
	{"python", required_argument, NULL, OPT_PYTHON},
	{"requirement", required_argument, NULL, 'r'},
	{"no-requirements", no_argument, NULL, OPT_NOREQ},
	{"constraint", required_argument, NULL, 'c'},
	{"package", required_argument, NULL, OPT_PACKAGE},
	{"editable", required_argument, NULL, 'e'},
	{"backend", required_argument, NULL, OPT_BACKEND},
	{"system-site-packages", no_argument, NULL, OPT_SYSSITE},
	{"no-system-site-packages", no_argument, NULL, OPT_NOSYSSITE},
	{"prompt", required_argument, NULL, OPT_PROMPT},
	{"no-pip", no_argument, NULL, OPT_NOPIP},
	{"pip", no_argument, NULL, OPT_PIP},
	{"pip-arg", required_argument, NULL, OPT_PIPARG},
	{"track-env", required_argument, NULL, OPT_TRACK},
	{"extra", required_argument, NULL, OPT_EXTRA},
	{"group", required_argument, NULL, OPT_GROUP},
	{"cache-dir", required_argument, NULL, OPT_CACHEDIR},
	{"link-mode", required_argument, NULL, OPT_LINKMODE},
	{"lock", required_argument, NULL, OPT_LOCK},
	{"older-than", required_argument, NULL, OPT_OLDER},
	{NULL, 0, NULL, 0},
};

static const char usagetext[] =
"Usage: venvmk [OPTION]... COMMAND [ENV]...\n"
"Create Python virtual environments and refresh them only when their inputs change.\n"
"\n"
"Commands:\n"
"  sync [ENV]...          create or refresh each env; nothing when already fresh\n"
"  check [ENV]...         exit 0 if fresh, 1 if a sync would do work (says why)\n"
"  run [ENV] -- CMD...    sync, then run CMD inside the env\n"
"  show [--json] [ENV]... describe the env, its inputs and its state\n"
"  fingerprint [ENV]...   print each env's portable fingerprint (for CI cache keys)\n"
"  inputs [ENV]           print the input files and normalized requirement lines\n"
"  deps [-o FILE] [ENV]   print Make rules: the stamp depends on every input\n"
"  clean [ENV]...         remove the env, only if it is an environment\n"
"  list                   list the declared envs\n"
"  cache dir              print the cache dir (wheels, pip seeds, interpreter facts)\n"
"  cache prune [--older-than=DAYS]\n"
"                         remove cache entries unused for DAYS days (default 30;\n"
"                         0: all); envs never depend on the cache\n"
"\n"
"Options:\n"
"  -f, --file=FILE        read FILE instead of ./venv.conf\n"
"      --no-conf          ignore ./venv.conf: the flags alone declare the env\n"
"  -C, --directory=DIR    change to DIR first\n"
"  -v, --verbose          explain every decision, including \"up to date\"\n"
"  -q, --quiet            say nothing but errors; pass -q to pip\n"
"  -o, --output=FILE      deps: write FILE (atomically, only when it changes)\n"
"      --json             show: print JSON\n"
"      --no-sync          run: do not sync first\n"
"      --make-deps        sync: also write DIR.venvmk/make.d and touch\n"
"                         DIR.venvmk/checked, by which venv.mk skips venvmk\n"
"                         when make sees that nothing changed\n"
"      --cache-dir=DIR    the cache (default $XDG_CACHE_HOME/venvmk)\n"
"      --link-mode=MODE   native: how files come from the cache: auto (the\n"
"                         default), clone, hardlink or copy\n"
"  -h, --help             print this help and exit\n"
"      --version          print the version and exit\n"
"\n"
"Declaring an env without venv.conf (each overrides the file):\n"
"      --dir=DIR          the env directory (default .venv)\n"
"      --python=PYTHON    base interpreter, a command or a path (default python3)\n"
"  -r, --requirement=FILE a requirements file (repeatable)\n"
"      --no-requirements  no requirements files, not even ./requirements.txt\n"
"  -c, --constraint=FILE  a constraints file (repeatable)\n"
"      --package=REQ      an inline requirement (repeatable)\n"
"  -e, --editable=PATH    a local project installed with -e (repeatable)\n"
"      --backend=NAME     native (default), venv or virtualenv\n"
"      --system-site-packages, --no-system-site-packages\n"
"      --prompt=PROMPT    the prompt the activate script shows\n"
"      --no-pip, --pip    do not (or do) seed pip into the env\n"
"      --pip-arg=ARG      an argument for every pip install (repeatable)\n"
"      --track-env=NAME   an environment variable that is an input (repeatable;\n"
"                         replaces the default list of PIP_* variables)\n"
"      --extra=NAME       an extra of each -r pyproject.toml (repeatable)\n"
"      --group=[PATH:]NAME\n"
"                         a dependency group of ./pyproject.toml (or of PATH),\n"
"                         or a package category of the -r Pipfile (repeatable)\n"
"      --lock=FILE        a pylock.toml or Pipfile.lock that is the whole env,\n"
"                         installed with no pip (--extra/--group select its\n"
"                         extras and groups; Pipfile.lock: --group develop)\n"
"\n"
"Exit status: 0 success; 1 check found work, or a sync or build failed;\n"
"2 usage or configuration error; 128+N when stopped by signal N.\n"
"\n"
"Report bugs to: " PACKAGE_BUGREPORT "\n";

static noreturn void
usage(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", argv0);
	exit(2);
}

static int
flushout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("write error on standard output:");
		return status ? status : 1;
	}
	return status;
}

/* pick the envs named in ARGS (all of them when none), applying the flags */
static struct env **
selectenvs(struct conf *c, char **args, int nargs, const struct decl *d, size_t *n)
{
	struct env **sel = xmalloc((c->n + nargs) * sizeof(*sel));

	*n = 0;
	if (nargs == 0) {
		for (size_t i = 0; i < c->n; i++)
			sel[(*n)++] = c->envs[i];
	}
	for (int i = 0; i < nargs; i++) {
		struct env *e = conffind(c, args[i]);
		if (!e) {
			struct buf b = {0};
			for (size_t j = 0; j < c->n; j++)
				bufprintf(&b, "%s%s", j ? ", " : "", c->envs[j]->name ? c->envs[j]->name : c->envs[j]->dir);
			fatalx(2, "no env named '%s' (declared: %s)", args[i], b.s);
		}
		sel[(*n)++] = e;
	}
	if (d->dir && *n > 1)
		fatalx(2, "--dir: %zu envs are declared; name the one it is for", *n);
	for (size_t i = 0; i < *n; i++) {
		confapply(sel[i], d);
		if (envcheck(sel[i]) < 0)
			exit(2);
	}
	return sel;
}

static int
cmdinputs(struct env *e)
{
	struct reqset rs = {0};

	if (fprintreqs(&rs, e) < 0)
		return 2;
	for (size_t i = 0; i < rs.files.n; i++)
		printf("file %s\n", rs.files.v[i]);
	for (size_t i = 0; i < e->extras.n; i++)
		printf("extra %s\n", e->extras.v[i]);
	for (size_t i = 0; i < e->groups.n && e->lock; i++)
		printf("group %s\n", e->groups.v[i]);
	for (size_t i = 0; i < e->groups.n && !e->lock; i++) {
		char *path, *name;
		tomlreqgroup(e, e->groups.v[i], &path, &name);
		printf("group %s:%s\n", path, name);
		free(path);
		free(name);
	}
	for (size_t i = 0; i < rs.remote.n; i++)
		printf("remote %s\n", rs.remote.v[i]);
	for (size_t i = 0; i < rs.lines.n; i++)
		if (strncmp(rs.lines.v[i], "remote", 6) != 0)
			printf("%s\n", rs.lines.v[i]);
	return 0;
}

static int
cmddeps(struct env *e, const char *out)
{
	struct reqset rs = {0};
	char *statedir = statedirof(e->dir), *stamp = stamppath(statedir);
	int ret;

	if (fprintreqs(&rs, e) < 0)
		return 2;
	ret = mkdeps(stamp, e->conffile, &rs, out) < 0 ? 2 : 0;
	free(stamp);
	free(statedir);
	return ret;
}

static int
cmdshow(struct env **sel, size_t n, bool json, bool fponly)
{
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		struct env *e = sel[i];
		char *statedir = statedirof(e->dir), *stamp = stamppath(statedir);
		struct state st;
		struct inputs x = {0};
		struct decision d;

		stateread(&st, statedir);
		if (syncdecide(&d, e, &st, &x, statedir, false) < 0 || (!d.computed && fprintcompute(&x, e) < 0)) {
			ret = spawnsignal() ? 128 + spawnsignal() : 2;
		} else if (fponly) {
			printf("%s\n", x.fp);
		} else {
			showenv(e, &x, &d, &st, stamp, json, i == 0, i == n - 1);
		}
		free(stamp);
		free(statedir);
	}
	return ret;
}

static int
cmdrun(struct env *e, char **cmd, bool nosync, const struct buildopts *o)
{
	char *abs, *path;
	const char *oldpath = getenv("PATH");
	int status;

	spawnstdouttostderr(true);
	if (!nosync && (status = buildsync(e, o)) != 0)
		return status;
	abs = realpath(e->dir, NULL);
	if (!abs)
		fatal("%s:", e->dir);
	path = xasprintf("%s/bin%s%s", abs, oldpath ? ":" : "", oldpath ? oldpath : "");
	setenv("VIRTUAL_ENV", abs, 1);
	setenv("PATH", path, 1);
	unsetenv("PYTHONHOME");
	execvp(cmd[0], cmd);
	warn("%s:", cmd[0]);
	return errno == ENOENT ? 127 : 126;
}

/* venvmk cache dir|prune */
static int
cmdcache(char **args, int nargs, const char *override, int days, bool quiet)
{
	char *dir = cachedir(override);
	int ret = 0;

	if (nargs != 1 || (strcmp(args[0], "dir") != 0 && strcmp(args[0], "prune") != 0)) {
		warn("cache: expected 'dir' or 'prune'");
		usage();
	}
	if (args[0][0] == 'd')
		printf("%s\n", dir);
	else
		ret = cacheprune(dir, days, quiet) < 0 ? 1 : 0;
	free(dir);
	return ret;
}

int
main(int argc, char **argv)
{
	struct decl d = { .syssite = -1, .pip = -1 };
	struct buildopts bo = {0};
	struct conf c;
	const char *file = NULL, *dir = NULL, *out = NULL, *cmd;
	bool json = false, nosync = false;
	char **cmdargv = NULL;
	int opt, ret = 0, nargs;
	long days = 30;
	char *end;
	struct env **sel;
	size_t nsel;

	/* what follows "--" is run's command, never options of ours */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			cmdargv = argv + i + 1;
			argv[i] = NULL;
			argc = i;
			break;
		}
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:C:vqo:hr:c:e:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': file = optarg; break;
		case OPT_NOCONF: d.noconf = true; break;
		case 'C': dir = optarg; break;
		case 'v': bo.verbose = true; break;
		case 'q': bo.quiet = true; break;
		case 'o': out = optarg; break;
		case 'h':
			fputs(usagetext, stdout);
			return flushout(0);
		case OPT_VERSION:
			printf("venvmk %s\n", PACKAGE_VERSION);
			printf("Copyright (C) 2026 the venvmk authors.\n"
			    "License: MIT. This is free software: you are free to change and redistribute it.\n"
			    "There is NO WARRANTY, to the extent permitted by law.\n");
			return flushout(0);
		case OPT_JSON: json = true; break;
		case OPT_NOSYNC: nosync = true; break;
		case OPT_MAKEDEPS: bo.makedeps = true; break;
		case OPT_DIR: d.dir = optarg; d.any = true; break;
		case OPT_PYTHON: d.python = optarg; d.any = true; break;
		case 'r': strlistadd(&d.requirements, optarg); d.hasreq = d.any = true; break;
		case OPT_NOREQ: strlistclear(&d.requirements); d.hasreq = d.any = true; break;
		case 'c': strlistadd(&d.constraints, optarg); d.hascon = d.any = true; break;
		case OPT_PACKAGE: strlistadd(&d.packages, optarg); d.haspkg = d.any = true; break;
		case 'e': strlistadd(&d.editables, optarg); d.hasedit = d.any = true; break;
		case OPT_BACKEND: d.backend = optarg; d.any = true; break;
		case OPT_SYSSITE: d.syssite = 1; d.any = true; break;
		case OPT_NOSYSSITE: d.syssite = 0; d.any = true; break;
		case OPT_PROMPT: d.prompt = optarg; d.any = true; break;
		case OPT_NOPIP: d.pip = 0; d.any = true; break;
		case OPT_PIP: d.pip = 1; d.any = true; break;
		case OPT_PIPARG: strlistadd(&d.pipargs, optarg); d.haspiparg = d.any = true; break;
		case OPT_TRACK: strlistadd(&d.trackenv, optarg); d.hastrack = d.any = true; break;
		case OPT_EXTRA: strlistadd(&d.extras, optarg); d.hasextra = d.any = true; break;
		case OPT_GROUP: strlistadd(&d.groups, optarg); d.hasgroup = d.any = true; break;
		case OPT_CACHEDIR: d.cachedir = optarg; break;
		case OPT_LINKMODE: d.linkmode = optarg; break;
		case OPT_LOCK: d.lock = optarg; d.any = true; break;
		case OPT_OLDER:
			days = strtol(optarg, &end, 10);
			if (!*optarg || *end || days < 0 || days > 100000) {
				warn("--older-than: '%s' is not a number of days", optarg);
				usage();
			}
			break;
		case ':':
			warn("option '%s' requires an argument", argv[optind - 1]);
			usage();
		default:
			if (optopt)
				warn("invalid option -- '%c'", optopt);
			else
				warn("unrecognized option '%s'", argv[optind - 1]);
			usage();
		}
	}
	if (optind >= argc) {
		warn("no command given");
		usage();
	}
	cmd = argv[optind++];
	nargs = argc - optind;
	if (dir && chdir(dir) < 0)
		fatalx(2, "-C %s:", dir);
	if (strcmp(cmd, "cache") == 0)
		return flushout(cmdcache(argv + optind, nargs, d.cachedir, (int)days, bo.quiet));
	if (confload(&c, file, &d) < 0)
		return 2;

	if (strcmp(cmd, "sync") == 0 || strcmp(cmd, "check") == 0 || strcmp(cmd, "clean") == 0) {
		sel = selectenvs(&c, argv + optind, nargs, &d, &nsel);
		for (size_t i = 0; i < nsel; i++) {
			int r = cmd[1] == 'y' ? buildsync(sel[i], &bo)
			    : cmd[1] == 'h' ? buildcheck(sel[i], &bo) : buildclean(sel[i], &bo);
			if (r > ret)
				ret = r;
			if (r >= 128)
				break;
		}
	} else if (strcmp(cmd, "run") == 0) {
		if (!cmdargv || !*cmdargv) {
			warn("run: no command given (venvmk run [ENV] -- CMD...)");
			usage();
		}
		if (nargs > 1) {
			warn("run: name one env at most");
			usage();
		}
		sel = selectenvs(&c, argv + optind, nargs, &d, &nsel);
		ret = cmdrun(sel[0], cmdargv, nosync, &bo);
	} else if (strcmp(cmd, "show") == 0 || strcmp(cmd, "fingerprint") == 0) {
		sel = selectenvs(&c, argv + optind, nargs, &d, &nsel);
		ret = cmdshow(sel, cmd[0] == 'f' && nargs == 0 && nsel > 1 ? 1 : nsel, json, cmd[0] == 'f');
	} else if (strcmp(cmd, "inputs") == 0 || strcmp(cmd, "deps") == 0) {
		if (nargs > 1) {
			warn("%s: name one env at most", cmd);
			usage();
		}
		sel = selectenvs(&c, argv + optind, nargs, &d, &nsel);
		ret = cmd[0] == 'i' ? cmdinputs(sel[0]) : cmddeps(sel[0], out);
	} else if (strcmp(cmd, "list") == 0) {
		for (size_t i = 0; i < c.n; i++)
			printf("%s\t%s\n", c.envs[i]->name ? c.envs[i]->name : "-", c.envs[i]->dir);
	} else {
		warn("unknown command '%s'", cmd);
		usage();
	}
	return flushout(ret);
}
