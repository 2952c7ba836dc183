/* remotes3.c: a remote cache in an S3 bucket ("s3://BUCKET/PREFIX"), in the same ac/ and cas/
 * layout as over plain HTTP.  Only the endpoint and the signing differ: the keys live under
 * the bucket's endpoint, and venvmk-fetch signs each request with libcurl's AWS SigV4, from
 * the standard AWS variables, else the profile's keys in the AWS CLI's shared files
 * (~/.aws/credentials, ~/.aws/config).  The credentials travel to it on its standard input,
 * as the bearer token does: never in argv, a file or a message. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "base/url.h"
#include "parse/ini.h"
#include "cache/remotes3.h"

bool
remotes3(const char *remote)
{
	return remote && strncmp(remote, "s3://", 5) == 0;
}

/* the value of the first of the variables A and B that is set and not empty, or NULL */
static const char *
envvar(const char *a, const char *b)
{
	const char *v = getenv(a);

	if ((!v || !*v) && b)
		v = getenv(b);
	return v && *v ? v : NULL;
}

/* the profile of the shared files: $AWS_PROFILE, else $AWS_DEFAULT_PROFILE, else "default" */
static const char *
profile(void)
{
	const char *p = envvar("AWS_PROFILE", "AWS_DEFAULT_PROFILE");

	return p ? p : "default";
}

/* $VAR, else ~/.aws/NAME (newly allocated), or NULL without a HOME */
static char *
awsfile(const char *var, const char *name)
{
	const char *v = envvar(var, NULL), *home = getenv("HOME");

	return v ? xstrdup(v) : home && *home ? xasprintf("%s/.aws/%s", home, name) : NULL;
}

/* KEY of section SECTION of the file PATH (inivalue), newly allocated or NULL; *SEEN as inivalue's */
static char *
filevalue(const char *path, const char *section, const char *key, bool *seen)
{
	struct buf b = {0};
	char *val = NULL;

	if (path && readfile(path, &b) == 0 && b.s)
		val = inivalue(b.s, b.len, section, key, seen);
	free(b.s);
	return val;
}

/* KEY of the profile in use: from the credentials file's [PROFILE] when CREDS, then from the
 * config file's [profile PROFILE] ([default] for "default"); newly allocated, or NULL. A
 * profile named but in neither file is told once. */
static char *
profilevalue(const char *key, bool creds)
{
	static bool told;
	const char *p = profile();
	char *cf = awsfile("AWS_SHARED_CREDENTIALS_FILE", "credentials"), *gf = awsfile("AWS_CONFIG_FILE", "config");
	char *sec = strcmp(p, "default") == 0 ? xstrdup("default") : xasprintf("profile %s", p), *v = NULL;
	bool seen = false;

	if (creds)
		v = filevalue(cf, p, key, &seen);
	if (!v)
		v = filevalue(gf, sec, key, &seen);
	if (!v && !creds)
		free(filevalue(cf, p, key, &seen));	/* only whether the profile is there */
	if (!seen && strcmp(p, "default") != 0 && !told) {
		warn("AWS profile '%s' is in neither %s nor %s", p, cf ? cf : "~/.aws/credentials", gf ? gf : "~/.aws/config");
		told = true;
	}
	free(cf);
	free(gf);
	free(sec);
	if (v && !*v) {
		free(v);
		v = NULL;
	}
	return v;
}

/* the region requests are signed for; one that could not be a region is told once, and not used */
static const char *
region(void)
{
	static bool told;
	static char *fromfile;
	const char *r = envvar("AWS_REGION", "AWS_DEFAULT_REGION");

	if (!r && (fromfile || (fromfile = profilevalue("region", false))))
		r = fromfile;
	if (!r)
		return "us-east-1";
	if (strspn(r, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(r)) {
		if (!told)
			warn("AWS region '%s' is no region's name: signing for us-east-1", r);
		told = true;
		return "us-east-1";
	}
	return r;
}

char *
remotes3base(const char *remote)
{
	char *bucket = NULL, *prefix = NULL, *out;
	const char *end;
	size_t n;

	if (!remotes3(remote) || urls3split(remote, &bucket, &prefix)) {
		n = strlen(remote);
		while (n > 0 && remote[n - 1] == '/')
			n--;
		return xstrndup(remote, n);
	}
	char *fileend = NULL;
	if ((end = envvar("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")) || (end = fileend = profilevalue("endpoint_url", false))) {
		/* a server of one's own (MinIO, a local test server): path style, as they expect */
		n = strlen(end);
		while (n > 0 && end[n - 1] == '/')
			n--;
		out = xasprintf("%.*s/%s%s%s", (int)n, end, bucket, *prefix ? "/" : "", prefix);
	} else if (strchr(bucket, '.')) {
		/* a dotted bucket's virtual host would not match the certificate's wildcard */
		out = xasprintf("https://s3.%s.amazonaws.com/%s%s%s", region(), bucket, *prefix ? "/" : "", prefix);
	} else {
		out = xasprintf("https://%s.s3.%s.amazonaws.com%s%s", bucket, region(), *prefix ? "/" : "", prefix);
	}
	free(fileend);
	free(bucket);
	free(prefix);
	return out;
}

void
remotes3options(struct buf *in)
{
	const char *key = envvar("AWS_ACCESS_KEY_ID", NULL), *secret = envvar("AWS_SECRET_ACCESS_KEY", NULL);
	const char *token = envvar("AWS_SESSION_TOKEN", NULL);
	char *f[3] = { NULL, NULL, NULL };

	bufprintf(in, "option\ts3\t%s\n", region());
	/* the variables first, both or neither; else the profile's keys (and its token only) */
	if (!key || !secret) {
		key = f[0] = profilevalue("aws_access_key_id", true);
		secret = f[1] = profilevalue("aws_secret_access_key", true);
		token = f[2] = key && secret ? profilevalue("aws_session_token", true) : NULL;
	}
	/* a value with a tab or newline would break the line it travels on: then none is sent */
	if (key && secret && !strpbrk(key, "\t\n") && !strpbrk(secret, "\t\n")) {
		bufprintf(in, "option\taws-key\t%s\noption\taws-secret\t%s\n", key, secret);
		if (token && !strpbrk(token, "\t\n"))
			bufprintf(in, "option\taws-token\t%s\n", token);
	}
	for (int i = 0; i < 3; i++)
		if (f[i]) {
			memset(f[i], 0, strlen(f[i]));
			free(f[i]);
		}
}
