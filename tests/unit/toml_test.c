/* toml_test.c: the TOML reader on small documents, valid and invalid, and its canonical form. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "check.h"

/* what the last failed parse printed (stderr goes to a file) */
static char errtext[1024];

static void
takeerr(void)
{
	size_t n;

	fflush(stderr);
	rewind(stderr);
	n = fread(errtext, 1, sizeof(errtext) - 1, stderr);
	errtext[n] = '\0';
	if (errtext[0] && errtext[strlen(errtext) - 1] == '\n')
		errtext[strlen(errtext) - 1] = '\0';
	rewind(stderr);
	if (ftruncate(fileno(stderr), 0) < 0)
		fatal("ftruncate:");
}

static struct toml *
parsen(const char *text, size_t len)
{
	struct toml *t = tomlparse(text, len, "t.toml");

	takeerr();
	return t;
}

static struct toml *
parse(const char *text)
{
	return parsen(text, strlen(text));
}

/* TEXT's canonical form, or "ERROR: message" */
static char *
canon(const char *text, size_t len)
{
	struct toml *t = parsen(text, len);
	struct buf b = {0};

	if (!t)
		return xasprintf("ERROR: %s", errtext);
	bufadd(&b, "", 0);
	tomlcanon(t, &b);
	deltoml(t);
	return b.s;
}

/* TEXT is valid and its canonical form is WANT */
static void
reads(const char *text, const char *want, const char *what)
{
	char *got = canon(text, strlen(text));

	CHECK(strcmp(got, want) == 0, "%s: %s", what, got);
	free(got);
}

/* TEXT is invalid, reported at t.toml:AT: (LINE:COL) */
static void
rejects(const char *text, const char *at, const char *what)
{
	struct toml *t = parse(text);
	char want[64];

	snprintf(want, sizeof(want), "t.toml:%s: ", at);
	CHECK(!t && strstr(errtext, want), "%s is an error at %s: %s", what, at, t ? "accepted" : errtext);
	deltoml(t);
}

static void
same(const char *a, const char *b, const char *what)
{
	char *x = canon(a, strlen(a)), *y = canon(b, strlen(b));

	CHECK(strcmp(x, y) == 0 && strncmp(x, "ERROR", 5) != 0, "same canon: %s (%s | %s)", what, x, y);
	free(x);
	free(y);
}

static void
differ(const char *a, const char *b, const char *what)
{
	char *x = canon(a, strlen(a)), *y = canon(b, strlen(b));

	CHECK(strcmp(x, y) != 0 && strncmp(x, "ERROR", 5) != 0 && strncmp(y, "ERROR", 5) != 0,
	    "different canon: %s (%s | %s)", what, x, y);
	free(x);
	free(y);
}

/* the string value of key "a" in TEXT is the LEN bytes WANT */
static void
str(const char *text, const char *want, size_t len, const char *what)
{
	struct toml *t = parse(text), *a = tomlget(t, "a");

	CHECK(a && a->type == TOML_STRING && a->len == len && !memcmp(a->s, want, len), "%s%s%s", what,
	    t ? "" : ": ", t ? "" : errtext);
	deltoml(t);
}

static void
strings(void)
{
	str("a = \"x\\b\\t\\n\\f\\r\\\"\\\\y\"", "x\b\t\n\f\r\"\\y", 9, "every short escape");
	str("a = \"\\u00e9\\U0001F600\\u0000\"", "\xc3\xa9\xf0\x9f\x98\x80", 7, "\\u and \\U escapes, NUL included");
	str("a = \"\\uD7FF\\uE000\\U0010FFFF\"", "\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf", 10, "the edges of the scalar values");
	str("a = 'C:\\new\\u00e9'", "C:\\new\\u00e9", 12, "a literal string has no escapes");
	str("a = \"tab\there é\"", "tab\there \xc3\xa9", 11, "a tab and UTF-8 as themselves");
	str("a = \"\"", "", 0, "an empty basic string");
	str("a = ''", "", 0, "an empty literal string");
	str("a = \"\"\"\"\"\"", "", 0, "an empty multi-line string");
	str("a = \"\"\"\nx\ny\"\"\"", "x\ny", 3, "the newline after \"\"\" is dropped");
	str("a = \"\"\"\r\nx\r\ny\"\"\"", "x\ny", 3, "CRLF reads as LF in a multi-line string");
	str("a = \"\"\"x \\\n   \n  y\"\"\"", "x y", 3, "a line-ending backslash eats the whitespace after it");
	str("a = \"\"\"x\\  \t\n  y\"\"\"", "xy", 2, "whitespace between the backslash and the newline");
	str("a = \"\"\"x\"\"\"\"", "x\"", 2, "one quote before the closing three");
	str("a = \"\"\"x\"\"\"\"\"", "x\"\"", 3, "two quotes before the closing three");
	str("a = \"\"\"\"\"x\"\"\"", "\"\"x", 3, "two quotes after the opening three");
	str("a = \"\"\"a\"b\"\"c\"\"\"", "a\"b\"\"c", 6, "quotes inside");
	str("a = '''\nC:\\x\n'it''s' '''", "C:\\x\n'it''s' ", 13, "a multi-line literal string");
	str("a = ''''x''''", "'x'", 3, "quotes at both ends of a multi-line literal");
	str("a = \"\"\"\\\"\"\"\"\"\"", "\"\"\"", 3, "an escaped quote then two");

	rejects("a = \"x", "1:7", "an unterminated string");
	rejects("a = \"x\ny\"", "1:7", "a newline in a one-line string");
	rejects("a = 'x\ny'", "1:7", "a newline in a literal string");
	rejects("a = \"\\q\"", "1:6", "an unknown escape");
	rejects("a = \"\\x41\"", "1:6", "\\x (TOML 1.1, not 1.0)");
	rejects("a = \"\\e\"", "1:6", "\\e (TOML 1.1, not 1.0)");
	rejects("a = \"\\u12\"", "1:6", "a short \\u");
	rejects("a = \"\\U0000004\"", "1:6", "a short \\U");
	rejects("a = \"\\uD800\"", "1:6", "a surrogate escape");
	rejects("a = \"\\U00110000\"", "1:6", "an escape past U+10FFFF");
	rejects("a = \"\\uXYZW\"", "1:6", "\\u without hex digits");
	rejects("a = \"\x01\"", "1:6", "a control character in a string");
	rejects("a = \"\x7f\"", "1:6", "DEL in a string");
	rejects("a = 'x\x1f'", "1:7", "a control character in a literal string");
	rejects("a = \"\"\"\x01\"\"\"", "1:8", "a control character in a multi-line string");
	rejects("a = '''x\ry'''", "1:9", "a bare CR in a multi-line literal");
	rejects("a = \"\"\"x\\ y\"\"\"", "1:9", "a backslash then a space, not at the end of the line");
	rejects("a = \"\"\"x\"\"\"\"\"\"", "1:14", "six quotes closing a multi-line string");
	rejects("a = \"\"\"x", "1:5", "an unterminated multi-line string");
	rejects("a = '''x\n\n", "1:5", "an unterminated multi-line literal");
}

static void
numbers(void)
{
	reads("a = 0\nb = +0\nc = -0\nd = 1_000\ne = -17", "{\"a\"=0,\"b\"=0,\"c\"=0,\"d\"=1000,\"e\"=-17}", "decimal integers");
	reads("a = 0xDEAD_beef\nb = 0o755\nc = 0b1101_0\nd = 0x00ff", "{\"a\"=3735928559,\"b\"=493,\"c\"=26,\"d\"=255}", "hex, octal and binary");
	reads("a = 9223372036854775807\nb = -9223372036854775808\nc = 0x7FFFFFFFFFFFFFFF",
	    "{\"a\"=9223372036854775807,\"b\"=-9223372036854775808,\"c\"=9223372036854775807}", "the 64-bit limits");
	reads("a = 1.0\nb = -0.0\nc = 1e10\nd = 1E-5\ne = 6.626e-34\nf = 224_617.445_991",
	    "{\"a\"=1.0,\"b\"=-0.0,\"c\"=1e+10,\"d\"=1e-05,\"e\"=6.626e-34,\"f\"=224617.445991}", "floats");
	reads("a = 0e0\nb = 1e007\nc = +1.5\nd = 0.1\ne = 1e400", "{\"a\"=0.0,\"b\"=1e+07,\"c\"=1.5,\"d\"=0.1,\"e\"=inf}",
	    "exponents, and a float too big for a double is inf");
	reads("a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan",
	    "{\"a\"=inf,\"b\"=inf,\"c\"=-inf,\"d\"=nan,\"e\"=nan,\"f\"=nan}", "inf and nan");
	reads("a = true\nb = false", "{\"a\"=true,\"b\"=false}", "booleans");

	struct toml *t = parse("i = -9223372036854775808\nf = 1.5\nb = true");
	CHECK(t && tomlget(t, "i")->i == INT64_MIN && tomlget(t, "f")->f == 1.5 && tomlget(t, "b")->b,
	    "values in the tree");
	deltoml(t);

	rejects("a = 01", "1:5", "a leading zero");
	rejects("a = -0_1", "1:6", "a leading zero after a sign");
	rejects("a = 00.5", "1:5", "a leading zero in a float");
	rejects("a = 1__0", "1:6", "a double underscore");
	rejects("a = _1", "1:5", "a leading underscore");
	rejects("a = 1_", "1:6", "a trailing underscore");
	rejects("a = 0x_1", "1:7", "an underscore after the prefix");
	rejects("a = +0x1", "1:7", "a sign on a hex integer");
	rejects("a = 0X1", "1:6", "an upper-case prefix");
	rejects("a = 0xg", "1:7", "a bad hex digit");
	rejects("a = 0b2", "1:7", "a bad binary digit");
	rejects("a = 0o8", "1:7", "a bad octal digit");
	rejects("a = 9223372036854775808", "1:5", "an integer past INT64_MAX");
	rejects("a = -9223372036854775809", "1:5", "an integer below INT64_MIN");
	rejects("a = 0x8000000000000000", "1:5", "a hex integer past INT64_MAX");
	rejects("a = 1e", "1:7", "an exponent without digits");
	rejects("a = 1.", "1:7", "a trailing dot");
	rejects("a = .1", "1:5", "a leading dot");
	rejects("a = 1.e1", "1:7", "a dot before the exponent");
	rejects("a = 1._0", "1:7", "an underscore after the dot");
	rejects("a = 1_.0", "1:6", "an underscore before the dot");
	rejects("a = 1e_1", "1:7", "an underscore in the exponent");
	rejects("a = 1.2.3", "1:8", "two dots");
	rejects("a = +-1", "1:6", "two signs");
	rejects("a = inf1", "1:5", "inf with more");
	rejects("a = Inf", "1:5", "Inf");
	rejects("a = NaN", "1:5", "NaN");
	rejects("a = True", "1:5", "True");
	rejects("a = 1 2", "1:7", "two values");
}

static void
dates(void)
{
	reads("a = 1979-05-27T07:32:00Z\nb = 1979-05-27t07:32:00z\nc = 1979-05-27 07:32:00-07:00",
	    "{\"a\"=1979-05-27T07:32:00Z,\"b\"=1979-05-27T07:32:00Z,\"c\"=1979-05-27T07:32:00-07:00}",
	    "offset date-times, any separator");
	reads("a = 1979-05-27T07:32:00.999999\nb = 1979-05-27\nc = 07:32:00\nd = 00:00:00.5",
	    "{\"a\"=1979-05-27T07:32:00.999999,\"b\"=1979-05-27,\"c\"=07:32:00,\"d\"=00:00:00.5}",
	    "local date-time, date and time");
	reads("a = 2000-02-29\nb = 2024-02-29\nc = 1999-12-31T23:59:60Z", "{\"a\"=2000-02-29,\"b\"=2024-02-29,\"c\"=1999-12-31T23:59:60Z}",
	    "leap days and a leap second");
	reads("a = 1979-05-27 # a date, then a comment", "{\"a\"=1979-05-27}", "a space after a date without a time");

	struct toml *t = parse("a = 1979-05-27 07:32:00.5z\nb = 07:32:00");
	CHECK(t && !strcmp(tomlget(t, "a")->s, "1979-05-27T07:32:00.5Z") && tomlget(t, "a")->type == TOML_DATETIME
	    && tomlget(t, "b")->type == TOML_TIME_LOCAL, "the text of a date-time has T and Z");
	deltoml(t);

	rejects("a = 2001-02-29", "1:13", "29 February in a common year");
	rejects("a = 1900-02-29", "1:13", "29 February in 1900");
	rejects("a = 2000-04-31", "1:13", "31 April");
	rejects("a = 2000-13-01", "1:10", "month 13");
	rejects("a = 2000-00-01", "1:10", "month 0");
	rejects("a = 2000-01-00", "1:13", "day 0");
	rejects("a = 24:00:00", "1:5", "hour 24");
	rejects("a = 12:60:00", "1:8", "minute 60");
	rejects("a = 12:00:61", "1:11", "second 61");
	rejects("a = 1979-05-27T07:32", "1:21", "no seconds");
	rejects("a = 1979-05-27T", "1:16", "a T without a time");
	rejects("a = 1979-05-27T07:32:00+7:00", "1:25", "a one-digit offset hour");
	rejects("a = 1979-05-27T07:32:00+07:60", "1:28", "offset minute 60");
	rejects("a = 07:32:00Z", "1:13", "a local time with an offset");
	rejects("a = 1979-5-27", "1:10", "a one-digit month");
	rejects("a = 1979-05-27T07:32:00.Z", "1:25", "a dot without digits");
	rejects("a = 10000-01-01", "1:10", "a five-digit year");
	rejects("a = 1979-05-27 07", "1:18", "a space then half a time");
}

static void
structure(void)
{
	reads("a = []\nb = [1, 'x', 2.0, [true], {c = 1}]", "{\"a\"=[],\"b\"=[1,\"x\",2.0,[true],{\"c\"=1}]}", "arrays of mixed types");
	reads("a = [\n  1, # one\n  # nothing\n  2,\n]\n", "{\"a\"=[1,2]}", "a multi-line array with comments and a trailing comma");
	reads("a = {}\nb = { x = 1, y.z = 'w' }", "{\"a\"={},\"b\"={\"x\"=1,\"y\"={\"z\"=\"w\"}}}", "inline tables with dotted keys");
	reads("a = { s = \"\"\"x\ny\"\"\", l = [1,\n2] }", "{\"a\"={\"l\"=[1,2],\"s\"=\"x\\u000Ay\"}}", "newlines inside the values of an inline table");
	reads("[a.b.c]\nx = 1\n[a]\ny = 2", "{\"a\"={\"b\"={\"c\"={\"x\"=1}},\"y\"=2}}", "a super-table after its sub-table");
	reads("[ a . \"b\" . 'c' ]", "{\"a\"={\"b\"={\"c\"={}}}}", "whitespace and quotes in a header");
	reads("[[p]]\nx = 1\n[[p]]\n[[p.q]]\ny = 2\n[p.r]\nz = 3",
	    "{\"p\"=[{\"x\"=1},{\"q\"=[{\"y\"=2}],\"r\"={\"z\"=3}}]}", "arrays of tables, nested under the last one");
	reads("[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
	    "{\"fruit\"={\"apple\"={\"color\"=\"red\",\"taste\"={\"sweet\"=true},\"texture\"={\"smooth\"=true}}}}",
	    "a header may add a sub-table to a table dotted keys made");
	reads("a.b = 1\na.c = 2\n[x]", "{\"a\"={\"b\"=1,\"c\"=2},\"x\"={}}", "dotted keys extend their own tables in one section");
	reads("[a.b.c]\n[a]\nb.d = 1", "{\"a\"={\"b\"={\"c\"={},\"d\"=1}}}", "dotted keys may extend a table a header only implied");
	reads("1234 = 1\n-_- = 2\ntrue = 3\ninf = 4\n3.14 = 5", "{\"-_-\"=2,\"1234\"=1,\"3\"={\"14\"=5},\"inf\"=4,\"true\"=3}",
	    "bare keys that look like values");
	reads("\"\" = 1\n'a.b' = 2\n\"\\u00e9\" = 3\n\"a\" . 'b' = 4", "{\"\"=1,\"a\"={\"b\"=4},\"a.b\"=2,\"é\"=3}", "quoted keys");
	reads("", "{}", "an empty document");
	reads("# only\n\n  # comments\t\n", "{}", "only comments");
	reads("\xef\xbb\xbf" "a = 1", "{\"a\"=1}", "a byte-order mark at the start");
	reads("a = 1\r\n[t]\r\nb = 2 # x\r\n", "{\"a\"=1,\"t\"={\"b\"=2}}", "CRLF line endings");
	reads("a = 1 # comment with \"quotes\" and é\t", "{\"a\"=1}", "a comment after a value");

	/* "\u0000" is a valid key: KEYS[k] is cut short, KLEN has the truth */
	struct toml *t = parse("\"\\u0000\" = 1\n\"\" = 2\n");
	CHECK(t && t->n == 2 && t->klen[0] == 1 && t->keys[0][0] == '\0' && tomlget(t, "")->i == 2,
	    "a NUL key is not the empty key");
	deltoml(t);

	rejects("a = [1 2]", "1:8", "array elements without a comma");
	rejects("a = [1,,2]", "1:8", "two commas");
	rejects("a = [,]", "1:6", "an array of only a comma");
	rejects("a = [1,\n2", "1:5", "an unterminated array");
	rejects("a = {b = 1,}", "1:11", "a trailing comma in an inline table");
	rejects("a = {b = 1\n}", "1:11", "a newline in an inline table");
	rejects("a = {b = 1 c = 2}", "1:12", "inline table pairs without a comma");
	rejects("a = {b = 1, b = 2}", "1:13", "a key twice in an inline table");
	rejects("a = {b = {c = 1}, b.d = 2}", "1:19", "dotted keys into an inline table inside one");
	rejects("a = {b.c = 1, b = 2}", "1:15", "redefining a table dotted keys made in an inline table");
	rejects("a = {b = 1}\na.c = 2", "2:1", "dotted keys extending an inline table");
	rejects("a = {b = 1}\n[a]", "2:2", "a header for an inline table");
	rejects("a = {b = {}}\n[a.b.c]", "2:2", "a header inside an inline table");
	rejects("a = [{}]\n[[a]]", "2:3", "[[a]] appending to a static array");
	rejects("a = []\n[a.b]", "2:2", "a header below a static array");
	rejects("a = 1\na = 2", "2:1", "a key twice");
	rejects("a = 1\n\"a\" = 2", "2:1", "a key twice, once quoted");
	rejects("'a' = 1\n\"a\" = 2", "2:1", "a key twice in two quotings");
	rejects("a = 1\na.b = 2", "2:1", "dotted keys below a value");
	rejects("[a]\n[a]", "2:2", "a table twice");
	rejects("[a]\nb = 1\n[a.b]", "3:4", "a header for a value");
	rejects("a = 1\n[a]", "2:2", "a header for a value");
	rejects("a.b = 1\n[a]", "2:2", "a header for a table dotted keys made");
	rejects("[x]\na.b = 1\n[x.a]", "3:4", "a header for a table dotted keys made in a section");
	rejects("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", "4:3", "dotted keys extending a header's table");
	rejects("[a]\nb.c = 1\n[d]\n[a.b]", "4:4", "dotted keys' table defined again later");
	rejects("[a]\n[[a]]", "2:3", "[[a]] after [a]");
	rejects("[[a]]\n[a]", "2:2", "[a] after [[a]]");
	rejects("[[a.b]]\n[a]\nb.c = 1", "3:1", "dotted keys into an array of tables");
	reads("[[a]]\na.b = 1", "{\"a\"=[{\"a\"={\"b\"=1}}]}", "dotted keys in the table of [[a]] start there");
	rejects("[]", "1:2", "an empty header");
	rejects("[a.]", "1:4", "a header ending in a dot");
	rejects("[.a]", "1:2", "a header starting with a dot");
	rejects("[a]]", "1:4", "an extra bracket");
	rejects("[[a]", "1:4", "an unclosed [[");
	rejects("[[a] ]", "1:4", "a space inside ]]");
	rejects("[ [a]]", "1:3", "a space inside [[");
	rejects("[a] b = 1", "1:5", "a key after a header on its line");
	rejects("= 1", "1:1", "no key");
	rejects("a = ", "1:5", "no value");
	rejects("a = # c", "1:5", "a comment for a value");
	rejects("a", "1:2", "a key alone");
	rejects("a = 1 b = 2", "1:7", "two pairs on a line");
	rejects("a..b = 1", "1:3", "an empty bare key between dots");
	rejects("a. = 1", "1:4", "a trailing dot in a key");
	rejects("\xc3\xa9 = 1", "1:1", "a bare key with a non-ASCII letter");
	rejects("\"\"\"a\"\"\" = 1", "1:3", "a multi-line string as a key");
	rejects("a = 1\n\xef\xbb\xbf" "b = 2", "2:1", "a byte-order mark after the start");
	rejects("a = 1 # \x7f", "1:9", "DEL in a comment");
	rejects("# \x01\na = 1", "1:3", "a control character in a comment");
	rejects("a = 1\rb = 2", "1:6", "a bare CR");
	rejects("a = 1 # x\r", "1:10", "a bare CR ending a comment");
	rejects("a = \"\xff\"", "1:6", "a byte that is never UTF-8");
	rejects("a = \"\xc0\xaf\"", "1:6", "an overlong UTF-8 sequence");
	rejects("a = \"\xed\xa0\x80\"", "1:6", "a surrogate in UTF-8");
	rejects("# \xf4\x90\x80\x80", "1:3", "UTF-8 past U+10FFFF");
	rejects("a = 'x'\n# \xe2\x82", "2:3", "a UTF-8 sequence cut short at the end");
	rejects("é = \"\xc3\xa9\" \xff", "1:9", "columns count characters, not bytes");
}

static void
limits(void)
{
	struct buf b = {0};
	char *c;

	bufputs(&b, "a = ");
	for (int i = 0; i < 300; i++)
		bufputc(&b, '[');
	c = canon(b.s, b.len);
	CHECK(strstr(c, "nested deeper than 256"), "300 nested arrays are too deep: %.60s", c);
	free(c);
	bufreset(&b);
	for (int i = 0; i < 300; i++)
		bufputs(&b, "a.");
	bufputs(&b, "a = 1");
	c = canon(b.s, b.len);
	CHECK(strstr(c, "nested deeper than 256"), "a key of 300 parts is too deep: %.60s", c);
	free(c);
	bufreset(&b);
	for (int i = 0; i < 200; i++)
		bufputs(&b, "a.");
	bufputs(&b, "a = [[{b = 1}]]");
	c = canon(b.s, b.len);
	CHECK(strncmp(c, "ERROR", 5) != 0, "200 levels are fine");
	free(c);
	free(b.s);

	/* a document is its bytes: a NUL is a control character, not the end */
	c = canon("a = 1\0b = 2", 11);
	CHECK(strstr(c, "t.toml:1:6: "), "a NUL byte in the document: %s", c);
	free(c);
	c = canon("a = \"\"\"\0\"\"\"", 11);
	CHECK(strstr(c, "t.toml:1:8: "), "a NUL byte in a multi-line string: %s", c);
	free(c);
	c = canon("a = 'x\0'", 8);
	CHECK(strstr(c, "t.toml:1:7: "), "a NUL byte in a literal string: %s", c);
	free(c);
}

static void
canonical(void)
{
	same("a = 1\nb = 2", "b = 2\na = 1", "key order");
	same("a = 1", "\"a\" = 1", "bare and quoted keys");
	same("\"a\" = 1", "'a' = 1", "basic and literal quoted keys");
	same("[t]\nx = 1\ny.z = 2", "t.x = 1\nt.y.z = 2", "a header and dotted keys");
	same("[t]\nx = 1", "t = { x = 1 }", "a header and an inline table");
	same("[[a]]\nx = 1\n[[a]]\nx = 2", "a = [{x = 1}, {x = 2}]", "an array of tables and an inline array");
	same("# head\na = 1 # one\n\n\n[b] # bee\n", "a=1\n[b]", "comments and blank lines");
	same("a = [1,2]", "a = [\n\t1,\n\t2, # two\n]", "a multi-line array");
	same("a = 16\nb = 100.0\nc = 1000", "a = 0x10\nb = 1e2\nc = 1_000", "number spellings");
	same("a = \"xé\\n\"", "a = \"x\\u00E9\\u000a\"", "escapes and raw UTF-8");
	same("a = 'C:\\x'", "a = \"C:\\\\x\"", "literal and basic strings");
	same("a = \"\"\"\nx\ny\"\"\"", "a = \"x\\ny\"", "multi-line and one-line strings");
	same("a = \"\"\"x\r\ny\"\"\"\r\n", "a = \"\"\"x\ny\"\"\"\n", "CRLF and LF");
	same("a = 1979-05-27T07:32:00Z", "a = 1979-05-27 07:32:00+00:00", "Z and +00:00, T and space");
	same("a = 07:32:00.500", "a = 07:32:00.5", "trailing zeros of a fraction");
	same("a = 07:32:00.000", "a = 07:32:00", "a fraction of zeros");
	same("a = inf\nb = nan", "a = +inf\nb = -nan", "signed specials");

	differ("a = 1", "a = 1.0", "an integer and a float");
	differ("a = 1", "a = \"1\"", "an integer and a string");
	differ("a = 1.0", "a = \"1.0\"", "a float and a string");
	differ("a = true", "a = \"true\"", "a boolean and a string");
	differ("a = 1979-05-27", "a = \"1979-05-27\"", "a date and a string");
	differ("a = 1979-05-27T00:00:00", "a = 1979-05-27", "a date-time and a date");
	differ("a = 1979-05-27T07:32:00Z", "a = 1979-05-27T07:32:00", "offset and local date-times");
	differ("a = 1979-05-27T07:32:00Z", "a = 1979-05-27T00:32:00-07:00", "another offset");
	differ("a = 07:32:00", "a = 07:32:01", "a second");
	differ("a = 0.0", "a = -0.0", "the sign of zero");
	differ("a = [1, 2]", "a = [2, 1]", "array order");
	differ("a = [[1], 2]", "a = [[1, 2]]", "array nesting");
	differ("a = {}", "a = []", "an empty table and an empty array");
	differ("[t]\nx = 1", "[t]\nx = 2", "a value in a table");
	differ("[t]\nx = 1", "[t]\ny = 1", "a key");
	differ("a.b = 1", "\"a.b\" = 1", "a dotted key and a quoted dot");
	differ("a = \"x\"", "a = \"x \"", "a space in a string");
	differ("a = \"\\u0000\"", "a = \"\"", "a NUL in a string");
	differ("\"\\u0000\" = 1", "\"\" = 1", "a NUL key");
	differ("a = 9223372036854775807", "a = 9223372036854775806", "the last digit of a big integer");
	differ("a = 0.1", "a = 0.10000000000000002", "the last bit of a float");

	/* the canonical form is TOML: read back as a value, it gives itself */
	const char *src = "b = [1.5, 'x\"\\\\\\u0001', {c = 1979-05-27}]\n[[d]]\n\"\\u0000\" = nan";
	char *c = canon(src, strlen(src)), *again, *doc;
	doc = xasprintf("x = %s", c);
	again = canon(doc, strlen(doc));
	free(doc);
	doc = xasprintf("{\"x\"=%s}", c);
	CHECK(!strcmp(again, doc), "the canonical form reads back: %s", again);
	free(c);
	free(again);
	free(doc);
}

static void
positions(void)
{
	struct toml *t = parse("# c\na = 1\n\n[t]\n  b = [ 'x',\n  {c = 2} ]\n[[u]]\n\"é\" = \"é\"\n");
	struct toml *b = tomlget(tomlget(t, "t"), "b");

	CHECK(t && tomlget(t, "a")->line == 2 && tomlget(t, "a")->col == 5, "a value's line and column");
	CHECK(t && tomlget(t, "t")->line == 4 && tomlget(t, "t")->col == 1, "a table's header");
	CHECK(b && b->line == 5 && b->col == 7 && b->vals[1]->line == 6 && b->vals[1]->col == 3, "array elements");
	CHECK(t && tomlget(t, "u")->vals[0]->line == 7, "an array of tables' table");
	CHECK(t && tomlget(tomlget(t, "u")->vals[0], "é")->col == 7, "columns count characters");
	CHECK(!tomlget(NULL, "a") && !tomlget(tomlget(t, "a"), "a") && !tomlget(t, "zz"), "tomlget of nothing");
	deltoml(t);
	deltoml(NULL);

	static const char *const names[] = { "table", "array", "string", "integer", "float", "bool", "datetime",
		"datetime-local", "date-local", "time-local" };
	int ok = 1;
	for (int i = TOML_TABLE; i <= TOML_TIME_LOCAL; i++)
		ok &= !strcmp(tomltypename(i), names[i]);
	CHECK(ok, "tomltypename spells the types as toml-test does");
}

int
main(void)
{
	char tmp[] = "/tmp/venvmk-unit-XXXXXX";

	if (!mkdtemp(tmp) || chdir(tmp) < 0)
		fatal("mkdtemp:");
	if (!freopen("stderr.txt", "w+", stderr))
		fatal("freopen:");
	strings();
	numbers();
	dates();
	structure();
	limits();
	canonical();
	positions();
	return check_done();
}
