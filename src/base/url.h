/* url.h: credentials in a URL's userinfo, split off, stripped or redacted as pip does. Pure. */
#include <stdbool.h>
#include <stddef.h>

/* URL with "user:****@" or "****@" for its userinfo, as pip's redact_auth_from_url; newly allocated */
char *urlredact(const char *url);
/* URL without its userinfo, as pip's remove_auth_from_url; newly allocated */
char *urlstripauth(const char *url);
/* percent-decoded *USER, *PASSWORD (NULL when absent) and *REST (the URL without them), newly allocated, any may be NULL; true when URL has a userinfo */
bool urlsplitauth(const char *url, char **user, char **password, char **rest);
/* N bytes at S percent-decoded as urllib's unquote_to_bytes ("%zz" stays), newly allocated, length in *LEN */
char *urlunquote(const char *s, size_t n, size_t *len);
/* text S with the userinfo of every URL in it taken out, or with REDACT shown as pip shows
 * it ("user:****@"); for what venvmk records and prints; newly allocated */
char *urlnoauth(const char *s, bool redact);
/* an S3 URL "s3://BUCKET[/PREFIX]" split: *BUCKET and *PREFIX (no '/' at its end, maybe "") newly
 * allocated, either may be NULL; returns NULL, or what is wrong with URL (then nothing is set).
 * Another scheme is no S3 URL: NULL, nothing set */
const char *urls3split(const char *url, char **bucket, char **prefix);
