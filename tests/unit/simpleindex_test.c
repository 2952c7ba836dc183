/* simpleindex_test.c: what the index page reader (src/parse/simpleindex.c) takes from a page:
 * hashes, Requires-Python, yanked and its reason, PEP 658/714 metadata files (the new
 * core-metadata name before the old dist-info-metadata one, with or without a hash) and
 * PEP 700's upload-time, in PEP 503 HTML and PEP 691 JSON. */
#include <stdbool.h>
#include <string.h>
#include "base/util.h"
#include "parse/simpleindex.h"
#include "check.h"

#define H1 "e474b04ed6a9a0387e08fa91d5160c7cd7ba522a57399d9af1c0d7c08b9fdf5e"
#define H2 "1111111111111111111111111111111111111111111111111111111111111111"
#define H3 "2222222222222222222222222222222222222222222222222222222222222222"

static const char html[] =
	"<html><body>\n"
	"<a href=\"../../files/a-1.0-py3-none-any.whl#sha256=" H1 "\" data-requires-python=\"&gt;=3.8\""
	" data-core-metadata=\"sha256=" H2 "\">a-1.0-py3-none-any.whl</a>\n"
	"<a href=\"a-1.1-py3-none-any.whl\" data-dist-info-metadata=\"true\" data-yanked=\"broken &amp; bad\">x</a>\n"
	"<a href=\"a-1.2-py3-none-any.whl\" data-core-metadata=\"sha256=" H3 "\""
	" data-dist-info-metadata=\"sha256=" H2 "\" data-yanked>x</a>\n"
	"<a href=\"a-1.3.tar.gz\">x</a>\n"
	"</body></html>\n";

static const char json[] =
	"{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"a\",\"files\":["
	"{\"filename\":\"a-1.0-py3-none-any.whl\",\"url\":\"a-1.0-py3-none-any.whl\",\"hashes\":{\"sha256\":\"" H1 "\"},"
	"\"requires-python\":\">=3.8\",\"yanked\":false,\"core-metadata\":{\"sha256\":\"" H2 "\"},"
	"\"upload-time\":\"2024-01-02T03:04:05.123456Z\",\"size\":1234},"
	"{\"filename\":\"a-1.1-py3-none-any.whl\",\"url\":\"a-1.1-py3-none-any.whl\",\"hashes\":{},"
	"\"yanked\":\"broken\",\"dist-info-metadata\":true,\"upload-time\":\"2024-01-02T04:04:05+01:00\",\"size\":\"12\"},"
	"{\"filename\":\"a-1.2-py3-none-any.whl\",\"url\":\"a-1.2-py3-none-any.whl\",\"hashes\":{},"
	"\"upload-time\":\"2024-01-02\",\"size\":-3,"
	"\"yanked\":true,\"core-metadata\":false,\"dist-info-metadata\":{\"sha256\":\"" H2 "\"}}"
	"]}";

static void
checkhtml(void)
{
	struct simplefile *f;
	size_t n;
	const char *why;

	CHECK(simpleparse(html, strlen(html), "http://127.0.0.1:1/simple/a/", &f, &n, &why) == 0 && n == 4, "html: four files");
	CHECK(strcmp(f[0].url, "http://127.0.0.1:1/files/a-1.0-py3-none-any.whl") == 0, "html: the URL, joined");
	CHECK(strcmp(f[0].sha256, H1) == 0, "html: the file's hash from the fragment");
	CHECK(f[0].requirespython && strcmp(f[0].requirespython, ">=3.8") == 0, "html: data-requires-python, unescaped");
	CHECK(f[0].metadata && strcmp(f[0].metasha256, H2) == 0, "html: data-core-metadata with its hash");
	CHECK(!f[0].yanked && !f[0].yankedreason && !f[0].uploadtime, "html: not yanked, no upload time");
	CHECK(f[1].metadata && f[1].metasha256[0] == '\0', "html: data-dist-info-metadata=true, no hash");
	CHECK(f[1].yanked && f[1].yankedreason && strcmp(f[1].yankedreason, "broken & bad") == 0, "html: data-yanked's reason");
	CHECK(f[2].metadata && strcmp(f[2].metasha256, H3) == 0, "html: data-core-metadata before data-dist-info-metadata");
	CHECK(f[2].yanked && !f[2].yankedreason, "html: a bare data-yanked");
	CHECK(!f[3].metadata && f[3].metasha256[0] == '\0', "html: no metadata file");
	CHECK(f[0].size == -1 && f[3].size == -1, "html: no size");
	delsimplefiles(f, n);
}

static void
checkjson(void)
{
	struct simplefile *f;
	size_t n;
	const char *why;

	CHECK(simpleparse(json, strlen(json), "http://127.0.0.1:1/simple/a/", &f, &n, &why) == 0 && n == 3, "json: three files");
	CHECK(strcmp(f[0].sha256, H1) == 0 && f[0].requirespython, "json: hash and requires-python");
	CHECK(f[0].metadata && strcmp(f[0].metasha256, H2) == 0, "json: core-metadata with its hash");
	CHECK(f[0].uploadtime && strcmp(f[0].uploadtime, "2024-01-02T03:04:05.123456Z") == 0, "json: upload-time");
	CHECK(f[0].uploadus == 1704164645123456LL, "json: upload-time's instant");
	CHECK(f[0].size == 1234, "json: size");
	CHECK(f[1].uploadtime && strcmp(f[1].uploadtime, "2024-01-02T03:04:05Z") == 0, "json: an upload-time with an offset, in UTC");
	CHECK(f[1].size == -1 && f[2].size == -1, "json: a size that is not a count of bytes is none");
	CHECK(!f[2].uploadtime, "json: an upload-time that is not a date-time is none");
	CHECK(!f[0].yanked && !f[0].yankedreason, "json: yanked false");
	CHECK(f[1].metadata && f[1].metasha256[0] == '\0', "json: dist-info-metadata true");
	CHECK(f[1].yanked && f[1].yankedreason && strcmp(f[1].yankedreason, "broken") == 0, "json: yanked with a reason");
	CHECK(!f[2].metadata, "json: core-metadata false wins over dist-info-metadata");
	CHECK(f[2].yanked && !f[2].yankedreason, "json: yanked true");
	delsimplefiles(f, n);
}

int
main(void)
{
	checkhtml();
	checkjson();
	return check_done();
}
