/*
 * fuzz_lockpins.c: libFuzzer target for the pins venvmk lock keeps of the lock it replaces
 * (src/parse/lockpins.c, and src/parse/lockdata.c's lockparse).
 * Input: a lock's bytes, read four ways: as hash-checking requirements, as a pylock.toml,
 * a Pipfile.lock and a uv.lock.
 * Checks: not crashing; every pin is "canon==version", canon a PEP 503 normalized project
 * name and version one PEP 440 parses, with no space or control character in it (a pin is
 * a line of pip's constraints file); no more pins than lines (requirements) or packages;
 * reading twice gives the same pins.
 */
#include "fuzz.h"
#include "pep/version.h"
#include "parse/lockdata.h"
#include "parse/lockpins.h"

/* is PIN "canon==version" as lockpins promises? */
static bool
pinok(const char *pin)
{
	const char *eq = strstr(pin, "=="), *v;
	struct version pv;
	const char *why;

	if (!eq || eq == pin || eq[-1] == '-' || pin[0] == '-')
		return false;
	for (const char *p = pin; p < eq; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p == '-' && p[1] != '-')))
			return false;
	v = eq + 2;
	if (!*v)
		return false;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	if (versionparse(&pv, v, &why) < 0)
		return false;
	versionclear(&pv);
	return true;
}

/* the pins of TEXT read as the lock PATH (PYLOCK: by lockparse) twice, checked; how many */
static size_t
check(const char *text, size_t len, const char *path, bool pylock)
{
	struct strlist a = {0}, b = {0};
	int ra = lockpins(text, len, path, pylock, &a), rb = lockpins(text, len, path, pylock, &b);

	if (ra != rb || a.n != b.n || (ra < 0 && a.n))
		abort();
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.v[i], b.v[i]) != 0 || !pinok(a.v[i]))
			abort();
	size_t n = a.n;
	strlistclear(&a);
	strlistclear(&b);
	free(a.v);
	free(b.v);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	size_t lines = 1;
	struct lock lk;

	fuzz_quiet();
	text = fuzz_text(data, size);
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	if (check(text, size, "requirements.txt", false) > lines)
		abort();
	if (lockparse(&lk, text, size, "pylock.toml", NULL) == 0 && check(text, size, "pylock.toml", true) > lk.n)
		abort();
	lockclear(&lk);
	if (lockparse(&lk, text, size, "Pipfile.lock", NULL) == 0 && check(text, size, "Pipfile.lock", true) > lk.n)
		abort();
	lockclear(&lk);
	if (lockparse(&lk, text, size, "uv.lock", NULL) == 0 && check(text, size, "uv.lock", true) > lk.n)
		abort();
	lockclear(&lk);
	free(text);
	return 0;
}
