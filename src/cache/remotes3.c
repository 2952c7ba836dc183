/* remotes3.c: a remote cache in an S3 bucket ("s3://BUCKET/PREFIX"), in the same ac/ and cas/
 * layout as over plain HTTP.  Only the endpoint and the signing differ: the keys live under
 * the bucket's endpoint, and venvmk-fetch signs each request with libcurl's AWS SigV4, from
 * the standard AWS variables.  The credentials travel to it on its standard input, as the
 * bearer token does: never in argv, a file or a message. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "base/url.h"
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

/* the region requests are signed for; one that could not be a region is told once, and not used */
static const char *
region(void)
{
	static bool told;
	const char *r = envvar("AWS_REGION", "AWS_DEFAULT_REGION");

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
	if ((end = envvar("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"))) {
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
	free(bucket);
	free(prefix);
	return out;
}

void
remotes3options(struct buf *in)
{
	const char *key = envvar("AWS_ACCESS_KEY_ID", NULL), *secret = envvar("AWS_SECRET_ACCESS_KEY", NULL);
	const char *token = envvar("AWS_SESSION_TOKEN", NULL);

	bufprintf(in, "option\ts3\t%s\n", region());
	/* a value with a tab or newline would break the line it travels on: then none is sent */
	if (!key || !secret || strpbrk(key, "\t\n") || strpbrk(secret, "\t\n"))
		return;
	bufprintf(in, "option\taws-key\t%s\noption\taws-secret\t%s\n", key, secret);
	if (token && !strpbrk(token, "\t\n"))
		bufprintf(in, "option\taws-token\t%s\n", token);
}
