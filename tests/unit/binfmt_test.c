/* binfmt_test.c: --only-binary and --no-binary lists combined, and the formats they allow, as
 * pip 23.0's FormatControl (handle_mutual_excludes, get_allowed_formats) does; the table was
 * printed by pip itself. */
#include <stdbool.h>
#include <string.h>
#include "base/util.h"
#include "inputs/binfmt.h"
#include "check.h"

static const char *const names[] = { "fa", "fb-c", "a", "b", "c", "x-y", "zz" };

/* each: the settings in order (ONLY: --only-binary, else --no-binary), then per name of NAMES
 * what may be installed: B both, w a wheel only, s an sdist only */
static const struct {
	struct { bool only; const char *value; } set[4];
	const char *allowed;
} cases[] = {
	{{{true, ":all:"}}, "wwwwwww"},
	{{{false, ":all:"}, {true, "fa"}}, "wssssss"},
	{{{true, "fa,Fb_c"}}, "wwBBBBB"},
	{{{false, ":all:"}, {true, ":none:"}, {true, "fa,fb"}}, "wssssss"},
	{{{true, "a,:all:,b"}}, "wwwwwww"},
	{{{true, "a,:all:,:none:,b"}}, "BBBwBBB"},
	{{{false, "a"}, {true, "a"}}, "BBwBBBB"},
	{{{true, ":all:"}, {false, "x.y"}}, "wwwwwsw"},
	{{{false, "a,b"}, {false, ":none:"}, {true, "c"}}, "BBBBwBB"},
	{{{true, ":all:,:none:"}}, "BBBBBBB"},
	{{{false, "x"}, {true, ":all:"}}, "wwwwwww"},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct binfmt f;
		char got[8] = {0};

		memset(&f, 0, sizeof(f));
		for (size_t k = 0; k < 4 && cases[i].set[k].value; k++) {
			if (cases[i].set[k].only)
				binfmtadd(&f.onlybin, &f.nobin, cases[i].set[k].value);
			else
				binfmtadd(&f.nobin, &f.onlybin, cases[i].set[k].value);
		}
		for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++) {
			bool w = binfmtallows(&f, names[n], true), s = binfmtallows(&f, names[n], false);
			got[n] = w && s ? 'B' : w ? 'w' : s ? 's' : '-';
		}
		CHECK(strcmp(got, cases[i].allowed) == 0, "case %zu: %s, pip: %s", i, got, cases[i].allowed);
		binfmtclear(&f);
	}
	return check_done();
}
