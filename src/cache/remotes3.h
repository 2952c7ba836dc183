/* remotes3.h: a remote cache in an S3 bucket, "s3://BUCKET/PREFIX": its endpoint, and the options that make venvmk-fetch sign with AWS SigV4. */

struct buf;

/* true when REMOTE (a remote cache's URL) is "s3://..." */
bool remotes3(const char *remote);
/*
 * The HTTP prefix under which REMOTE keeps ac/ and cas/: for s3://BUCKET/PREFIX,
 * $AWS_ENDPOINT_URL_S3 (else $AWS_ENDPOINT_URL, else the profile's endpoint_url in
 * ~/.aws/config)/BUCKET/PREFIX, path style, or else
 * https://BUCKET.s3.REGION.amazonaws.com/PREFIX; any other URL as it is, without a trailing
 * '/'. Newly allocated.
 */
char *remotes3base(const char *remote);
/*
 * Append to IN venvmk-fetch's options for an S3 remote: "s3 REGION" ($AWS_REGION, else
 * $AWS_DEFAULT_REGION, else the profile's region, else us-east-1), and the credentials of
 * $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY and $AWS_SESSION_TOKEN when the first two are
 * set, else the profile's ($AWS_PROFILE, else "default"): aws_access_key_id,
 * aws_secret_access_key and aws_session_token of ~/.aws/credentials's [PROFILE], else of
 * ~/.aws/config's [profile PROFILE] (the files $AWS_SHARED_CREDENTIALS_FILE and
 * $AWS_CONFIG_FILE name instead). Without a key the requests go unsigned, for a bucket that
 * anyone may read.
 */
void remotes3options(struct buf *in);
