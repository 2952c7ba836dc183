/* help.c: --help, --version, the usage hint, and the check that standard output was written. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include "config.h"
#include "base/util.h"
#include "help.h"

static const char usagetext[] =
"Usage: venvmk [OPTION]... COMMAND [ENV]...\n"
"Create Python virtual environments and refresh them only when their inputs change.\n"
"\n"
"Commands:\n"
"  sync [ENV]...          create or refresh each env; nothing when already fresh\n"
"  check [ENV]...         exit 0 if fresh, 1 if a sync would do work (says why)\n"
"  run [ENV --] CMD...    sync, then run CMD inside the env\n"
"  show [--json] [ENV]... describe the env, its inputs and its state\n"
"  fingerprint [ENV]...   print each env's portable fingerprint (for CI cache keys)\n"
"  inputs [ENV]           print the input files and normalized requirement lines\n"
"  deps [-o FILE] [ENV]   print Make rules: the stamp depends on every input\n"
"  clean [ENV]...         remove the env, only if it is an environment\n"
"  list                   list the declared envs\n"
"  lock [-o FILE] [ENV]   resolve the env's inputs and write their lock (its\n"
"                         pins kept where they still fit); nothing when the\n"
"                         lock records the inputs' fingerprint already\n"
"  cache dir              print the cache dir (wheels, pip seeds, interpreter facts)\n"
"  cache prune [--older-than=DAYS]\n"
"                         remove cache entries and tool envs unused for DAYS days\n"
"                         (default 30; 0: all); envs never depend on the cache\n"
"  tool run [--from=REQ] [--with=REQ]... [--python=PY] CMD [ARG]...\n"
"                         run CMD from a tool env of its own in the cache, made\n"
"                         from REQ (default: CMD's name) and each --with REQ\n"
"  tool sync [--from=REQ] [--with=REQ]... CMD\n"
"                         make the tool env fresh (venv.mk's VENV_TOOLS)\n"
"  tool dir [CMD]         print the tools dir, or the env dir of CMD's tool\n"
"  tool list              list the tool envs: requirements, python, dir, last use\n"
"\n"
"Options:\n"
"  -f, --file=FILE        read FILE instead of ./venv.conf\n"
"      --no-conf          ignore ./venv.conf: the flags alone declare the env\n"
"  -C, --directory=DIR    change to DIR first\n"
"  -v, --verbose          explain every decision, including \"up to date\";\n"
"                         show pip's output as it runs (else only when it fails)\n"
"  -q, --quiet            say nothing but errors; pass -q to pip\n"
"  -o, --output=FILE      deps: write FILE (atomically, only when it changes);\n"
"                         lock: the lock to write\n"
"      --format=FORMAT    lock: pylock, requirements or pipfile-lock (default:\n"
"                         by the name, pylock.toml or pylock.NAME.toml is a\n"
"                         pylock, Pipfile.lock a pipfile-lock)\n"
"      --upgrade          lock, sync: resolve afresh, keeping no pin\n"
"      --upgrade-package=NAME[==VERSION]\n"
"                         lock, sync: free NAME's pin (or move it to VERSION),\n"
"                         the others held\n"
"                         (repeatable)\n"
"      --exclude-newer=DATE\n"
"                         lock, sync: only files the index says were uploaded\n"
"                         before DATE (RFC 3339, or YYYY-MM-DD: the end of that\n"
"                         day in UTC) count (default $VENVMK_EXCLUDE_NEWER;\n"
"                         \"\": none)\n"
"      --json             show: print JSON\n"
"      --no-sync          run: do not sync first\n"
"      --make-deps        sync: also write DIR.venvmk/make.d and touch\n"
"                         DIR.venvmk/checked, by which venv.mk skips venvmk\n"
"                         when make sees that nothing changed\n"
"      --cache-dir=DIR    the cache (default $XDG_CACHE_HOME/venvmk)\n"
"      --link-mode=MODE   native: how files come from the cache: auto (the\n"
"                         default), clone, hardlink or copy\n"
"      --remote-cache=URL a cache the team shares over HTTP (Bazel's layout),\n"
"                         or in S3 (s3://BUCKET/PREFIX, signed for the AWS_*\n"
"                         variables or the profile's ~/.aws files): a seen env\n"
"                         recreated with no pip and no index\n"
"                         (default $VENVMK_REMOTE_CACHE; \"\": none)\n"
"      --remote-cache-write\n"
"                         sync: also push what the sync made to it\n"
"                         (default $VENVMK_REMOTE_CACHE_WRITE)\n"
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
"      --lock=FILE        a pylock.toml, Pipfile.lock or uv.lock that is the\n"
"                         whole env, installed with no pip (--extra/--group\n"
"                         select its extras and groups; Pipfile.lock: --group\n"
"                         develop)\n"
"\n"
"Exit status: 0 success; 1 check found work, or a sync or build failed;\n"
"2 usage or configuration error; 128+N when stopped by signal N.\n"
"\n"
"The manuals: venvmk(1), venv.conf(5), venv.mk(5).\n"
"Report bugs to: " PACKAGE_BUGREPORT "\n";

noreturn void
usage(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", argv0);
	exit(2);
}

int
flushout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("write error on standard output:");
		return status ? status : 1;
	}
	return status;
}

noreturn void
printhelp(void)
{
	fputs(usagetext, stdout);
	exit(flushout(0));
}

noreturn void
printversion(void)
{
	printf("venvmk %s\n", PACKAGE_VERSION);
	printf("Copyright (C) 2026 the venvmk authors.\n"
	    "License: MIT. This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n");
	exit(flushout(0));
}
