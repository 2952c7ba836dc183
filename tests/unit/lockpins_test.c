/* lockpins_test.c: the pins venvmk lock keeps of the lock it replaces (src/parse/lockpins.c):
 * venvmk's and pip-compile's requirements, pylock.toml, Pipfile.lock and uv.lock; what is not a pin
 * (a name PEP 508 refuses, a version PEP 440 refuses, a space or control in it) is not kept;
 * a lock that does not parse is an error. tests/oracle/lockpins-match-tomllib.sh holds the
 * pylock.toml side against tomllib and packaging. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/lockpins.h"
#include "check.h"

#define A64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B64 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* the pins of TEXT read as PATH, joined by spaces ("" for none, "error" on -1) */
static char *
pins(const char *text, const char *path, bool pylock)
{
	struct strlist l = {0};
	struct buf b = {0};

	bufputs(&b, "");
	if (lockpins(text, strlen(text), path, pylock, &l) < 0)
		bufputs(&b, "error");
	for (size_t i = 0; i < l.n; i++)
		bufprintf(&b, "%s%s", i ? " " : "", l.v[i]);
	strlistclear(&l);
	free(l.v);
	return b.s;
}

static void
expect(const char *text, const char *path, bool pylock, const char *want, const char *what)
{
	char *got = pins(text, path, pylock);

	CHECK(strcmp(got, want) == 0, "%s: [%s]", what, got);
	free(got);
}

static const char reqs[] =
	"#\n# venvmk-inputs: 0000\n#\n"
	"alpha==2.0 \\\n    --hash=sha256:921f397204cb9c4f4b2b1ad2910387f965fd426494858327159242a15224b2c3\n"
	"    # via -r requirements.in\n"
	"Beta_Pkg.Two==1.0rc1 ; python_version >= \"3.8\" \\\n    --hash=sha256:6d29\n"
	"gamma==3.0#comment\n"
	"zeta == 1.0\n"
	"--index-url http://127.0.0.1:1/simple\n"
	"    eta==1.0\n";

static const char pylock[] =
	"lock-version = \"1.0\"\ncreated-by = \"t\"\n"
	"[[packages]]\nname = \"Zope.Interface\"\nversion = \"6.0\"\n"
	"sdist = {url = \"https://127.0.0.1/z.tar.gz\", hashes = {sha256 = \"" A64 "\"}}\n"
	"[[packages]]\nname = \"noversion\"\ndirectory = {path = \"x\"}\n"
	"[[packages]]\nname = \"evil\"\nversion = \"1\\n-i http://127.0.0.1:1/\"\n"
	"sdist = {url = \"https://127.0.0.1/e.tar.gz\", hashes = {sha256 = \"" A64 "\"}}\n"
	"[[packages]]\nname = \"spaced\"\nversion = \" 2.0\"\n"
	"sdist = {url = \"https://127.0.0.1/s.tar.gz\", hashes = {sha256 = \"" A64 "\"}}\n";

static const char pipfilelock[] =
	"{\"_meta\": {\"hash\": {\"sha256\": \"00\"}, \"pipfile-spec\": 6, \"requires\": {}, \"sources\": []},"
	" \"default\": {\"Requests\": {\"hashes\": [\"sha256:" A64 "\"], \"version\": \"==2.31.0\"}},"
	" \"develop\": {\"pytest\": {\"hashes\": [\"sha256:" B64 "\"], \"version\": \"==8.0.0\"}}}";

static const char uvlock[] =
	"version = 1\nrequires-python = \">=3.8\"\n"
	"[[package]]\nname = \"Web_App\"\nversion = \"0.1\"\nsource = { editable = \".\" }\n"
	"dependencies = [{ name = \"d\" }]\n"
	"[[package]]\nname = \"d\"\nversion = \"2.0\"\nsource = { registry = \"https://127.0.0.1/simple\" }\n"
	"sdist = { url = \"https://127.0.0.1/d-2.0.tar.gz\", hash = \"sha256:" A64 "\", size = 10 }\n";

int
main(void)
{
	if (!freopen("/dev/null", "w", stderr))	/* the warnings of what is not kept */
		return 99;
	expect(reqs, "requirements.txt", false, "alpha==2.0 beta-pkg-two==1.0rc1 gamma==3.0",
	    "requirements: the name==version that begin lines, names normalized, markers and comments cut");
	expect("gamma[extra]==3.0\ndelta===4.0\nepsilon==not-a-version\n_x==1.0\nx-==1.0\nnaïve==1.0\nok==1\n",
	    "requirements.txt", false, "ok==1", "requirements: extras, ===, a bad version, bad names: not kept");
	/* found by fuzz_lockpins: versionparse trims \x1d (Python's space), a pin must not hold it */
	expect("o==1.0rc1\x1d\np==1.0\x7f\nq==1.0\r\nr==1.0\n", "requirements.txt", false, "r==1.0",
	    "requirements: a control in the version: not kept");
	expect("", "requirements.txt", false, "", "requirements: empty");
	expect(pylock, "pylock.toml", true, "zope-interface==6.0",
	    "pylock: the version given, normalized name; none, a newline or a space: not kept");
	expect("lock-version = \"1.0\"\n[[packages]\n", "pylock.toml", true, "error", "pylock: not TOML: an error");
	expect(pipfilelock, "Pipfile.lock", true, "requests==2.31.0 pytest==8.0.0", "Pipfile.lock: default and develop");
	expect("{", "Pipfile.lock", true, "error", "Pipfile.lock: not JSON: an error");
	expect(uvlock, "uv.lock", true, "web-app==0.1 d==2.0", "uv.lock: each package's version");
	return check_done();
}
