/* url.c: a URL's userinfo as pip sees it.  pip splits and rebuilds URLs with Python 3.11's
 * urllib.parse.urlsplit and urlunsplit; doing the same here makes every URL venvmk prints
 * read exactly as pip would print it. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "base/url.h"

struct urlparts {
	struct buf scheme, netloc, path, query, fragment;
};

/* urllib.parse.uses_netloc: these schemes get "//" back even with an empty netloc */
static const char *usesnetloc[] = {
	"ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https",
	"shttp", "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh",
	"sftp", "nfs", "git", "git+ssh", "ws", "wss",
};

static const char *
str(const struct buf *b)
{
	return b->s ? b->s : "";
}

static bool
isalpha_ascii(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
isschemechar(int c)
{
	return isalpha_ascii(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static void
urlsplit(const char *url, struct urlparts *p)
{
	struct buf u = {0};
	const char *s, *colon, *hash, *q;
	size_t n, end;

	memset(p, 0, sizeof(*p));
	/* urlsplit drops leading C0 controls and spaces, and every tab, CR and LF */
	while (*url && (unsigned char)*url <= 0x20)
		url++;
	bufputs(&u, "");
	for (; *url; url++)
		if (*url != '\t' && *url != '\r' && *url != '\n')
			bufputc(&u, *url);
	s = u.s;
	colon = strchr(s, ':');
	if (colon && colon > s && isalpha_ascii(s[0])) {
		const char *c;

		for (c = s; c < colon && isschemechar(*c); c++)
			;
		if (c == colon) {
			for (c = s; c < colon; c++)
				bufputc(&p->scheme, *c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
			s = colon + 1;
		}
	}
	if (s[0] == '/' && s[1] == '/') {
		n = strcspn(s + 2, "/?#");
		bufadd(&p->netloc, s + 2, n);
		s += 2 + n;
	}
	hash = strchr(s, '#');
	end = hash ? (size_t)(hash - s) : strlen(s);
	if (hash)
		bufputs(&p->fragment, hash + 1);
	q = memchr(s, '?', end);
	if (q) {
		bufadd(&p->query, q + 1, end - (q + 1 - s));
		end = q - s;
	}
	bufadd(&p->path, s, end);
	free(u.s);
}

static char *
urlunsplit(struct urlparts *p, const char *netloc)
{
	struct buf b = {0};
	const char *scheme = str(&p->scheme), *path = str(&p->path);
	bool net = *netloc != '\0';

	if (!net && *scheme && strncmp(path, "//", 2) != 0)
		for (size_t i = 0; i < sizeof(usesnetloc) / sizeof(*usesnetloc); i++)
			if (strcmp(scheme, usesnetloc[i]) == 0)
				net = true;
	bufputs(&b, "");
	if (*scheme) {
		bufputs(&b, scheme);
		bufputc(&b, ':');
	}
	if (net) {
		bufputs(&b, "//");
		bufputs(&b, netloc);
		if (*path && *path != '/')
			bufputc(&b, '/');
	}
	bufputs(&b, path);
	if (p->query.len) {
		bufputc(&b, '?');
		bufputs(&b, p->query.s);
	}
	if (p->fragment.len) {
		bufputc(&b, '#');
		bufputs(&b, p->fragment.s);
	}
	free(p->scheme.s);
	free(p->netloc.s);
	free(p->path.s);
	free(p->query.s);
	free(p->fragment.s);
	return b.s;
}

char *
urlunquote(const char *s, size_t n, size_t *len)
{
	struct buf b = {0};

	bufputs(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexdigit(s[i + 1]) >= 0 && hexdigit(s[i + 2]) >= 0) {
			bufputc(&b, hexdigit(s[i + 1]) << 4 | hexdigit(s[i + 2]));
			i += 2;
		} else {
			bufputc(&b, s[i]);
		}
	}
	if (len)
		*len = b.len;
	return b.s;
}

/* the length of the valid UTF-8 sequence at S, or minus the length of the maximal invalid
 * part that Python's decoder replaces with one U+FFFD */
static long
utf8seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xbf;
	size_t need;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c == 0xe0)
		need = 2, lo = 0xa0;
	else if (c >= 0xe1 && c <= 0xef)
		need = 2, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c == 0xf0)
		need = 3, lo = 0x90;
	else if (c >= 0xf1 && c <= 0xf3)
		need = 3;
	else if (c == 0xf4)
		need = 3, hi = 0x8f;
	else
		return -1;
	for (size_t i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			return -(long)i;
		lo = 0x80, hi = 0xbf;
	}
	return need + 1;
}

/* quote(unquote(user)): decoded as UTF-8 with errors="replace", encoded again, safe "/" */
static void
quoteuser(struct buf *b, const char *s, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t len, i = 0;
	unsigned char *d = (unsigned char *)urlunquote(s, n, &len);

	while (i < len) {
		long k = utf8seq(d + i, len - i);

		if (k < 0) {
			bufputs(b, "%EF%BF%BD");
			i += -k;
			continue;
		}
		for (long j = 0; j < k; j++, i++) {
			unsigned c = d[i];

			if (isalpha_ascii(c) || (c >= '0' && c <= '9') || (c && strchr("_.-~/", c)))
				bufputc(b, c);
			else
				bufprintf(b, "%%%c%c", digits[c >> 4], digits[c & 15]);
		}
	}
	free(d);
}

char *
urlredact(const char *url)
{
	struct urlparts p;
	struct buf n = {0};
	const char *nl, *at, *colon;
	char *r;

	urlsplit(url, &p);
	nl = str(&p.netloc);
	at = strrchr(nl, '@');
	bufputs(&n, "");
	if (!at) {
		bufputs(&n, nl);
	} else {
		colon = memchr(nl, ':', at - nl);
		if (!colon) {
			bufputs(&n, "****");
		} else {
			quoteuser(&n, nl, colon - nl);
			bufputs(&n, ":****");
		}
		bufputs(&n, at);
	}
	r = urlunsplit(&p, n.s);
	free(n.s);
	return r;
}

char *
urlstripauth(const char *url)
{
	char *rest;

	urlsplitauth(url, NULL, NULL, &rest);
	return rest;
}

bool
urlsplitauth(const char *url, char **user, char **password, char **rest)
{
	struct urlparts p;
	const char *nl, *at, *colon;
	char *host, *r;

	urlsplit(url, &p);
	nl = str(&p.netloc);
	at = strrchr(nl, '@');
	if (user)
		*user = NULL;
	if (password)
		*password = NULL;
	if (at) {
		colon = memchr(nl, ':', at - nl);
		if (user)
			*user = urlunquote(nl, (colon ? colon : at) - nl, NULL);
		if (password && colon)
			*password = urlunquote(colon + 1, at - colon - 1, NULL);
	}
	host = xstrdup(at ? at + 1 : nl);
	r = urlunsplit(&p, host);
	free(host);
	if (rest)
		*rest = r;
	else
		free(r);
	return at != NULL;
}

char *
urlnoauth(const char *s, bool redact)
{
	struct buf b = {0};
	const char *p = s, *sep;

	while ((sep = strstr(p, "://"))) {
		const char *auth = sep + 3, *end = auth, *at = NULL;
		while (*end && !strchr("/?#\"' \t\n<>", *end)) {
			if (*end == '@')
				at = end;	/* the last '@' ends the userinfo */
			end++;
		}
		bufadd(&b, p, auth - p);
		if (at && redact) {
			/* pip's redact_auth_from_url: the user stays, a password is "****" */
			const char *colon = memchr(auth, ':', at - auth);
			if (colon)
				bufprintf(&b, "%.*s:****@", (int)(colon - auth), auth);
			else
				bufputs(&b, "****@");
		}
		p = at ? at + 1 : auth;
	}
	bufputs(&b, p);
	return b.s ? b.s : xstrdup("");
}

const char *
urls3split(const char *url, char **bucket, char **prefix)
{
	const char *b, *slash, *p, *seg;
	size_t n;

	if (strncmp(url, "s3://", 5) != 0)
		return NULL;
	b = url + 5;
	slash = strchr(b, '/');
	n = slash ? (size_t)(slash - b) : strlen(b);
	if (n < 3 || n > 63 || strspn(b, "abcdefghijklmnopqrstuvwxyz0123456789.-") < n ||
	    !strchr("abcdefghijklmnopqrstuvwxyz0123456789", b[0]) ||
	    !strchr("abcdefghijklmnopqrstuvwxyz0123456789", b[n - 1]))
		return "the bucket must be 3 to 63 lowercase letters, digits, dots and hyphens, "
		       "starting and ending with a letter or digit";
	p = slash ? slash + 1 : "";
	/* the key prefix goes into the URL and the signature as it is: no escaping, no dot segments */
	if (strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/") != strlen(p))
		return "the prefix may hold only letters, digits, '-', '.', '_', '~' and '/'";
	for (seg = p; *seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : seg + strlen(seg)) {
		size_t len = strcspn(seg, "/");
		if ((len == 0 && seg[len]) || (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return "the prefix holds an empty, '.' or '..' part";
	}
	if (bucket)
		*bucket = xstrndup(b, n);
	if (prefix) {
		size_t m = strlen(p);
		while (m > 0 && p[m - 1] == '/')
			m--;
		*prefix = xstrndup(p, m);
	}
	return NULL;
}
