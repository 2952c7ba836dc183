/* lockin_test.c: the record of a lock's inputs (src/parse/lockin.c): read into its lines as
 * sync/lockfresh.c writes it, odd lines ignored, and written back to the same text. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/lockin.h"
#include "check.h"

static const char record[] =
	"decl 0f3a\n"
	"track PIP_INDEX_URL=http://127.0.0.1:8080/simple\n"
	"track VENV_EXTRA\n"
	"file 2049:13:23:1765140000.123456789:1765140000.123456789\t/p/requirements.in\n"
	"file 2049:14:41:1765140010.000000001:1765140010.000000001\t/p/a\tb/pylock.toml\n";

int
main(void)
{
	struct lockin rec, again;
	char *text;

	lockinparse(&rec, record);
	CHECK(rec.decl && strcmp(rec.decl, "0f3a") == 0, "the declaration's hash");
	CHECK(rec.n == 4, "four lines: two tracked variables, two files");
	CHECK(rec.v[1].track && strcmp(rec.v[1].track, "VENV_EXTRA") == 0 && !rec.v[1].key, "a tracked variable unset");
	CHECK(!rec.v[2].track && strcmp(rec.v[2].key, "2049:13:23:1765140000.123456789:1765140000.123456789") == 0
	    && strcmp(rec.v[2].path, "/p/requirements.in") == 0, "a file: its stat key and its path");
	CHECK(strcmp(rec.v[3].path, "/p/a\tb/pylock.toml") == 0, "a path with a tab: the key ends at the first");
	text = lockinformat(&rec);
	CHECK(strcmp(text, record) == 0, "written back, the same text");
	free(text);
	lockinclear(&rec);

	lockinparse(&rec, "track A=1\ndecl 0f3a\nfile nokey\nnote x\nfile k\t\n");
	CHECK(!rec.decl, "no declaration unless the first line is one");
	CHECK(rec.n == 2 && strcmp(rec.v[0].track, "A=1") == 0 && strcmp(rec.v[1].key, "k") == 0
	    && strcmp(rec.v[1].path, "") == 0, "a file line without a tab and other lines: ignored");
	text = lockinformat(&rec);
	lockinparse(&again, text);
	CHECK(strcmp(text, "track A=1\nfile k\t\n") == 0 && again.n == 2 && !again.decl, "written without a declaration");
	free(text);
	lockinclear(&again);
	lockinclear(&rec);

	lockinparse(&rec, "decl 0f3a");
	CHECK(!rec.decl && rec.n == 0, "a declaration with no newline after it: none");
	lockinclear(&rec);
	lockinclear(NULL);
	return check_done();
}
