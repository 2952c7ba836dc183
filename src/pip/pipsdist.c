/* pipsdist.c: pip as the metadata source of one sdist whose dependencies are dynamic (a
 * dry run of that file alone, --no-deps, in a scratch env with pip made once a sync), so
 * venvmk's resolver keeps the rest of the resolution. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/statedir.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "cache/cache.h"
#include "env/native.h"
#include "pip/backend.h"
#include "pip/pipsdist.h"

/* the requirement files' options a build needs (where its build requirements come from) as pip arguments into ARGV */
static void
indexargs(const struct sync *s, struct strlist *argv)
{
	static const char *const keep[] = { "index-url", "extra-index-url", "find-links", "no-index", "trusted-host", "pre" };

	for (size_t i = 0; i < s->x->rs.lines.n; i++) {
		const char *l = s->x->rs.lines.v[i];
		if (strncmp(l, "opt ", 4) != 0)
			continue;
		size_t kn = strcspn(l + 4, " ");
		for (size_t k = 0; k < sizeof(keep) / sizeof(*keep); k++)
			if (strlen(keep[k]) == kn && strncmp(l + 4, keep[k], kn) == 0) {
				strlistpush(argv, xasprintf("--%.*s", (int)kn, l + 4));
				if (l[4 + kn])
					strlistadd(argv, l + 5 + kn);
			}
	}
}

/* the strings of the JSON array A as "KEY: VALUE" lines into B */
static void
fieldlines(struct buf *b, const char *key, json_t *a)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_is_string(v))
			bufprintf(b, "%s: %s\n", key, json_string_value(v));
}

/* the metadata of the one dist of pip's report TEXT as core metadata (METADATA's header block); NULL if it has none */
static char *
reportmeta(const char *text)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err), *it, *m;
	struct buf b = {0};
	const char *name, *version;

	it = json_array_get(json_object_get(root, "install"), 0);
	m = json_object_get(it, "metadata");
	name = json_string_value(json_object_get(m, "name"));
	version = json_string_value(json_object_get(m, "version"));
	if (name && version) {
		const char *rp = json_string_value(json_object_get(m, "requires_python"));
		bufprintf(&b, "Metadata-Version: 2.1\nName: %s\nVersion: %s\n", name, version);
		if (rp)
			bufprintf(&b, "Requires-Python: %s\n", rp);
		fieldlines(&b, "Requires-Dist", json_object_get(m, "requires_dist"));
		fieldlines(&b, "Provides-Extra", json_object_get(m, "provides_extra"));
		bufputc(&b, '\n');
	}
	json_decref(root);
	return b.s;
}

/* the scratch env with pip that S's sdists are asked in, made on first use in S's tmp: its dir, or NULL after warn() */
static char *
scratchenv(struct sync *s)
{
	char *dir, *py, *state;
	struct env se = *s->e;
	struct sync ss = *s;
	int ret;

	if (!s->tmp && !(s->tmp = cachetmpdir(s->cache)))
		return NULL;
	dir = pathjoin(s->tmp, "sdistpip");
	py = pathjoin(dir, "bin/python");
	if (access(py, X_OK) == 0) {
		free(py);
		return dir;
	}
	free(py);
	state = statedirof(dir);
	se.dir = dir;
	se.label = envlabel(s->e);
	se.pip = true;
	ss.e = &se;
	ss.tmp = NULL;
	ret = mkdirs(dir, 0777) < 0 || mkdirs(state, 0777) < 0 ? -1 : nativecreate(&ss);
	if (ret < 0)
		warn("%s: no scratch env to ask pip for an sdist's metadata in", envlabel(s->e));
	if (ss.tmp) {
		removetree(ss.tmp);
		free(ss.tmp);
	}
	free(state);
	if (ret < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

int
pipsdistmeta(struct sync *s, const char *sdist, char **text)
{
	const char *label = envlabel(s->e);
	static unsigned n;
	struct strlist argv = {0};
	struct buf out = {0};
	char *dir = scratchenv(s), *report = NULL;
	struct env se = *s->e;
	int ret = -1;

	*text = NULL;
	if (!dir)
		return -1;
	se.dir = dir;
	report = xasprintf("%s/sdistpip-%u.json", s->tmp, n++);
	backendpipcmd(&se, &argv, true);
	strlistadd(&argv, "--dry-run");
	strlistadd(&argv, "--no-deps");
	strlistadd(&argv, "--ignore-installed");
	strlistadd(&argv, "--report");
	strlistadd(&argv, report);
	/* what the build needs: the env's pip-args (an index, --no-build-isolation) and the files' index options */
	for (size_t i = 0; i < s->e->pipargs.n; i++)
		strlistadd(&argv, s->e->pipargs.v[i]);
	indexargs(s, &argv);
	strlistadd(&argv, sdist);
	if (backendrun(&argv, label, PIPRUN_DRYRUN) < 0) {
		ret = -2;	/* pip said why: a resolution by pip would fail on it too */
	} else {
		if (readfile(report, &out) < 0)
			warn("%s: read %s:", label, report);
		else if (!(*text = reportmeta(out.s ? out.s : "")))
			warn("%s: %s: pip's report names no metadata", label, report);
		else
			ret = 0;
	}
	free(out.s);
	free(report);
	free(dir);
	strlistclear(&argv);
	free(argv.v);
	return ret;
}
