/* tagsdump.c: an interpreter's wheel tags, marker environment and facts, as venvmk computes them, for the oracle tests. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/interp.h"
#include "pep/marker.h"
#include "pep/tags.h"

static void
usage(void)
{
	fprintf(stderr, "usage: tagsdump [-c CACHE] tags PYTHON\n"
	    "       tagsdump [-c CACHE] markers PYTHON   (KEY=VALUE, %%XX for '%%', controls, non-ASCII)\n"
	    "       tagsdump [-c CACHE] facts PYTHON\n"
	    "       tagsdump [-c CACHE] rank PYTHON WHEELNAME...\n"
	    "       tagsdump parse WHEELNAME\n"
	    "       tagsdump list KEY=VALUE...   (the tagenv fields; the rest \"\")\n");
	exit(2);
}

static void
printtags(const struct tagenv *te)
{
	struct tags t = {0};
	struct buf b = {0};

	if (tagslist(&t, te) < 0)
		fatal("no tags for this platform");
	for (size_t i = 0; i < t.n; i++) {
		bufreset(&b);
		tagsformat(&t, i, &b);
		puts(b.s);
	}
	tagsclear(&t);
	free(b.s);
}

/* the tagenv from KEY=VALUE arguments, for platforms this machine does not have */
static void
listfrom(int argc, char **argv)
{
	struct tagenv te = { "", "", "", "", "", "", "", "", "", "", "" };
	struct { const char *key; const char **val; } f[] = {
		{ "implname", &te.implname }, { "version", &te.version }, { "nodot", &te.nodot },
		{ "extsuffix", &te.extsuffix }, { "abiinfo", &te.abiinfo }, { "system", &te.system },
		{ "platform", &te.platform }, { "bits", &te.bits }, { "glibc", &te.glibc },
		{ "musl", &te.musl }, { "elf", &te.elf },
	};

	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t k;
		if (!eq)
			usage();
		*eq = '\0';
		for (k = 0; k < sizeof(f) / sizeof(*f) && strcmp(f[k].key, argv[i]) != 0; k++)
			;
		if (k == sizeof(f) / sizeof(*f))
			fatal("unknown fact %s", argv[i]);
		*f[k].val = eq + 1;
	}
	printtags(&te);
}

int
main(int argc, char **argv)
{
	const char *cache = NULL;
	char *tmp = NULL;
	struct interp in;

	argv0 = "tagsdump";
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		cache = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "list") == 0) {
		listfrom(argc - 2, argv + 2);
		return fflush(stdout) || ferror(stdout);
	}
	if (strcmp(argv[1], "parse") == 0) {
		struct strlist l = {0};
		if (argc != 3)
			usage();
		if (tagsparse(argv[2], &l) < 0)
			fatal("%s: not a wheel's name", argv[2]);
		for (size_t i = 0; i < l.n; i++)
			puts(l.v[i]);
		return fflush(stdout) || ferror(stdout);
	}
	if (argc < 3)
		usage();
	/* as venvmk does: the answer goes through a cache file, written then read */
	if (!cache) {
		char dir[] = "/tmp/tagsdump.XXXXXX";
		if (!mkdtemp(dir))
			fatal("mkdtemp:");
		tmp = xstrdup(dir);
		cache = pathjoin(tmp, "interp");
	}
	if (interpresolve(&in, argv[2], cache, NULL, true, "tagsdump") < 0)
		return 2;
	if (tmp) {
		bool queried = in.queried;
		if (interpresolve(&in, argv[2], cache, NULL, false, "tagsdump") < 0 || in.queried)
			fatal("the cached answer was not found");
		in.queried = queried;
		removetree(tmp);
	}

	struct tagenv te;
	interptags(&in, &te);
	if (strcmp(argv[1], "tags") == 0 && argc == 3) {
		printtags(&te);
	} else if (strcmp(argv[1], "markers") == 0 && argc == 3) {
		struct markerenv env;
		interpmarkers(&in, &env);
		/* sorted by name, quoted as the interpreter query quotes them */
		const char *const kv[][2] = {
			{ "implementation_name", env.implementation_name },
			{ "implementation_version", env.implementation_version },
			{ "os_name", env.os_name }, { "platform_machine", env.platform_machine },
			{ "platform_python_implementation", env.platform_python_implementation },
			{ "platform_release", env.platform_release },
			{ "platform_system", env.platform_system },
			{ "platform_version", env.platform_version },
			{ "python_full_version", env.python_full_version },
			{ "python_version", env.python_version }, { "sys_platform", env.sys_platform },
		};
		for (size_t i = 0; i < sizeof(kv) / sizeof(*kv); i++) {
			printf("%s=", kv[i][0]);
			for (const unsigned char *c = (const unsigned char *)kv[i][1]; *c; c++)
				printf(*c < 32 || *c >= 127 || *c == '%' ? "%%%02X" : "%c", *c);
			putchar('\n');
		}
	} else if (strcmp(argv[1], "facts") == 0 && argc == 3) {
		printf("queried=%d\nimplname=%s\nversion=%s\nnodot=%s\nextsuffix=%s\nabiinfo=%s\n"
		    "system=%s\nplatform=%s\nbits=%s\nglibc=%s\nmusl=%s\nelf=%s\n", in.queried,
		    te.implname, te.version, te.nodot, te.extsuffix, te.abiinfo, te.system,
		    te.platform, te.bits, te.glibc, te.musl, te.elf);
	} else if (strcmp(argv[1], "rank") == 0) {
		struct tags t = {0};
		if (tagslist(&t, &te) < 0)
			fatal("no tags for this platform");
		for (int i = 3; i < argc; i++)
			printf("%ld %s\n", tagsrank(&t, argv[i]), argv[i]);
		tagsclear(&t);
	} else {
		usage();
	}
	return fflush(stdout) || ferror(stdout);
}
