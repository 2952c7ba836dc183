/* reqfile_test.c: the requirements-file reader on small inputs, errors included. */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "inputs/reqfile.h"
#include "check.h"

static void
put(const char *path, const char *text)
{
	char *dir = pathdir(path);
	if (*dir)
		mkdirs(dir, 0777);
	free(dir);
	if (writefileatomic(path, text, strlen(text)) < 0)
		fatal("write %s:", path);
}

/* read PATH; the lines joined by '|' into OUT; returns reqread's result */
static int
lines(const char *path, struct buf *out)
{
	struct reqset rs = {0};
	int ret = reqread(&rs, path, false, false, "test");

	bufreset(out);
	bufputs(out, "");
	for (size_t i = 0; i < rs.lines.n; i++)
		bufprintf(out, "%s%s", i ? "|" : "", rs.lines.v[i]);
	return ret;
}

static void
same(const char *a, const char *b, const char *what)
{
	struct buf x = {0}, y = {0};

	put("a.txt", a);
	lines("a.txt", &x);
	put("a.txt", b);
	lines("a.txt", &y);
	CHECK(strcmp(x.s, y.s) == 0, "%s: '%s' == '%s'", what, x.s, y.s);
}

static void
differ(const char *a, const char *b, const char *what)
{
	struct buf x = {0}, y = {0};

	put("a.txt", a);
	lines("a.txt", &x);
	put("a.txt", b);
	lines("a.txt", &y);
	CHECK(strcmp(x.s, y.s) != 0, "%s: '%s' != '%s'", what, x.s, y.s);
}

static void
reads(const char *text, const char *want, const char *what)
{
	struct buf x = {0};

	put("r.txt", text);
	int ret = lines("r.txt", &x);
	CHECK(ret == 0 && strcmp(x.s, want) == 0, "%s: got '%s'", what, x.s);
}

static void
rejects(const char *text, const char *what)
{
	struct buf x = {0};

	put("bad.txt", text);
	CHECK(lines("bad.txt", &x) < 0, "%s is an error", what);
}

int
main(void)
{
	char tmp[] = "/tmp/venvmk-unit-XXXXXX";

	if (!mkdtemp(tmp) || chdir(tmp) < 0)
		fatal("mkdtemp:");

	reads("foo==1.0\n", "req foo==1.0", "a pin");
	reads("\xef\xbb\xbf" "foo\r\nbar\r\n", "req foo|req bar", "BOM and CRLF");
	reads("foo\nbar", "req foo|req bar", "no final newline");
	reads("foo \\\n  ==1.0\n", "req foo==1.0", "a continuation joins its lines");
	reads("foo==1.0 \\\n", "req foo==1.0", "a backslash at the end of the file");
	reads("# c\n\n   \n\tfoo # note\n", "req foo", "comments and blank lines");
	reads("https://x/y.tar.gz#egg=y\n", "req https://x/y.tar.gz#egg=y", "#egg= is not a comment");
	reads("foo==1 \\\n --hash=sha256:bb \\\n --hash=sha256:aa\n",
	    "req foo==1 --hash=sha256:aa --hash=sha256:bb", "hashes sorted");
	reads("--no-index\n-f wheels\n--pre\n", "opt no-index|opt find-links wheels|opt pre", "option lines");
	reads("-e .\n", "editable .", "an editable");
	reads("foo ; python_version < \"3.8\"\n", "req foo;python_version<\"3.8\"", "marker spacing");
	setenv("VENVMK_UNIT_V", "2.0", 1);
	unsetenv("VENVMK_UNIT_UNSET");
	reads("foo==${VENVMK_UNIT_V}\nbar${VENVMK_UNIT_UNSET}\nbaz${lower}\n",
	    "req foo==2.0|req bar${VENVMK_UNIT_UNSET}|req baz${lower}", "${VAR} expansion");

	same("foo==1.0\nbar\n", "# header\nfoo == 1.0   # pinned\n\n  bar\n", "comment and spacing edits");
	same("foo\n", "foo\r\n", "CRLF");
	differ("foo==1.0\n", "foo==1.1\n", "a pin bump");
	differ("foo\n", "foo\nbar\n", "a line added");
	differ("--pre\nfoo\n", "foo\n", "an option removed");
	differ("foo[a]\n", "foo[b]\n", "extras");

	put("sub/base.txt", "alpha\n");
	put("top.txt", "-r sub/base.txt\n-c sub/c.txt\n");
	put("sub/c.txt", "-r base.txt\nalpha<2\n");
	struct reqset rs = {0};
	CHECK(reqread(&rs, "top.txt", false, false, "t") == 0, "nested includes read");
	CHECK(rs.files.n == 3, "three files, the diamond read once (%zu)", rs.files.n);
	CHECK(strlistfind(&rs.lines, "constraint alpha<2") >= 0, "a -c file's lines are constraints");

	rejects("-r bad.txt\n", "a self-include");
	put("cyc-b.txt", "-r bad.txt\n");
	rejects("-r cyc-b.txt\n", "a cycle");
	rejects("-r missing.txt\n", "a missing include");
	rejects("--frobnicate\n", "an unknown option");
	rejects("foo\n\xff\xfe\n", "invalid UTF-8");
	if (writefileatomic("bad.txt", "foo\0bar\n", 8) < 0)
		fatal("write:");
	struct buf nul = {0};
	CHECK(lines("bad.txt", &nul) < 0, "a NUL byte is an error");
	rejects("-r 'unclosed\n", "an unclosed quote");
	rejects("--index-url\n", "an option without its value");
	mkdir("adir", 0777);
	rejects("-r adir\n", "an include of a directory");

	struct reqset opt = {0};
	CHECK(reqread(&opt, "absent.txt", false, true, "t") == 0 && opt.absent.n == 1,
	    "an optional missing file is recorded as absent");

	char *n = reqnorm("  foo  >=  1.0 ;  sys_platform == \"linux  x\"  ");
	CHECK(strcmp(n, "foo>=1.0;sys_platform==\"linux  x\"") == 0, "reqnorm keeps quoted spaces: %s", n);
	return check_done();
}
