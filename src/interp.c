/* interp.c: base interpreter identity from stat, version cached, no Python started when warm. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"
#include "hash.h"
#include "spawn.h"
#include "interp.h"

/* what a version-manager shim consults to pick an interpreter */
static const char *const shimvars[] = {
	"PYENV_VERSION", "PYENV_ROOT", "PYENV_DIR", "ASDF_PYTHON_VERSION", "ASDF_DATA_DIR",
	"ASDF_DIR", "ASDF_DEFAULT_TOOL_VERSIONS_FILENAME", "HOME", "PATH",
};
static const char *const shimfiles[] = { ".python-version", ".tool-versions" };

/* when set, every path and variable the identity depends on is added here (for venv.mk) */
static struct strlist *watchfiles, *watchvars;

void
interpwatch(struct strlist *files, struct strlist *vars)
{
	watchfiles = files;
	watchvars = vars;
}

static void
watch(const char *path)
{
	if (watchfiles && strlistfind(watchfiles, path) < 0)
		strlistadd(watchfiles, path);
}

/* one line a fact; the order is the cache's field order from impl on */
static const char query[] =
    "import sys, os, platform, sysconfig\n"
    "print(platform.python_implementation())\n"
    "print('%d.%d.%d' % tuple(sys.version_info[:3]))\n"
    "print(os.path.realpath(sys.executable))\n"
    "print(getattr(sys, '_base_executable', None) or sys.executable)\n"
    "print(getattr(sys, 'abiflags', ''))\n"
    "v = 'venv' in sysconfig.get_scheme_names()\n"
    "p = sysconfig.get_paths(v and 'venv' or 'posix_prefix', vars=dict(base='@', platbase='@',"
    " installed_base='@', installed_platbase='@'))\n"
    "for k in ('purelib', 'platlib', 'include', 'scripts'):\n"
    "    print(k == 'include' and not v and 'include' or p[k][2:])\n"
    "def pick(name):\n"
    "    dirs = [sysconfig.get_config_var('WHEEL_PKG_DIR') or '',"
    " os.path.join(sysconfig.get_paths()['stdlib'], 'ensurepip', '_bundled')]\n"
    "    for d in dirs:\n"
    "        try:\n"
    "            w = [f for f in os.listdir(d) if f.startswith(name + '-') and f.endswith('.whl')]\n"
    "        except OSError:\n"
    "            continue\n"
    "        key = lambda f: [int(x) if x.isdigit() else -1 for x in f.split('-')[1].split('.')]\n"
    "        if w:\n"
    "            return os.path.join(d, max(w, key=key))\n"
    "    return ''\n"
    "print(pick('pip'))\n"
    "print(sys.version_info < (3, 12) and pick('setuptools') or '')\n"
    "print(getattr(getattr(sys, 'implementation', None), 'cache_tag', None) or '')\n"
    "print(int(sys.maxsize > 2**32 and sys.platform != 'darwin'))\n";

/* fields of a cache line: cmd, selkey or "-", real, realkey, then the facts */
enum { NFACTS = 12, NFIELDS = 4 + NFACTS };

static char **
factfield(struct interp *in, int i)
{
	char **f[NFACTS] = { &in->impl, &in->version, NULL, &in->base, &in->abiflags, &in->purelib,
	    &in->platlib, &in->include, &in->scripts, &in->pipwheel, &in->stwheel, &in->cachetag };
	return i < NFACTS ? f[i] : NULL;
}

static void
hashstat(struct hash *h, const char *path, struct buf *tmp)
{
	struct stat st;

	watch(path);
	bufreset(tmp);
	bufputs(tmp, path);
	bufputc(tmp, ' ');
	if (stat(path, &st) == 0)
		statkey(&st, tmp);
	else
		bufputc(tmp, '-');
	hashline(h, tmp->s);
}

/* The selection context of a shim: its variables, and every version file it may read. */
static void
shimkey(struct interp *in, const char *resolvedkey)
{
	struct hash *h = mkhash();
	struct buf tmp = {0};
	char cwd[PATH_MAX];
	const char *root, *home = getenv("HOME");

	hashline(h, in->resolved);
	hashline(h, resolvedkey);
	for (size_t i = 0; i < sizeof(shimvars) / sizeof(*shimvars); i++) {
		const char *v = getenv(shimvars[i]);
		if (watchvars && strlistfind(watchvars, shimvars[i]) < 0)
			strlistadd(watchvars, shimvars[i]);
		bufreset(&tmp);
		bufprintf(&tmp, "%s%s%s", shimvars[i], v ? "=" : "", v ? v : "");
		hashline(h, tmp.s);
	}
	const char *start = getenv("PYENV_DIR");
	if (!start || !*start)
		start = getcwd(cwd, sizeof(cwd)) ? cwd : "/";
	char *dir = xstrdup(start);
	for (;;) {
		for (size_t i = 0; i < sizeof(shimfiles) / sizeof(*shimfiles); i++) {
			char *p = pathjoin(dir, shimfiles[i]);
			hashstat(h, p, &tmp);
			free(p);
		}
		if (strcmp(dir, "/") == 0 || !*dir)
			break;
		char *up = pathdir(dir);
		free(dir);
		dir = up;
	}
	free(dir);
	root = getenv("PYENV_ROOT");
	char *pyroot = root && *root ? xstrdup(root) : home ? pathjoin(home, ".pyenv") : xstrdup("/.pyenv");
	char *p = pathjoin(pyroot, "version");
	hashstat(h, p, &tmp);
	free(p);
	p = pathjoin(pyroot, "versions");
	hashstat(h, p, &tmp);
	free(p);
	free(pyroot);
	hashend(h, in->selkey);
	free(tmp.s);
}

static bool
isscript(const char *path)
{
	char head[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool script = false;

	if (fd >= 0) {
		script = read(fd, head, 2) == 2 && head[0] == '#' && head[1] == '!';
		close(fd);
	}
	return script;
}

static bool
cachelookup(struct interp *in, const char *cache)
{
	struct buf b = {0};
	bool found = false;

	if (!cache || readfile(cache, &b) < 0)
		return false;
	for (char *line = b.s, *next; line && *line && !found; line = next) {
		char *f[NFIELDS];
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (char *s = line; n < NFIELDS; n++) {
			f[n] = s;
			s = strchr(s, '\t');
			if (!s) {
				n++;
				break;
			}
			*s++ = '\0';
		}
		/* lines of another version of venvmk do not count */
		if (n != NFIELDS || strcmp(f[0], in->cmd) != 0)
			continue;
		if (in->shim ? strcmp(f[1], in->selkey) != 0 : strcmp(f[2], in->real) != 0)
			continue;
		/* ensurepip's wheels were upgraded or removed: ask again */
		if ((*f[NFIELDS - 4] && access(f[NFIELDS - 4], R_OK) < 0)
		    || (*f[NFIELDS - 3] && access(f[NFIELDS - 3], R_OK) < 0))
			continue;
		struct stat st;
		struct buf key = {0};
		if (stat(f[2], &st) == 0) {
			statid(&st, &key);
			if (strcmp(key.s, f[3]) == 0) {
				free(in->real);
				in->real = xstrdup(f[2]);
				in->realkey = key.s;
				for (int i = 0, j = 4; i < NFACTS; i++)
					if (factfield(in, i))
						*factfield(in, i) = xstrdup(f[j++]);
				in->lib64 = strcmp(f[NFIELDS - 1], "1") == 0;
				found = true;
				continue;
			}
		}
		free(key.s);
	}
	free(b.s);
	return found;
}

static void
cachewrite(const struct interp *in, const char *cache, int keep)
{
	struct buf old = {0}, out = {0}, line = {0};
	int kept = 0;

	bufprintf(&line, "%s\t%s\t%s\t%s", in->cmd, in->shim ? in->selkey : "-", in->real, in->realkey);
	for (int i = 0; i < NFACTS; i++)
		if (factfield((struct interp *)in, i))
			bufprintf(&line, "\t%s", *factfield((struct interp *)in, i));
	bufprintf(&out, "%s\t%d\n", line.s, in->lib64);
	if (readfile(cache, &old) == 0) {
		/* keep a few other answers, so that switching back and forth stays warm */
		for (char *l = old.s, *next; l && *l && kept < keep; l = next) {
			next = strchr(l, '\n');
			if (next)
				*next++ = '\0';
			size_t n = strlen(in->cmd);
			if (strncmp(l, in->cmd, n) == 0 && l[n] == '\t'
			    && strstr(l, in->shim ? in->selkey : in->real))
				continue;
			bufprintf(&out, "%s\n", l);
			kept++;
		}
	}
	char *dir = pathdir(cache);
	if ((*dir && mkdirs(dir, 0777) < 0) || writefileatomic(cache, out.s, out.len) < 0)
		warn("write %s:", cache);
	free(dir);
	free(old.s);
	free(out.s);
	free(line.s);
}

static int
ask(struct interp *in, const char *label)
{
	char *argv[] = { in->shim ? in->resolved : in->real, "-c", (char *)query, NULL };
	struct buf out = {0};
	char *line[NFACTS + 1];
	int status;

	status = spawnrun(argv, &out);
	if (spawnsignal()) {
		free(out.s);
		return -1;	/* the caller exits 128+N */
	}
	if (status < 0) {
		warn("%s: python '%s': cannot run %s:", label, in->cmd, argv[0]);
		return -1;
	}
	if (status != 0) {
		warn("%s: python '%s': %s exited with status %d", label, in->cmd, argv[0], status);
		return -1;
	}
	char *s = out.s ? out.s : "";
	for (int i = 0; i < NFACTS + 1; i++) {
		char *nl = strchr(s, '\n');
		if (!nl || (nl == s && i < 4)) {
			warn("%s: python '%s': %s is not a Python interpreter", label, in->cmd, argv[0]);
			free(out.s);
			return -1;
		}
		*nl = '\0';
		line[i] = s;
		s = nl + 1;
	}
	for (int i = 0; i < NFACTS; i++)
		if (factfield(in, i))
			*factfield(in, i) = xstrdup(line[i]);
	free(in->real);
	in->real = xstrdup(line[2]);
	in->lib64 = strcmp(line[NFACTS], "1") == 0;
	free(out.s);
	struct stat st;
	struct buf key = {0};
	if (stat(in->real, &st) < 0) {
		warn("%s: python '%s': %s:", label, in->cmd, in->real);
		return -1;
	}
	statid(&st, &key);
	in->realkey = key.s;
	in->queried = true;
	return 0;
}

int
interpminor(const struct interp *in)
{
	int major, minor;

	if (!in->version || sscanf(in->version, "%d.%d", &major, &minor) != 2 || major != 3)
		return -1;
	return minor;
}

int
interpresolve(struct interp *in, const char *cmd, const char *cache, const char *shared,
    bool write, const char *label)
{
	struct stat st;
	struct buf key = {0};

	memset(in, 0, sizeof(*in));
	in->cmd = xstrdup(cmd);
	in->resolved = spawnwhich(cmd);
	if (!in->resolved) {
		warn("%s: python '%s' not found in PATH", label, cmd);
		return -1;
	}
	if (stat(in->resolved, &st) < 0) {
		warn("%s: python '%s':", label, cmd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		warn("%s: python '%s' is not a file", label, cmd);
		return -1;
	}
	in->shim = isscript(in->resolved);
	if (in->shim) {
		statkey(&st, &key);
		shimkey(in, key.s);
		free(key.s);
	} else {
		in->real = realpath(in->resolved, NULL);
		if (!in->real) {
			warn("%s: python '%s':", label, cmd);
			return -1;
		}
	}
	if (watchfiles) {
		/* where another interpreter of that name could appear: the PATH dirs up to it */
		const char *path = getenv("PATH");
		if (!strchr(cmd, '/') && path) {
			char *dirs = xstrdup(path), *found = pathdir(in->resolved);
			for (char *d = strtok(dirs, ":"); d; d = strtok(NULL, ":")) {
				if (access(d, F_OK) == 0)
					watch(d);
				if (strcmp(d, found) == 0)
					break;
			}
			free(dirs);
			free(found);
		}
		watch(in->resolved);
	}
	bool own = cachelookup(in, cache);
	if (!own && !cachelookup(in, shared)) {
		if (ask(in, label) < 0)
			return -1;
		if (write && shared)
			cachewrite(in, shared, 63);
	}
	if (!own && write && cache)
		cachewrite(in, cache, 15);
	if (watchfiles) {
		char *dir = pathdir(in->real);
		watch(in->real);
		watch(dir);
		free(dir);
	}
	return 0;
}
