/* interp.c: base interpreter identity from stat, version cached, no Python started when warm. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/hash.h"
#include "base/spawn.h"
#include "inputs/interp.h"
#include "pep/marker.h"
#include "pep/tags.h"

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

/*
 * One line a fact; the order is the cache's field order from impl on. Runs on
 * Python 2.7 too, which the native backend then refuses with a clear message.
 * After lib64 come what wheel tags and PEP 508 markers need, each one line with
 * '%', control and non-ASCII bytes as %XX: the values packaging's tags and
 * markers modules compute, from the same sources.
 */
static const char query[] =
    "import sys, os, platform, sysconfig, struct\n"
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
    "print(int(sys.maxsize > 2**32 and sys.platform != 'darwin'))\n"
    "c = sysconfig.get_config_var\n"
    "def q(s):\n"
    "    if s is None:\n"
    "        s = ''\n"
    "    if not isinstance(s, bytes):\n"
    "        s = str(s).encode('utf-8', 'surrogateescape')\n"
    "    return ''.join(32 <= b < 127 and b != 37 and chr(b) or '%%%02X' % b for b in bytearray(s))\n"
    "i = getattr(sys, 'implementation', None)\n"
    "v = getattr(i, 'version', None)\n"
    "print(q(i and i.name))\n"
    "print(v and q('%d.%d.%d' % tuple(v[:3]) + (v[3] != 'final' and v[3][0] + str(v[4]) or '')) or '')\n"
    "print(q(c('py_version_nodot')))\n"
    "print(q(c('EXT_SUFFIX')))\n"
    "print(q(c('SOABI')))\n"
    "try:\n"
    "    from importlib.machinery import EXTENSION_SUFFIXES as x\n"
    "except ImportError:\n"
    "    x = []\n"
    "d, m, u = c('Py_DEBUG'), c('WITH_PYMALLOC'), c('Py_UNICODE_SIZE')\n"
    "f = (d or d is None and (hasattr(sys, 'gettotalrefcount') or '_d.pyd' in x), m or m is None,\n"
    "    u == 4 or u is None and sys.maxunicode == 0x10FFFF, c('Py_GIL_DISABLED'))\n"
    "print(''.join(k for k, y in zip('dmut', f) if y))\n"
    "print(q(sysconfig.get_platform()))\n"
    "print(struct.calcsize('P') * 8)\n"
    "try:\n"
    "    _, g = os.confstr('CS_GNU_LIBC_VERSION').rsplit()\n"
    "except (AttributeError, OSError, ValueError):\n"
    "    try:\n"
    "        import ctypes\n"
    "        g = ctypes.CDLL(None).gnu_get_libc_version\n"
    "        g.restype = ctypes.c_char_p\n"
    "        g = g().decode('ascii')\n"
    "    except Exception:\n"
    "        g = None\n"
    "print(q(g))\n"
    "def elf(path):\n"
    "    with open(path, 'rb') as f:\n"
    "        h = bytearray(f.read(16))\n"
    "        if h[:4] != bytearray(b'\\x7fELF') or h[4] not in (1, 2) or h[5] not in (1, 2):\n"
    "            return '', None\n"
    "        o = '<>'[h[5] - 1]\n"
    "        ef, pf, k = h[4] == 1 and ('HHIIIIIHHH', 'IIIIIIII', (0, 1, 4))"
    " or ('HHIQQQIHHH', 'IIQQQQQQ', (0, 2, 5))\n"
    "        r = lambda t: struct.unpack(o + t, f.read(struct.calcsize(o + t)))\n"
    "        e = r(ef)\n"
    "        w = '%d %d %d %d' % (h[4], h[5], e[1], e[6])\n"
    "        for n in range(e[9]):\n"
    "            f.seek(e[4] + e[8] * n)\n"
    "            try:\n"
    "                y = r(pf)\n"
    "            except struct.error:\n"
    "                continue\n"
    "            if y[k[0]] == 3:\n"
    "                f.seek(y[k[1]])\n"
    "                return w, f.read(y[k[2]]).decode('utf-8', 'replace').strip('\\0')\n"
    "        return w, None\n"
    "try:\n"
    "    w, ld = elf(sys.executable)\n"
    "except Exception:\n"
    "    w, ld = '', None\n"
    "n = ''\n"
    "if ld and 'musl' in ld:\n"
    "    import re, subprocess\n"
    "    try:\n"
    "        o = subprocess.Popen([ld], stdout=open(os.devnull, 'w'), stderr=subprocess.PIPE).communicate()[1]\n"
    "        o = [y for y in (y.strip() for y in o.decode('utf-8', 'replace').splitlines()) if y]\n"
    "        r = len(o) > 1 and o[0][:4] == 'musl' and re.match('Version ([0-9]+)[.]([0-9]+)', o[1])\n"
    "        n = r and '%s.%s' % r.groups() or ''\n"
    "    except OSError:\n"
    "        pass\n"
    "print(q(w))\n"
    "print(q(n))\n"
    /* before 3.9, platform.uname() runs uname -p for a processor name no marker uses */
    "if sys.version_info < (3, 9) and hasattr(os, 'uname'):\n"
    "    u = [y != 'unknown' and y or '' for y in os.uname()]\n"
    "else:\n"
    "    u = platform.system(), '', platform.release(), platform.version(), platform.machine()\n"
    "for y in (os.name, sys.platform, u[4], u[2], u[0], u[3], platform.python_version(),"
    " '.'.join(platform.python_version_tuple()[:2])):\n"
    "    print(q(y))\n"
    /* what lets bytecode.c take the seed's compiled modules from an install of the same
     * wheel that the interpreter already compiled: the .pyc magic and the site dirs */
    "try:\n"
    "    from importlib.util import MAGIC_NUMBER as m\n"
    "    m = ''.join('%02x' % b for b in bytearray(m))\n"
    "except ImportError:\n"
    "    m = ''\n"
    "print(m)\n"
    "try:\n"
    "    import site\n"
    "    s = site.getsitepackages()\n"
    "except Exception:\n"
    "    s = []\n"
    "print(q('\\n'.join(s)))\n";

/*
 * The fields of a cache line: cmd, selkey or "-", real, realkey, the first facts
 * (not real), lib64, the format, then the encoded facts. Older venvmks read the
 * first 16 fields and ignore the rest; a line of theirs has too few and is asked again.
 */
enum { NFACTS = 12, NEWFACTS = 21, NLINES = NFACTS + 1 + NEWFACTS };
enum { FPIPWHEEL = 12, FSTWHEEL = 13, FLIB64 = 15, FFORMAT = 16, FNEW = 17, NFIELDS = FNEW + NEWFACTS };
static const char format[] = "v2";

static char **
factfield(struct interp *in, int i)
{
	char **f[NFACTS] = { &in->impl, &in->version, NULL, &in->base, &in->abiflags, &in->purelib,
	    &in->platlib, &in->include, &in->scripts, &in->pipwheel, &in->stwheel, &in->cachetag };
	return i < NFACTS ? f[i] : NULL;
}

static char **
newfield(struct interp *in, int i)
{
	char **f[NEWFACTS] = { &in->implname, &in->implversion, &in->nodot, &in->extsuffix,
	    &in->soabi, &in->abiinfo, &in->platform, &in->bits, &in->glibc, &in->elf, &in->musl,
	    &in->osname, &in->sysplatform, &in->machine, &in->release, &in->system,
	    &in->sysversion, &in->fullversion, &in->pyversion, &in->magic, &in->sitedirs };
	return f[i];
}

/* undo the query's %XX encoding */
static char *
decode(const char *s)
{
	char *d = xmalloc(strlen(s) + 1), *p = d;
	unsigned x;

	for (; *s; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])
		    && sscanf(s + 1, "%2x", &x) == 1) {
			*p++ = x;
			s += 2;
		} else {
			*p++ = *s;
		}
	}
	*p = '\0';
	return d;
}

/* the query's encoding, for the cache */
static void
encode(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;
		if (c < 32 || c >= 127 || c == '%')
			bufprintf(b, "%%%02X", c);
		else
			bufputc(b, c);
	}
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
		char *f[NFIELDS + 1];
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (char *s = line; s && n < NFIELDS + 1; n++) {
			f[n] = s;
			s = strchr(s, '\t');
			if (s)
				*s++ = '\0';
		}
		/* lines of another version of venvmk do not count */
		if (n != NFIELDS || strcmp(f[FFORMAT], format) != 0 || strcmp(f[0], in->cmd) != 0)
			continue;
		if (in->shim ? strcmp(f[1], in->selkey) != 0 : strcmp(f[2], in->real) != 0)
			continue;
		/* ensurepip's wheels were upgraded or removed: ask again */
		if ((*f[FPIPWHEEL] && access(f[FPIPWHEEL], R_OK) < 0)
		    || (*f[FSTWHEEL] && access(f[FSTWHEEL], R_OK) < 0))
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
				in->lib64 = strcmp(f[FLIB64], "1") == 0;
				for (int i = 0; i < NEWFACTS; i++)
					*newfield(in, i) = decode(f[FNEW + i]);
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
	struct interp *x = (struct interp *)in;
	int kept = 0;

	bufprintf(&line, "%s\t%s\t%s\t%s", in->cmd, in->shim ? in->selkey : "-", in->real, in->realkey);
	for (int i = 0; i < NFACTS; i++)
		if (factfield(x, i))
			bufprintf(&line, "\t%s", *factfield(x, i));
	bufprintf(&line, "\t%d\t%s", in->lib64, format);
	for (int i = 0; i < NEWFACTS; i++) {
		bufputc(&line, '\t');
		encode(&line, *newfield(x, i));
	}
	bufprintf(&out, "%s\n", line.s);
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
	char *line[NLINES];
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
	for (int i = 0; i < NLINES; i++) {
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
	for (int i = 0; i < NEWFACTS; i++)
		*newfield(in, i) = decode(line[NFACTS + 1 + i]);
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

void
interpmarkers(const struct interp *in, struct markerenv *env)
{
	env->os_name = in->osname;
	env->sys_platform = in->sysplatform;
	env->platform_machine = in->machine;
	env->platform_python_implementation = in->impl;
	env->platform_release = in->release;
	env->platform_system = in->system;
	env->platform_version = in->sysversion;
	env->python_version = in->pyversion;
	env->python_full_version = in->fullversion;
	env->implementation_name = in->implname;
	env->implementation_version = in->implversion;
}

void
interptags(const struct interp *in, struct tagenv *te)
{
	te->implname = in->implname;
	te->version = in->version;
	te->nodot = in->nodot;
	te->extsuffix = in->extsuffix;
	te->abiinfo = in->abiinfo;
	te->system = in->system;
	te->platform = in->platform;
	te->bits = in->bits;
	te->glibc = in->glibc;
	te->musl = in->musl;
	te->elf = in->elf;
}
