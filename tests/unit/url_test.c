/* url_test.c: userinfo split off, stripped and redacted exactly as pip 23.2's
 * split_auth_netloc_from_url, remove_auth_from_url and redact_auth_from_url do (the table was
 * printed by pip itself; tests/oracle/url-redaction-matches-pip.sh compares thousands more live). */
#include <stdbool.h>
#include <string.h>
#include "base/util.h"
#include "base/url.h"
#include "check.h"

static const struct {
	const char *url, *redacted, *stripped, *user, *password;
} cases[] = {
	{"https://user:pass@example.com/simple/",
	 "https://user:****@example.com/simple/",
	 "https://example.com/simple/", "user", "pass"},
	{"https://accesstoken@example.com/simple/",
	 "https://****@example.com/simple/",
	 "https://example.com/simple/", "accesstoken", NULL},
	{"https://example.com/simple/",
	 "https://example.com/simple/",
	 "https://example.com/simple/", NULL, NULL},
	{"http://us%40er:p%40ss@host:8080/x",
	 "http://us%40er:****@host:8080/x",
	 "http://host:8080/x", "us@er", "p@ss"},
	{"https://u:p:q@h/",
	 "https://u:****@h/",
	 "https://h/", "u", "p:q"},
	{"https://a@b:c@d/p",
	 "https://a%40b:****@d/p",
	 "https://d/p", "a@b", "c"},
	{"https://user:@h/",
	 "https://user:****@h/",
	 "https://h/", "user", ""},
	{"https://:secret@h/",
	 "https://:****@h/",
	 "https://h/", "", "secret"},
	{"https://@h/",
	 "https://****@h/",
	 "https://h/", "", NULL},
	{"https://us er+x:pw@h/",
	 "https://us%20er%2Bx:****@h/",
	 "https://h/", "us er+x", "pw"},
	{"https://%C3%BC:x@h/",
	 "https://%C3%BC:****@h/",
	 "https://h/", "\303\274", "x"},
	{"https://%ff:x@h/",
	 "https://%EF%BF%BD:****@h/",
	 "https://h/", "\377", "x"},
	{"https://%zz:%@h/",
	 "https://%25zz:****@h/",
	 "https://h/", "%zz", "%"},
	{"HTTPS://U:P@H/Simple",
	 "https://U:****@H/Simple",
	 "https://H/Simple", "U", "P"},
	{"https://u:p@h/p?",
	 "https://u:****@h/p",
	 "https://h/p", "u", "p"},
	{"https://u:p@h/p#",
	 "https://u:****@h/p",
	 "https://h/p", "u", "p"},
	{"https://u:p@h?x@y#z@w",
	 "https://u:****@h?x@y#z@w",
	 "https://h?x@y#z@w", "u", "p"},
	{"https://u:p@[::1]:443/p",
	 "https://u:****@[::1]:443/p",
	 "https://[::1]:443/p", "u", "p"},
	{"  https://u:p@h/\011x",
	 "https://u:****@h/x",
	 "https://h/x", "u", "p"},
	{"git+https://u:p@h/r.git@v1#egg=x",
	 "git+https://u:****@h/r.git@v1#egg=x",
	 "git+https://h/r.git@v1#egg=x", "u", "p"},
	{"file:///tmp/x.whl",
	 "file:///tmp/x.whl",
	 "file:///tmp/x.whl", NULL, NULL},
	{"foo:bar",
	 "foo:bar",
	 "foo:bar", NULL, NULL},
	{"//u:p@h/p",
	 "//u:****@h/p",
	 "//h/p", "u", "p"},
	{"http:///p",
	 "http:///p",
	 "http:///p", NULL, NULL},
	{"http:p",
	 "http:///p",
	 "http:///p", NULL, NULL},
	{"mailto:u@h",
	 "mailto:u@h",
	 "mailto:u@h", NULL, NULL},
	{"1http://u:p@h/",
	 "1http://u:p@h/",
	 "1http://u:p@h/", NULL, NULL},
	{"https://~_.-/:z@h/",
	 "https://~_.-/:z@h/",
	 "https://~_.-/:z@h/", NULL, NULL},
};

static bool
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int
main(void)
{
	char *r, *s, *user, *password, *rest;
	size_t len;
	bool has;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		r = urlredact(cases[i].url);
		CHECK(strcmp(r, cases[i].redacted) == 0, "urlredact %s: %s", cases[i].url, r);
		s = urlstripauth(cases[i].url);
		CHECK(strcmp(s, cases[i].stripped) == 0, "urlstripauth %s: %s", cases[i].url, s);
		has = urlsplitauth(cases[i].url, &user, &password, &rest);
		CHECK(has == (cases[i].user != NULL) && same(user, cases[i].user) && same(password, cases[i].password) &&
		      strcmp(rest, s) == 0, "urlsplitauth %s: %s %s", cases[i].url,
		      user ? user : "(none)", password ? "(password)" : "(none)");
		free(r);
		free(s);
		free(user);
		free(password);
		free(rest);
	}
	has = urlsplitauth("https://u:p@h/", NULL, NULL, NULL);
	CHECK(has, "every output may be NULL");

	r = urlunquote("a%41%4a%zz%4", 12, &len);
	CHECK(strcmp(r, "aAJ%zz%4") == 0 && len == 8, "urlunquote leaves bad escapes alone: %s", r);
	free(r);
	r = urlunquote("x%00y", 5, &len);
	CHECK(len == 3 && r[1] == '\0' && r[2] == 'y', "urlunquote gives the length past a NUL");
	free(r);
	r = urlredact("https://%00%E2%82:p@h/");
	CHECK(strcmp(r, "https://%00%EF%BF%BD:****@h/") == 0, "a NUL and a truncated sequence: %s", r);
	free(r);

	/* s3://BUCKET/PREFIX: split, or what is wrong with it */
	static const struct { const char *url, *bucket, *prefix; } s3[] = {
		{"s3://venvmk-cache/team/py", "venvmk-cache", "team/py"},
		{"s3://abc", "abc", ""},
		{"s3://abc/", "abc", ""},
		{"s3://my.bucket.1/a/b~c_d-e.f/", "my.bucket.1", "a/b~c_d-e.f"},
		{"s3://AB/x", NULL, NULL}, {"s3://ab/x", NULL, NULL}, {"s3://-abc/x", NULL, NULL},
		{"s3://abc-/x", NULL, NULL}, {"s3:///x", NULL, NULL}, {"s3://abc/a//b", NULL, NULL},
		{"s3://abc/a/../b", NULL, NULL}, {"s3://abc/./b", NULL, NULL}, {"s3://abc/a b", NULL, NULL},
		{"s3://abc/a%20b", NULL, NULL}, {"s3://abc/a?b", NULL, NULL}, {"s3://u:p@abc/x", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof(s3) / sizeof(*s3); i++) {
		char *bucket = NULL, *prefix = NULL;
		const char *bad = urls3split(s3[i].url, &bucket, &prefix);
		CHECK(s3[i].bucket ? !bad && strcmp(bucket, s3[i].bucket) == 0 && strcmp(prefix, s3[i].prefix) == 0
		                   : bad && !bucket && !prefix,
		      "urls3split %s: %s %s %s", s3[i].url, bad ? bad : "ok", bucket ? bucket : "-", prefix ? prefix : "-");
		free(bucket);
		free(prefix);
	}
	CHECK(!urls3split("https://h/x", NULL, NULL) && !urls3split("s3x://a", NULL, NULL), "no S3 URL is no error");
	return check_done();
}
