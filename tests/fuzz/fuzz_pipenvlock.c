/*
 * fuzz_pipenvlock.c: libFuzzer target for the Pipfile.lock writer (src/resolve/pipenvlock.c) and the Pipfile's _meta it copies (src/parse/pipfilelock.c's pipfilemeta).
 * Input: the bytes of a Pipfile.
 * Checks: not crashing; a Pipfile whose _meta reads gives a Pipfile.lock that is JSON with a
 * _meta and the package locked, and that venvmk's own Pipfile.lock reader takes back; the
 * same Pipfile gives the same bytes twice. The input's first line is the package's
 * Requires-Python too: the "markers" made of it must be a marker venvmk parses. Written
 * again with [packages] naming alpha and [dev-packages] beta (which alpha needs, as
 * sync/lockpipenv.c's roots give them): both sections hold beta, only default alpha.
 */
#include "fuzz.h"
#include <jansson.h>
#include "parse/lockdata.h"
#include "parse/pipfilelock.h"
#include "pep/marker.h"
#include "resolve/lockwrite.h"
#include "resolve/pipenvlock.h"

/* the resolution of alpha (which needs beta) and beta written under the Pipfile TEXT's _meta,
 * its sections split by the roots when SPLIT; NULL when TEXT has no _meta */
static char *
write1(const char *text, size_t len, bool split)
{
	char hex[65], name[] = "alpha", version[] = "1.0", index[] = "https://example.invalid/simple/";
	struct buf req = {0}, src = {0};
	char fname[] = "alpha-1.0-py3-none-any.whl", url[] = "https://example.invalid/files/alpha-1.0-py3-none-any.whl";
	struct lwfile f = { fname, url, NULL, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 4, NULL };
	char *rp = strndup(text, strcspn(text, "\n"));
	char bname[] = "beta", *alphadeps[] = { bname }, *defv[] = { name }, *devv[] = { bname };
	struct lwpkg p[2] = { { name, name, version, index, rp, { alphadeps, 1, 1 }, {0}, &f, 1 },
	    { bname, bname, version, index, NULL, {0}, {0}, &f, 1 } };
	struct lwlock lk = { NULL, {0}, NULL, NULL, NULL, p, 2 };
	struct strlist def = { defv, 1, 1 }, dev = { devv, 1, 1 };
	char *out = NULL;

	if (pipfilemeta(text, len, "Pipfile", hex, &req, &src) == 0) {
		struct pipenvmeta m = {0};
		snprintf(m.hash, sizeof(m.hash), "%s", hex);
		m.requires = req.s ? req.s : "{}";
		m.sources = src.s ? src.s : "[]";
		m.defroots = split ? &def : NULL;
		m.devroots = split ? &dev : NULL;
		out = pipenvlockwrite(&lk, &m);
	}
	free(req.s);
	free(src.s);
	free(rp);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *out = write1(text, size, false), *again;

	if (out) {
		json_error_t err;
		json_t *j = json_loads(out, 0, &err);
		if (!j || !json_object_get(j, "_meta") || !json_object_get(json_object_get(j, "default"), "alpha"))
			abort();	/* not the JSON it must be */
		const char *mk = json_string_value(json_object_get(json_object_get(json_object_get(j, "default"), "alpha"), "markers"));
		struct marker *m = NULL;
		const char *why;
		if (mk && markerparse(&m, mk, &why) < 0)
			abort();	/* a marker no reader takes */
		delmarker(m);
		json_decref(j);
		struct lock lk = {0};
		struct buf canon = {0};
		lk.path = xstrdup("Pipfile.lock");
		if (pipfilelockparse(&lk, out, strlen(out), "Pipfile.lock", &canon) < 0)
			abort();	/* venvmk's reader refuses what its writer wrote */
		lockclear(&lk);
		free(canon.s);
		again = write1(text, size, false);
		if (!again || strcmp(out, again) != 0)
			abort();	/* not deterministic */
		free(again);
		again = write1(text, size, true);
		json_t *k = again ? json_loads(again, 0, &err) : NULL, *d = json_object_get(k, "default"), *v = json_object_get(k, "develop");
		if (!json_object_get(d, "alpha") || !json_object_get(d, "beta") || json_object_get(v, "alpha")
		    || !json_object_get(v, "beta"))
			abort();	/* not the sections the roots give */
		json_decref(k);
		free(again);
	}
	free(out);
	free(text);
	return 0;
}
