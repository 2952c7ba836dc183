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
#include "sync/lockwriter.h"
#include "sync/lockfresh.h"
#include "cache/cache.h"
#include "cache/fetchclient.h"
#include "sync/makedeps.h"
#include "show.h"
#include "help.h"
#include "tool.h"
#include "inputs/tomlreq.h"
#include "base/spawn.h"

enum {
	OPT_DIR = 256, OPT_PYTHON, OPT_PACKAGE, OPT_BACKEND, OPT_SYSSITE, OPT_NOSYSSITE,
	OPT_PROMPT, OPT_NOPIP, OPT_PIP, OPT_PIPARG, OPT_TRACK, OPT_JSON, OPT_NOSYNC, OPT_VERSION,
	OPT_NOCONF, OPT_MAKEDEPS, OPT_NOREQ, OPT_CACHEDIR, OPT_LINKMODE, OPT_LOCK, OPT_OLDER,
	OPT_EXTRA, OPT_GROUP, OPT_UPGRADE, OPT_UPGRADEPKG, OPT_FORMAT, OPT_FROM, OPT_WITH, OPT_REMOTE,
	OPT_REMOTEWRITE, OPT_EXCLUDENEWER,
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
	{"exclude-newer", required_argument, NULL, OPT_EXCLUDENEWER},
	{"remote-cache", required_argument, NULL, OPT_REMOTE},
	{"remote-cache-write", no_argument, NULL, OPT_REMOTEWRITE},
	{"older-than", required_argument, NULL, OPT_OLDER},
	{"upgrade", no_argument, NULL, OPT_UPGRADE},
	{"upgrade-package", required_argument, NULL, OPT_UPGRADEPKG},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"from", required_argument, NULL, OPT_FROM},
	{"with", required_argument, NULL, OPT_WITH},
	{NULL, 0, NULL, 0},
};

/* what the command line says besides the command */
struct cli {
	struct decl d;		/* flags that declare the env or override venv.conf */
	struct syncopts bo;
	struct lockopts lo;
	const char *file, *dir, *out;
	bool json, nosync;
	long days;		/* cache prune --older-than */
	const char *from;	/* tool: --from */
	struct strlist with;	/* tool: --with, each */
	char **runargv;		/* run: what follows "--", or NULL */
	const char *cmd;	/* the command and its operands */
	char **args;
	int nargs;
};

/* the DAYS of --older-than=DAYS; anything but 0 to 100000 is a usage error */
static long
parsedays(const char *arg)
{
	char *end;
	long days = strtol(arg, &end, 10);

	if (!*arg || *end || days < 0 || days > 100000) {
		warn("--older-than: '%s' is not a number of days", arg);
		usage();
	}
	return days;
}

/* say what is wrong with OPT (':' a missing argument, else an unknown option), then usage */
static noreturn void
badopt(int opt, char **argv)
{
	if (opt == ':')
		warn("option '%s' requires an argument", argv[optind - 1]);
	else if (optopt)
		warn("invalid option -- '%c'", optopt);
	else
		warn("unrecognized option '%s'", argv[optind - 1]);
	usage();
}

/* apply OPT to D if it is a flag that declares the env; false if it is not one */
static bool
declopt(struct decl *d, int opt, char *arg)
{
	switch (opt) {
	case OPT_NOCONF: d->noconf = true; break;
	case OPT_DIR: d->dir = arg; d->any = true; break;
	case OPT_PYTHON: d->python = arg; d->any = true; break;
	case 'r': strlistadd(&d->requirements, arg); d->hasreq = d->any = true; break;
	case OPT_NOREQ: strlistclear(&d->requirements); d->hasreq = d->any = true; break;
	case 'c': strlistadd(&d->constraints, arg); d->hascon = d->any = true; break;
	case OPT_PACKAGE: strlistadd(&d->packages, arg); d->haspkg = d->any = true; break;
	case 'e': strlistadd(&d->editables, arg); d->hasedit = d->any = true; break;
	case OPT_BACKEND: d->backend = arg; d->any = true; break;
	case OPT_SYSSITE: d->syssite = 1; d->any = true; break;
	case OPT_NOSYSSITE: d->syssite = 0; d->any = true; break;
	case OPT_PROMPT: d->prompt = arg; d->any = true; break;
	case OPT_NOPIP: d->pip = 0; d->any = true; break;
	case OPT_PIP: d->pip = 1; d->any = true; break;
	case OPT_PIPARG: strlistadd(&d->pipargs, arg); d->haspiparg = d->any = true; break;
	case OPT_TRACK: strlistadd(&d->trackenv, arg); d->hastrack = d->any = true; break;
	case OPT_EXTRA: strlistadd(&d->extras, arg); d->hasextra = d->any = true; break;
	case OPT_GROUP: strlistadd(&d->groups, arg); d->hasgroup = d->any = true; break;
	case OPT_CACHEDIR: d->cachedir = arg; break;
	case OPT_LINKMODE: d->linkmode = arg; break;
	case OPT_REMOTE: d->remote = arg; break;
	case OPT_REMOTEWRITE: d->remotewrite = true; break;
	case OPT_LOCK: d->lock = arg; d->any = true; break;
	case OPT_EXCLUDENEWER: d->excludenewer = arg; break;
	default: return false;
	}
	return true;
}

/* apply OPT, one that does not declare the env, to CL; --help and --version exit here */
static void
cliopt(struct cli *cl, int opt, char *arg, char **argv)
{
	switch (opt) {
	case 'f': cl->file = arg; break;
	case 'C': cl->dir = arg; break;
	case 'v': cl->bo.verbose = true; break;
	case 'q': cl->bo.quiet = true; break;
	case 'o': cl->out = arg; break;
	case 'h': printhelp();
	case OPT_VERSION: printversion();
	case OPT_JSON: cl->json = true; break;
	case OPT_NOSYNC: cl->nosync = true; break;
	case OPT_MAKEDEPS: cl->bo.makedeps = true; break;
	case OPT_OLDER: cl->days = parsedays(arg); break;
	case OPT_UPGRADE: cl->lo.upgrade = cl->bo.upgrade = true; break;
	case OPT_UPGRADEPKG: strlistadd(&cl->lo.upgrades, arg); break;
	case OPT_FORMAT: cl->lo.format = arg; break;
	case OPT_FROM: cl->from = arg; break;
	case OPT_WITH: strlistadd(&cl->with, arg); break;
	default: badopt(opt, argv);
	}
}

/* whether ARG is one of our options that takes its value from the next word ("-f FILE", "--file FILE") */
static bool
takesvalue(const char *arg)
{
	if (arg[0] != '-' || !arg[1])
		return false;
	if (arg[1] != '-')
		return !arg[2] && strchr("fCorce", arg[1]) != NULL;
	for (const struct option *o = longopts; o->name; o++)
		if (strcmp(arg + 2, o->name) == 0)
			return o->has_arg == required_argument;
	return false;
}

/* the index in ARGV of the first word from I on that is neither an option nor an option's value */
static int
operandat(int argc, char **argv, int i)
{
	while (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0)
		i += takesvalue(argv[i]) ? 2 : 1;
	return i;
}

/* the index in ARGV of the first operand after the command "run" (with no "--"), or 0 */
static int
runcommandat(int argc, char **argv)
{
	int i = operandat(argc, argv, 1);

	if (i >= argc || strcmp(argv[i], "run") != 0)
		return 0;
	i = operandat(argc, argv, i + 1);
	return i < argc && strcmp(argv[i], "--") != 0 ? i : 0;
}

/* the index in ARGV of the command of "tool run" (a "--" before it included), or 0: the
 * options after it are the command's, even those that are also ours */
static int
toolcommandat(int argc, char **argv)
{
	int i = operandat(argc, argv, 1);

	if (i >= argc || strcmp(argv[i], "tool") != 0)
		return 0;
	i = operandat(argc, argv, i + 1);
	if (i >= argc || strcmp(argv[i], "run") != 0)
		return 0;
	i = operandat(argc, argv, i + 1);
	return i < argc ? i : 0;
}

/* read ARGV into CL: the options in order, then the command and its operands */
static void
parseargs(struct cli *cl, int argc, char **argv)
{
	int opt, at = toolcommandat(argc, argv);

	if (at > 0) {
		/* "tool run [OPTION]... [--] COMMAND [ARG]...": all from COMMAND on is the tool's */
		cl->runargv = argv + at + (strcmp(argv[at], "--") == 0);
		argc = at;
	}
	/* what follows "--" is run's command, never options of ours */
	for (int i = 1; i < argc && !cl->runargv; i++)
		if (strcmp(argv[i], "--") == 0) {
			cl->runargv = argv + i + 1;
			argv[i] = NULL;
			argc = i;
			break;
		}
	/* without "--", run's first operand starts its command: "venvmk run pytest -x" */
	if (!cl->runargv) {
		at = runcommandat(argc, argv);
		if (at > 0) {
			cl->runargv = argv + at;
			argc = at;
		}
	}
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:C:vqo:hr:c:e:", longopts, NULL)) != -1)
		if (!declopt(&cl->d, opt, optarg))
			cliopt(cl, opt, optarg, argv);
	if (optind >= argc) {
		warn("no command given");
		usage();
	}
	cl->cmd = argv[optind++];
	cl->args = argv + optind;
	cl->nargs = argc - optind;
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

/* the one env the command names (or the first declared); naming more is a usage error */
static struct env *
oneenv(struct cli *cl, struct conf *c)
{
	size_t n;

	if (cl->nargs > 1) {
		warn("%s: name one env at most", cl->cmd);
		usage();
	}
	return selectenvs(c, cl->args, cl->nargs, &cl->d, &n)[0];
}

/* BUILD each env named (all when none); the highest status, stopping after a signal */
static int
eachenv(struct cli *cl, struct conf *c, int (*build)(const struct env *, const struct syncopts *))
{
	size_t n;
	struct env **sel = selectenvs(c, cl->args, cl->nargs, &cl->d, &n);
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		int r = build(sel[i], &cl->bo);
		if (r > ret)
			ret = r;
		if (r >= 128)
			break;
	}
	return ret;
}

static int
cmdsync(struct cli *cl, struct conf *c)
{
	return eachenv(cl, c, syncenv);
}

static int
cmdcheck(struct cli *cl, struct conf *c)
{
	return eachenv(cl, c, synccheck);
}

static int
cmdclean(struct cli *cl, struct conf *c)
{
	return eachenv(cl, c, syncclean);
}

static int
cmdinputs(struct cli *cl, struct conf *c)
{
	struct env *e = oneenv(cl, c);
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
cmddeps(struct cli *cl, struct conf *c)
{
	struct env *e = oneenv(cl, c);
	struct reqset rs = {0};
	char *statedir = statedirof(e->dir), *stamp = stamppath(statedir);
	int ret;

	if (fprintreqs(&rs, e) < 0)
		return 2;
	ret = mkdeps(stamp, e->conffile, &rs, cl->out) < 0 ? 2 : 0;
	free(stamp);
	free(statedir);
	return ret;
}

/* describe SEL[0..N), or print only their fingerprints when FPONLY */
static int
showenvs(struct env **sel, size_t n, bool json, bool fponly)
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
cmdshow(struct cli *cl, struct conf *c)
{
	size_t n;
	struct env **sel = selectenvs(c, cl->args, cl->nargs, &cl->d, &n);

	return showenvs(sel, n, cl->json, false);
}

static int
cmdfingerprint(struct cli *cl, struct conf *c)
{
	size_t n;
	struct env **sel = selectenvs(c, cl->args, cl->nargs, &cl->d, &n);

	/* with no env named, the first env's alone (venvmk.1) */
	return showenvs(sel, cl->nargs == 0 && n > 1 ? 1 : n, cl->json, true);
}

static int
cmdrun(struct cli *cl, struct conf *c)
{
	struct env *e;
	char *abs, *path, **cmd = cl->runargv;
	const char *oldpath = getenv("PATH");
	int status;

	if (!cmd || !*cmd) {
		warn("run: no command given (venvmk run [ENV --] CMD...)");
		usage();
	}
	e = oneenv(cl, c);
	spawnstdouttostderr(true);
	if (!cl->nosync && (status = syncenv(e, &cl->bo)) != 0)
		return status;
	abs = realpath(e->dir, NULL);
	if (!abs)
		fatal("%s:", e->dir);
	path = xasprintf("%s/bin%s%s", abs, oldpath ? ":" : "", oldpath ? oldpath : "");
	setenv("VIRTUAL_ENV", abs, 1);
	setenv("PATH", path, 1);
	unsetenv("PYTHONHOME");
	fetchhelperend();	/* not a child of the command */
	execvp(cmd[0], cmd);
	if (errno == ENOENT && !strchr(cmd[0], '/')) {
		warn("%s: not installed in the env %s (nor found on PATH): add it to the env's requirements",
		    cmd[0], e->dir);
		return 127;
	}
	warn("%s:", cmd[0]);
	return errno == ENOENT ? 127 : 126;
}

static int
cmdlist(struct cli *cl, struct conf *c)
{
	for (size_t i = 0; i < c->n; i++)
		printf("%s\t%s\n", c->envs[i]->name ? c->envs[i]->name : "-", c->envs[i]->dir);
	return 0;
}

/* venvmk cache dir|prune; runs before venv.conf is read, so C is NULL */
static int
cmdcache(struct cli *cl, struct conf *c)
{
	char *dir = cachedir(cl->d.cachedir);
	int ret = 0;

	if (cl->nargs != 1 || (strcmp(cl->args[0], "dir") != 0 && strcmp(cl->args[0], "prune") != 0)) {
		warn("cache: expected 'dir' or 'prune'");
		usage();
	}
	if (cl->args[0][0] == 'd')
		printf("%s\n", dir);
	else
		ret = cacheprune(dir, (int)cl->days, cl->bo.quiet) < 0 ? 1 : 0;
	free(dir);
	return ret;
}

/* venvmk lock: -o FILE for one env, else each env named (all when none) that declares a lock */
static int
cmdlock(struct cli *cl, struct conf *c)
{
	size_t n;
	struct env **sel;
	int worst = 0;

	cl->lo.out = cl->out;
	if (cl->out)
		return synclock(oneenv(cl, c), &cl->bo, &cl->lo, NULL, NULL);
	sel = selectenvs(c, cl->args, cl->nargs, &cl->d, &n);
	for (size_t i = 0, done = 0; i < n; i++) {
		/* with no env named, those that declare a lock beside their inputs */
		if (cl->nargs == 0 && n > 1 && !lockfrominputs(sel[i]) && (i + 1 < n || done))
			continue;
		int st = synclock(sel[i], &cl->bo, &cl->lo, NULL, NULL);
		worst = st > worst ? st : worst;
		done++;
	}
	return worst;
}

/* venvmk tool run|sync|dir|list (tool.c); runs before venv.conf is read: a tool never reads it */
static int
cmdtool(struct cli *cl, struct conf *c)
{
	struct toolargs t = { &cl->d, cl->from, &cl->with, &cl->bo, cl->args, cl->nargs, cl->runargv };
	int status = toolcommand(&t);

	(void)c;
	if (status < 0)
		usage();
	return status;
}

static const struct command {
	const char *name;
	int (*run)(struct cli *cl, struct conf *c);	/* returns the exit status */
	bool noconf;		/* runs before venv.conf is read */
} commands[] = {
	{"sync", cmdsync, false},
	{"check", cmdcheck, false},
	{"run", cmdrun, false},
	{"show", cmdshow, false},
	{"fingerprint", cmdfingerprint, false},
	{"inputs", cmdinputs, false},
	{"deps", cmddeps, false},
	{"clean", cmdclean, false},
	{"list", cmdlist, false},
	{"lock", cmdlock, false},
	{"cache", cmdcache, true},
	{"tool", cmdtool, true},
};

static const struct command *
findcommand(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	struct cli cl = { .d = { .syssite = -1, .pip = -1 }, .days = 30 };
	const struct command *k;
	struct conf c;

	cl.lo.regen = lockregen(argc, argv);
	cl.bo.upgrades = &cl.lo.upgrades;
	parseargs(&cl, argc, argv);
	k = findcommand(cl.cmd);
	if (cl.dir && chdir(cl.dir) < 0)
		fatalx(2, "-C %s:", cl.dir);
	if (k && k->noconf)
		return flushout(k->run(&cl, NULL));
	/* a bad venv.conf is reported before an unknown command */
	if (confload(&c, cl.file, &cl.d) < 0)
		return 2;
	if (!k) {
		warn("unknown command '%s'", cl.cmd);
		usage();
	}
	return flushout(k->run(&cl, &c));
}
