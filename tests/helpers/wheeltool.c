/* wheeltool.c: drives the wheel cache for the scenario tests: unpack, install into an existing venv, prune. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "cache/cache.h"
#include "env/place.h"
#include "cache/wheel.h"
#include "env/wheelinstall.h"

static void
usage(void)
{
	fprintf(stderr, "usage: wheeltool unpack CACHEDIR WHEEL [HASH]\n"
	    "       wheeltool install CACHEDIR ENVDIR [--copy | --link-mode=MODE] [--requested] WHEEL...\n"
	    "       wheeltool prune CACHEDIR DAYS\n");
	exit(2);
}

/* the layout of the venv ENVDIR: its single lib/python3.* dir and pyvenv.cfg's version */
static void
envlayout(const char *envdir, struct layout *l)
{
	char *prefix = realpath(envdir, NULL), *cfg, *lib, *v, *libdir = NULL;
	struct buf b = {0};
	struct dirent *de;
	DIR *d;

	if (!prefix)
		fatal("%s:", envdir);
	cfg = pathjoin(prefix, "pyvenv.cfg");
	if (readfile(cfg, &b) < 0)
		fatal("read %s:", cfg);
	for (v = b.s; v; v = strchr(v, '\n')) {
		if (*v == '\n')
			v++;
		if (sscanf(v, "version = %d.%d", &l->major, &l->minor) == 2
		    || sscanf(v, "version_info = %d.%d", &l->major, &l->minor) == 2)
			break;
	}
	if (!v)
		fatal("%s: no version", cfg);
	lib = pathjoin(prefix, "lib");
	d = opendir(lib);
	if (!d)
		fatal("open %s:", lib);
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "python3.", 8) != 0)
			continue;
		if (libdir)
			fatal("%s: more than one python3.* dir", lib);
		libdir = xasprintf("%s/%s/site-packages", lib, de->d_name);
	}
	closedir(d);
	if (!libdir)
		fatal("%s: no python3.* dir", lib);
	l->prefix = prefix;
	l->purelib = libdir;
	l->platlib = libdir;
	l->scripts = pathjoin(prefix, "bin");
	l->include = xasprintf("%s/include/python%d.%d", prefix, l->major, l->minor);
	l->python = pathjoin(prefix, "bin/python");
	free(cfg);
	free(lib);
	free(b.s);
}

static int
install(const char *cache, int argc, char **argv)
{
	struct layout l = {0};
	enum linkmode mode = LINK_HARDLINK;
	bool requested = false;
	char *entry;
	int i, r, ret = 0;

	if (argc < 1)
		usage();
	envlayout(argv[0], &l);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--copy") == 0)
			mode = LINK_COPY;
		else if (strncmp(argv[i], "--link-mode=", 12) == 0 && linkmodeparse(argv[i] + 12) >= 0)
			mode = linkmodeparse(argv[i] + 12);
		else if (strcmp(argv[i], "--requested") == 0)
			requested = true;
		else
			usage();
	}
	if (i == argc)
		usage();
	l.placer = mkplacer(cache, l.prefix, mode, NULL);
	for (; i < argc; i++) {
		/* a damaged entry is discarded by wheelinstall: unpack again, once */
		for (int try = 0; try < 2; try++) {
			r = wheelunpack(cache, argv[i], NULL, &entry);
			if (r == 0) {
				r = wheelinstall(entry, &l, requested, NULL);
				free(entry);
			}
			if (r != 1)
				break;
		}
		if (r != 0) {
			warn("%s: not installed", argv[i]);
			ret = 1;
		}
	}
	delplacer(l.placer);
	free((char *)l.prefix);
	free((char *)l.purelib);
	free((char *)l.scripts);
	free((char *)l.include);
	free((char *)l.python);
	return ret;
}

int
main(int argc, char **argv)
{
	char *entry, *end;
	long days;
	int ret;

	if (argc < 3)
		usage();
	if (strcmp(argv[1], "unpack") == 0) {
		if (argc != 4 && argc != 5)
			usage();
		if (wheelunpack(argv[2], argv[3], argc == 5 ? argv[4] : NULL, &entry) < 0)
			return 1;
		printf("%s\n", entry);
		free(entry);
		ret = 0;
	} else if (strcmp(argv[1], "install") == 0) {
		ret = install(argv[2], argc - 3, argv + 3);
	} else if (strcmp(argv[1], "prune") == 0) {
		if (argc != 4)
			usage();
		days = strtol(argv[3], &end, 10);
		if (*end || end == argv[3] || days < 0)
			usage();
		ret = cacheprune(argv[2], days, false) < 0;
	} else {
		usage();
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		fatal("write stdout:");
	return ret;
}
