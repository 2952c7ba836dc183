/* provsdist.c: the provider's metadata of a candidate that is an sdist: its PKG-INFO when
 * that is static (PEP 643), else what pip's build says through the hook the pip layer sets
 * (struct sync's sdistmeta); fetched verified by its hash, and kept in the cache by it. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "base/util.h"
#include "base/url.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "inputs/netconf.h"
#include "cache/fetchclient.h"
#include "cache/cache.h"
#include "parse/sdist.h"
#include "parse/coremeta.h"
#include "pep/tags.h"
#include "pep/marker.h"
#include "solve/solver.h"
#include "resolve/provider.h"
#include "resolve/provpriv.h"

/* the cache file of C's metadata: PKG-INFO by the sdist's hash; pip's also by the interpreter (a build may depend on it) */
static char *
sdistcache(const struct provider *p, const struct pcand *c, bool built)
{
	const struct interp *in = &p->s->x->in;

	if (!c->sha256[0])
		return NULL;
	if (!built)
		return xasprintf("%s/metadata/sdist-%s", p->s->cache, c->sha256);
	return xasprintf("%s/metadata/sdist-%s-%s-%s-%s", p->s->cache, c->sha256, in->implname ? in->implname : "py",
	    in->version ? in->version : "0", in->platform ? in->platform : "any");
}

/* the text of the cache file of C (BUILT: pip's), or NULL */
static char *
sdistcached(const struct provider *p, const struct pcand *c, bool built)
{
	char *mc = sdistcache(p, c, built);
	struct buf b = {0};

	if (mc && readfile(mc, &b) == 0 && b.s) {
		free(mc);
		return b.s;
	}
	free(b.s);
	free(mc);
	return NULL;
}

static void
sdistkeep(const struct provider *p, const struct pcand *c, bool built, const char *text)
{
	char *mc = sdistcache(p, c, built), *dir = mc ? pathdir(mc) : NULL;

	if (mc && mkdirs(dir, 0777) == 0)
		writefileatomic(mc, text, strlen(text));	/* only a cache: a failure is no error */
	free(dir);
	free(mc);
}

/* C's sdist as a local file: its find-links path, or fetched verified by its hash into the sync's tmp; NULL when it cannot be had */
static char *
sdistfile(struct provider *p, struct pcand *c)
{
	if (c->path)
		return xstrdup(c->path);
	if (!c->sha256[0] || (!p->s->tmp && !(p->s->tmp = cachetmpdir(p->s->cache))))
		return NULL;
	struct dlitem it = { c->url, NULL, -1, c->filename, NULL };
	char *hash = xasprintf("sha256=%s", c->sha256), *path;
	it.hash = hash;
	p->requests++;
	int got = provfetch(p, &it, 1);
	path = it.path;
	if (got < 0) {
		free(path);
		path = NULL;
	}
	free(hash);
	return path;
}

/* why C's PKG-INFO at PATH cannot stand for its metadata, or NULL with *TEXT set */
static const char *
sdiststatic(const char *path, const struct pcand *c, char **text)
{
	struct buf gz = {0}, info = {0};
	struct coremeta m;
	const char *why = NULL;

	*text = NULL;
	if (!endswith(c->filename, ".tar.gz"))
		return "its sdist is no .tar.gz";
	if (readfile(path, &gz) < 0)
		return "its sdist could not be read";
	if (sdistpkginfo(gz.s ? gz.s : "", gz.len, &info, &why) < 0) {
		free(gz.s);
		return why;
	}
	free(gz.s);
	if (coremetaparse(&m, info.s ? info.s : "", info.len) < 0)
		why = "its PKG-INFO names no name and version";
	else
		why = coremetadynamic(&m);
	coremetaclear(&m);
	if (!why)
		*text = info.s ? info.s : xstrdup("");
	else
		free(info.s);
	return why;
}

int
provsdistmeta(struct provider *p, struct pcand *c)
{
	const char *label = envlabel(p->s->e), *why;
	char *path, *text = NULL;
	bool verbose = p->s->verbose;
	int asked = -1;

	if ((c->metatext = sdistcached(p, c, false)) || (c->metatext = sdistcached(p, c, true)))
		return 0;
	if (!(path = sdistfile(p, c)) || p->final) {
		free(path);
		if (p->final)
			return -1;
		free(p->why);
		p->why = xasprintf("%s %s: its sdist could not be had (or the index gives no hash)", c->name, c->version);
		return -1;
	}
	if (!(why = sdiststatic(path, c, &text))) {
		if (verbose)
			note("%s: %s %s: metadata from its sdist's PKG-INFO (static, PEP 643)", label, c->name, c->version);
		sdistkeep(p, c, false, text);
		c->metatext = text;
	} else if (p->s->sdistmeta && (asked = p->s->sdistmeta(p->s, path, &text)) == 0) {
		if (verbose)
			note("%s: %s %s: metadata from pip (%s)", label, c->name, c->version, why);
		sdistkeep(p, c, true, text);
		c->metatext = text;
	} else if (asked == -2) {
		char *m = xasprintf("%s %s: pip could not tell its sdist's metadata (above), and would fail the same way resolving it all",
		    c->name, c->version);
		provfinal(p, m);
		free(m);
	} else {
		free(p->why);
		p->why = xasprintf("%s %s has no wheel for this interpreter, and %s: pip builds it", c->name, c->version, why);
	}
	free(path);
	return c->metatext ? 0 : -1;
}
