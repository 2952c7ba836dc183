/*
 * pipdownload.c: resolve with `pip download -d`, keeping what pip downloaded.
 *
 * Before pip 25.3 (pypa/pip#12603, fixed by #13482), `pip install --dry-run` downloads every
 * wheel after its metadata and throws it away, so a dry run followed by venvmk's own fetch
 * moves each wheel twice. `pip download -d DIR` resolves the same way and leaves each file in
 * DIR once: venvmk hashes them, caches them, and writes the report the dry run would have
 * given (name, version, file, sha256, requested), so that a recreate of the fingerprint still
 * needs neither pip nor the network. It stands in for the dry run only where the env comes out
 * the same: no editable, no direct reference (a URL or a path: pip records it in
 * direct_url.json), no pip argument or configuration section that `download` reads otherwise
 * than `install`.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "inputs/reqfile.h"
#include "inputs/interp.h"
#include "inputs/inputs.h"
#include "pip/backend.h"
#include "parse/report.h"
#include "base/hash.h"
#include "pip/pipdownload.h"

/* the first pip whose dry run downloads no wheel it has the metadata of */
#define PIP_DRYRUN_FIXED "25.3"

/*
 * pip's options that mean the same to `pip download` as to `pip install`; any other pip
 * argument keeps the dry run (an install option would be an error in download).
 */
static const char *const sameopts[] = {
	"-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links",
	"--trusted-host", "--cert", "--client-cert", "--timeout", "--retries", "--proxy",
	"--pre", "--only-binary", "--no-binary", "--prefer-binary", "--require-hashes",
	"--no-deps", "--no-build-isolation", "--use-pep517", "--check-build-dependencies",
	"--ignore-requires-python", "-q", "--quiet", "-v", "--verbose", "--isolated",
	"--no-cache-dir", "--cache-dir", "--progress-bar", "--keyring-provider", "-C",
	"--config-settings", "--no-color", "--no-input", "--disable-pip-version-check",
	"--use-feature", "--use-deprecated", "-c", "--constraint", "-r", "--requirement",
	"--no-clean", "--exists-action", "--log", NULL,
};

static bool
sameopt(const char *arg)
{
	size_t n = strcspn(arg, "=");

	if (arg[0] != '-')
		return true;	/* the value of the option before it */
	for (const char *const *o = sameopts; *o; o++)
		if (strlen(*o) == n && strncmp(*o, arg, n) == 0)
			return true;
	/* a short option with its value attached: -qq, -iURL, -fDIR, -rFILE, -cFILE */
	return arg[1] && arg[1] != '-' && strchr("qvifrc", arg[1]) && (arg[1] != 'q' || !arg[2] || arg[2] == 'q');
}

/* does a pip configuration file have an [install] or [download] section (which the other command does not read)? */
static bool
confsplits(const char *path)
{
	struct buf b = {0};
	bool found = false;

	if (readfile(path, &b) < 0 || !b.s) {
		free(b.s);
		return true;	/* unreadable now: stay with the dry run, which reports it */
	}
	for (char *line = b.s; line && !found; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		while (*line == ' ' || *line == '\t')
			line++;
		found = strncmp(line, "[install]", 9) == 0 || strncmp(line, "[download]", 10) == 0;
	}
	free(b.s);
	return found;
}

/* the requirement of a "req X" line (options after it cut), or NULL when it is no plain name */
static bool
reqname(const char *text, struct buf *name)
{
	const char *cut = strstr(text, " --");
	char *s = cut ? xstrndup(text, cut - text) : xstrdup(text);
	struct dep d;
	const char *why;
	bool ok = false;

	if (!requrl(s) && depparse(&d, s, &why) == 0) {
		ok = !d.url;
		if (ok)
			bufputs(name, d.canon);
		depclear(&d);
	}
	free(s);
	return ok;
}

bool
pipdownloadable(const struct env *e, const struct inputs *x, const char *pipversion)
{
	const char *how = getenv("VENVMK_RESOLVE"), *why;
	struct version have, fixed;
	bool older;

	if (how && strcmp(how, "dry-run") == 0)
		return false;
	if (!pipversion || versionparse(&have, pipversion, &why) < 0)
		return false;
	versionparse(&fixed, PIP_DRYRUN_FIXED, &why);
	older = versioncmp(&have, &fixed) < 0 || (how && strcmp(how, "download") == 0);
	versionclear(&have);
	versionclear(&fixed);
	if (!older || e->editables.n > 0 || x->rs.projects.n > 0 || x->rs.remote.n > 0)
		return false;
	for (size_t i = 0; i < e->pipargs.n; i++)
		if (!sameopt(e->pipargs.v[i]))
			return false;
	for (size_t i = 0; i < x->pipconf.n; i++)
		if (confsplits(x->pipconf.v[i]))
			return false;
	for (size_t i = 0; i < x->rs.lines.n; i++) {
		const char *l = x->rs.lines.v[i];
		struct buf name = {0};
		bool ok = true;
		if (strncmp(l, "editable ", 9) == 0)
			ok = false;
		else if (strncmp(l, "req ", 4) == 0 || strncmp(l, "constraint ", 11) == 0)
			ok = reqname(strchr(l, ' ') + 1, &name);
		free(name.s);
		if (!ok)
			return false;
	}
	return true;
}

/* NAME and VERSION of a wheel or sdist file name; false for anything else */
static bool
splitfile(const char *file, char **name, char **version, bool *wheel)
{
	static const char *const sdist[] = { ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar", NULL };
	size_t n = strlen(file);
	char *base = NULL;

	*wheel = endswith(file, ".whl");
	if (*wheel) {
		const char *d1 = strchr(file, '-'), *d2 = d1 ? strchr(d1 + 1, '-') : NULL;
		if (!d1 || !d2)
			return false;
		*name = xstrndup(file, d1 - file);
		*version = xstrndup(d1 + 1, d2 - d1 - 1);
		return true;
	}
	for (const char *const *x = sdist; *x && !base; x++)
		if (endswith(file, *x))
			base = xstrndup(file, n - strlen(*x));
	char *dash = base ? strrchr(base, '-') : NULL;
	if (!dash || dash == base) {
		free(base);
		return false;
	}
	*name = xstrndup(base, dash - base);
	*version = xstrdup(dash + 1);
	free(base);
	return true;
}

/* the names requested at the top: every "req" line's, normalized */
static void
requested(const struct inputs *x, struct strlist *out)
{
	for (size_t i = 0; i < x->rs.lines.n; i++) {
		struct buf name = {0};
		if (strncmp(x->rs.lines.v[i], "req ", 4) == 0 && reqname(x->rs.lines.v[i] + 4, &name))
			strlistpush(out, name.s);
		else
			free(name.s);
	}
}

/* "file://" + PATH, percent-encoded where a URL needs it */
static char *
fileurl(const char *path)
{
	struct buf b = {0};

	bufputs(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~+", *p))
			bufputc(&b, *p);
		else
			bufprintf(&b, "%%%02X", *p);
	}
	return b.s;
}

/* the sha256 of the file at PATH; 0, or -1 after warn() */
static int
filesha(const char *path, char hex[65])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0 || (ret = hashfd(fd, hex)) < 0) {
		warn("read %s:", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return ret;
}

int
pipdownloadrun(struct buf *json, const struct env *e, const struct inputs *x, const char *dir)
{
	const char *label = envlabel(e);
	struct strlist argv = {0}, files = {0}, top = {0};
	json_t *root = NULL, *install;
	DIR *d = NULL;
	struct dirent *de;
	int ret = -1;

	strlistpush(&argv, pathjoin(e->dir, "bin/python"));
	strlistadd(&argv, "-m");
	strlistadd(&argv, "pip");
	strlistadd(&argv, "download");
	strlistadd(&argv, "--disable-pip-version-check");
	strlistadd(&argv, "--no-input");
	strlistadd(&argv, "-q");
	strlistadd(&argv, "-d");
	strlistadd(&argv, dir);
	backendpipargs(e, &argv);
	if (backendrun(&argv, label, PIPRUN_DOWNLOAD) < 0)
		goto out;
	if (!(d = opendir(dir))) {
		warn("%s: %s:", label, dir);
		goto out;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			strlistadd(&files, de->d_name);
	if (files.n)
		qsort(files.v, files.n, sizeof(*files.v), strlistcmp);
	requested(x, &top);
	root = json_object();
	install = json_array();
	json_object_set_new(root, "version", json_string("1"));
	json_object_set_new(root, "pip_version", json_string("download"));
	json_object_set_new(root, "install", install);
	for (size_t i = 0; i < files.n; i++) {
		char *name, *version, *path = pathjoin(dir, files.v[i]), hex[65];
		bool wheel;
		if (!splitfile(files.v[i], &name, &version, &wheel)) {
			warn("%s: pip download left %s, which is no wheel or source archive", label, path);
			free(path);
			goto out;
		}
		if (filesha(path, hex) < 0) {
			free(name);
			free(version);
			free(path);
			goto out;
		}
		struct buf canon = {0};
		depnormname(name, &canon);
		char *url = fileurl(path);
		json_t *item = json_object(), *meta = json_object(), *dl = json_object();
		json_object_set_new(meta, "name", json_string(name));
		json_object_set_new(meta, "version", json_string(version));
		json_object_set_new(dl, "url", json_string(url));
		json_object_set_new(dl, "archive_info", json_pack("{s:{s:s}}", "hashes", "sha256", hex));
		json_object_set_new(item, "metadata", meta);
		json_object_set_new(item, "download_info", dl);
		json_object_set_new(item, "is_direct", json_false());
		json_object_set_new(item, "requested", json_boolean(canon.s && strlistfind(&top, canon.s) >= 0));
		json_array_append_new(install, item);
		free(canon.s);
		free(url);
		free(name);
		free(version);
		free(path);
	}
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	bufputs(json, text);
	free(text);
	ret = 0;
out:
	if (d)
		closedir(d);
	json_decref(root);
	strlistclear(&argv);
	free(argv.v);
	strlistclear(&files);
	free(files.v);
	strlistclear(&top);
	free(top.v);
	return ret;
}
