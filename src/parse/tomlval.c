/*
 * tomlval.c: the TOML reader's scalars: strings in their four forms, integers,
 * floats, booleans, dates and times; and the positions and messages that toml.c
 * shares with it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/tomlval.h"

void
tomlwhere(struct tomlparse *tp, const char *at, int *line, int *col)
{
	const char *q;

	/* nodes are made in document order, so counting on from the last answer is linear */
	if (!tp->mark || at < tp->mark) {
		tp->mark = tp->text;
		tp->markline = 1;
		tp->markcol = 1;
	}
	if (at > tp->end)
		at = tp->end;
	for (q = tp->mark; q < at; q++) {
		if (*q == '\n') {
			tp->markline++;
			tp->markcol = 1;
		} else if ((*q & 0xc0) != 0x80) {
			tp->markcol++;
		}
	}
	tp->mark = at;
	*line = tp->markline;
	*col = tp->markcol;
}

void *
tomlerr(struct tomlparse *tp, const char *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tomlwhere(tp, at, &line, &col);
	warn("%s:%d:%d: %s", tp->file, line, col, msg);
	return NULL;
}

struct toml *
mktomlnode(struct tomlparse *tp, enum tomltype type, const char *at)
{
	struct toml *t = xmalloc(sizeof(*t));

	memset(t, 0, sizeof(*t));
	t->type = type;
	tomlwhere(tp, at, &t->line, &t->col);
	return t;
}

/* the length of the UTF-8 sequence at P, or 0 when it is not one (overlong, surrogate, cut short) */
static int
utf8seq(const unsigned char *p, const unsigned char *end)
{
	unsigned long c = p[0], min;
	int n;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (end - p < n)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

int
tomlutf8check(struct tomlparse *tp)
{
	const unsigned char *p = (const unsigned char *)tp->text, *end = (const unsigned char *)tp->end;
	int n;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (!(n = utf8seq(p, end))) {
			tomlerr(tp, (const char *)p, "invalid UTF-8 (byte 0x%02X)", *p);
			return -1;
		}
		p += n;
	}
	return 0;
}

static void
pututf8(struct buf *b, unsigned long c)
{
	char s[4];
	int n;

	if (c < 0x80) {
		s[0] = c, n = 1;
	} else if (c < 0x800) {
		s[0] = 0xc0 | c >> 6, n = 2;
	} else if (c < 0x10000) {
		s[0] = 0xe0 | c >> 12, n = 3;
	} else {
		s[0] = 0xf0 | c >> 18, n = 4;
	}
	for (int i = 1; i < n; i++)
		s[i] = 0x80 | (c >> 6 * (n - 1 - i) & 0x3f);
	bufadd(b, s, n);
}

/* the escape sequence at tp->p (a backslash): append the character it stands for */
static int
escape(struct tomlparse *tp, struct buf *b)
{
	const char *at = tp->p;
	int c = at + 1 < tp->end ? (unsigned char)at[1] : -1, n, v;
	unsigned long cp = 0;
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *e;

	if (c > 0 && (e = strchr(from, c))) {
		bufputc(b, to[e - from]);
		tp->p += 2;
		return 0;
	}
	if (c != 'u' && c != 'U') {
		if (c > 0x20 && c < 0x7f)
			tomlerr(tp, at, "invalid escape '\\%c'", c);
		else
			tomlerr(tp, at, "invalid escape: a backslash must be followed by one of btnfr\"\\uU");
		return -1;
	}
	n = c == 'u' ? 4 : 8;
	for (int i = 0; i < n; i++) {
		if (at + 2 + i >= tp->end || (v = hexdigit((unsigned char)at[2 + i])) < 0) {
			tomlerr(tp, at, "'\\%c' needs %d hex digits", c, n);
			return -1;
		}
		cp = cp << 4 | v;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		tomlerr(tp, at, "'\\%c%.*s' is not a Unicode scalar value", c, n, at + 2);
		return -1;
	}
	pututf8(b, cp);
	tp->p += 2 + n;
	return 0;
}

/* whether C may appear as itself in a string closed by QUOTE (escapes are BASIC strings') */
static bool
plain(int c, int quote, bool basic)
{
	c = (unsigned char)c;
	if (c == quote || (basic && c == '\\'))
		return false;
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int
badchar(struct tomlparse *tp, const char *at, const char *what)
{
	unsigned char c = *at;

	if (c == '\r')
		tomlerr(tp, at, "a carriage return not followed by a newline in %s", what);
	else
		tomlerr(tp, at, "control character U+%04X in %s", c, what);
	return -1;
}

/* a one-line string, basic (") or literal (') */
static int
oneline(struct tomlparse *tp, struct buf *b)
{
	int quote = *tp->p;
	bool basic = quote == '"';
	const char *q;

	tp->p++;
	for (;;) {
		for (q = tp->p; q < tp->end && plain(*q, quote, basic); q++)
			;
		bufadd(b, tp->p, q - tp->p);
		tp->p = q;
		if (q == tp->end || *q == '\n' || (*q == '\r' && q + 1 < tp->end && q[1] == '\n')) {
			tomlerr(tp, q, "unterminated string (a one-line string must close on its line)");
			return -1;
		}
		if (*q == quote) {
			tp->p++;
			return 0;
		}
		if (*q != '\\')
			return badchar(tp, q, "a string");
		if (escape(tp, b) < 0)
			return -1;
	}
}

/* a newline (LF or CRLF) at Q: its length, or 0 */
static int
newline(const char *q, const char *end)
{
	if (q < end && *q == '\n')
		return 1;
	if (q + 1 < end && q[0] == '\r' && q[1] == '\n')
		return 2;
	return 0;
}

/* after a backslash that ends a line (BS): skip the whitespace and newlines that follow */
static int
linecont(struct tomlparse *tp, const char *bs)
{
	const char *q = bs + 1;
	int n;

	while (q < tp->end && (*q == ' ' || *q == '\t'))
		q++;
	if (!newline(q, tp->end))
		return 0;
	for (;;) {
		if (q < tp->end && (*q == ' ' || *q == '\t'))
			q++;
		else if ((n = newline(q, tp->end)))
			q += n;
		else
			break;
	}
	tp->p = q;
	return 1;
}

/* a multi-line string, basic (""") or literal (''') */
static int
multiline(struct tomlparse *tp, struct buf *b)
{
	const char *open = tp->p, *q;
	int quote = *tp->p, n;
	bool basic = quote == '"';

	tp->p += 3 + newline(tp->p + 3, tp->end);
	for (;;) {
		for (q = tp->p; q < tp->end && plain(*q, quote, basic); q++)
			;
		bufadd(b, tp->p, q - tp->p);
		tp->p = q;
		if (q == tp->end) {
			tomlerr(tp, open, "unterminated multi-line string");
			return -1;
		}
		if (*q == quote) {
			for (n = 0; q + n < tp->end && q[n] == quote && n < 5; n++)
				;
			/* up to two quotes may end the content just before the closing three */
			if (n >= 3) {
				bufadd(b, q, n - 3);
				tp->p = q + n;
				return 0;
			}
			bufadd(b, q, n);
			tp->p = q + n;
		} else if ((n = newline(q, tp->end))) {
			/* CRLF reads as LF, so a file's line endings do not change its values */
			bufputc(b, '\n');
			tp->p = q + n;
		} else if (*q != '\\') {
			return badchar(tp, q, "a string");
		} else if (!linecont(tp, q) && escape(tp, b) < 0) {
			return -1;
		}
	}
}

int
tomlstring(struct tomlparse *tp, struct buf *b, bool key)
{
	const char *p = tp->p;

	bufadd(b, "", 0);
	if (!key && tp->end - p >= 3 && p[1] == p[0] && p[2] == p[0])
		return multiline(tp, b);
	return oneline(tp, b);
}

bool
tomlbarechar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	    || c == '_' || c == '+' || c == '-' || c == '.' || c == ':';
}

static bool
isdig(const char *q, const char *end)
{
	return q < end && *q >= '0' && *q <= '9';
}

/* the two-digit number at Q, or -1 */
static int
two(const char *q, const char *end)
{
	if (!isdig(q, end) || !isdig(q + 1, end))
		return -1;
	return (q[0] - '0') * 10 + q[1] - '0';
}

static int
mdays(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* the field at *Q: two digits from 0 to MAX, then SEP unless it is 0; advances *Q */
static int
field(struct tomlparse *tp, const char **q, int max, int sep, const char *what)
{
	int v = two(*q, tp->end);

	if (v < 0) {
		tomlerr(tp, *q, "expected two digits for the %s", what);
		return -1;
	}
	if (v > max) {
		tomlerr(tp, *q, "%s %02d out of range", what, v);
		return -1;
	}
	*q += 2;
	if (sep && (*q >= tp->end || **q != sep)) {
		tomlerr(tp, *q, "expected '%c' after the %s", sep, what);
		return -1;
	}
	*q += !!sep;
	return v;
}

/* the time HH:MM:SS[.frac] at *Q, appended to B */
static int
timeofday(struct tomlparse *tp, const char **q, struct buf *b)
{
	const char *s = *q;

	/* RFC 3339 allows second 60, for a leap second */
	if (field(tp, q, 23, ':', "hour") < 0 || field(tp, q, 59, ':', "minute") < 0
	    || field(tp, q, 60, 0, "second") < 0)
		return -1;
	if (*q < tp->end && **q == '.') {
		if (!isdig(++*q, tp->end)) {
			tomlerr(tp, *q, "expected digits after the decimal point of the seconds");
			return -1;
		}
		while (isdig(*q, tp->end))
			++*q;
	}
	bufadd(b, s, *q - s);
	return 0;
}

/* an offset date-time, local date-time, local date or local time at S */
static struct toml *
datetime(struct tomlparse *tp, const char *s)
{
	const char *q = s, *end = tp->end;
	enum tomltype type = TOML_TIME_LOCAL;
	struct buf b = {0};
	struct toml *t;
	int y, m, d;

	if (s[2] != ':') {
		type = TOML_DATE_LOCAL;
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0';
		q += 5;
		if ((m = field(tp, &q, 12, '-', "month")) < 0)
			goto bad;
		if (m == 0) {
			tomlerr(tp, q - 3, "month 00 out of range");
			goto bad;
		}
		d = two(q, end);
		if (d < 1 || d > mdays(y, m)) {
			if (d < 0)
				tomlerr(tp, q, "expected two digits for the day");
			else
				tomlerr(tp, q, "day %02d out of range for %04d-%02d", d, y, m);
			goto bad;
		}
		q += 2;
		bufadd(&b, s, q - s);
		/* a space separates a date and a time only when a time follows it */
		if (q < end && (*q == 'T' || *q == 't' || (*q == ' ' && isdig(q + 1, end)))) {
			bufputc(&b, 'T');
			q++;
			type = TOML_DATETIME_LOCAL;
		}
	}
	if (type != TOML_DATE_LOCAL && timeofday(tp, &q, &b) < 0)
		goto bad;
	if (type == TOML_DATETIME_LOCAL && q < end) {
		if (*q == 'Z' || *q == 'z') {
			bufputc(&b, 'Z');
			q++;
			type = TOML_DATETIME;
		} else if (*q == '+' || *q == '-') {
			const char *o = q++;

			if (field(tp, &q, 23, ':', "offset hour") < 0 || field(tp, &q, 59, 0, "offset minute") < 0)
				goto bad;
			bufadd(&b, o, q - o);
			type = TOML_DATETIME;
		}
	}
	if (q < end && tomlbarechar(*q)) {
		tomlerr(tp, q, "unexpected '%c' in a %s", *q, tomltypename(type));
		goto bad;
	}
	t = mktomlnode(tp, type, s);
	t->s = b.s;
	t->len = b.len;
	tp->p = q;
	return t;
bad:
	free(b.s);
	return NULL;
}

/* the value of digit C in BASE, or -1 */
static int
digit(int c, int base)
{
	int v = hexdigit(c);

	return v >= 0 && v < base ? v : -1;
}

/* DIGIT *( ["_"] DIGIT ) in BASE from Q: the end of the run (Q when there is none) */
static const char *
run(const char *q, const char *e, int base)
{
	if (q >= e || digit(*q, base) < 0)
		return q;
	for (q++; q < e; q++) {
		if (*q == '_' && q + 1 < e && digit(q[1], base) >= 0)
			q++;
		else if (digit(*q, base) < 0)
			break;
	}
	return q;
}

/* report the character at Q that ends a number too early */
static struct toml *
badnum(struct tomlparse *tp, const char *q, const char *e, const char *what)
{
	if (q == e)
		return tomlerr(tp, q, "%s ends too early", what);
	if (*q == '_')
		return tomlerr(tp, q, "'_' in a number must stand between two digits");
	return tomlerr(tp, q, "unexpected '%c' in %s", *q, what);
}

/* the float from S to E, whose syntax has been checked */
static struct toml *
mkfloat(struct tomlparse *tp, const char *s, const char *e)
{
	struct buf b = {0};
	struct toml *t = mktomlnode(tp, TOML_FLOAT, s);

	for (const char *q = s; q < e; q++)
		if (*q != '_')
			bufputc(&b, *q);
	t->f = strtod(b.s, NULL);
	free(b.s);
	tp->p = e;
	return t;
}

/* the integer or float from S to E (the run of bare characters there) */
static struct toml *
number(struct tomlparse *tp, const char *s, const char *e)
{
	const char *q = s, *r;
	unsigned long long v = 0, max = INT64_MAX;
	int base = 10;
	struct toml *t;

	if (e - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
		base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
		q += 2;
	} else if (*q == '+' || *q == '-') {
		if (*q++ == '-')
			max = (unsigned long long)INT64_MAX + 1;
	}
	if ((r = run(q, e, base)) == q) {
		if (q == s && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
			return tomlerr(tp, s, "invalid value '%.*s' (a string needs quotes)", (int)(e - s > 40 ? 40 : e - s), s);
		return badnum(tp, q, e, "a number");
	}
	if (base == 10 && *q == '0' && r - q > 1)
		return tomlerr(tp, q, "leading zero in a number");
	if (base == 10 && r < e && (*r == '.' || *r == 'e' || *r == 'E')) {
		if (*r == '.') {
			q = r + 1;
			if ((r = run(q, e, 10)) == q)
				return tomlerr(tp, q, "expected a digit after the decimal point");
		}
		if (r < e && (*r == 'e' || *r == 'E')) {
			q = r + 1;
			if (q < e && (*q == '+' || *q == '-'))
				q++;
			if ((r = run(q, e, 10)) == q)
				return tomlerr(tp, q, "expected digits in the exponent");
		}
		if (r != e)
			return badnum(tp, r, e, "a float");
		return mkfloat(tp, s, e);
	}
	if (r != e)
		return badnum(tp, r, e, "an integer");
	for (; q < r; q++) {
		if (*q == '_')
			continue;
		if (v > (max - digit(*q, base)) / base)
			return tomlerr(tp, s, "integer %.*s does not fit in 64 bits", (int)(e - s > 70 ? 70 : e - s), s);
		v = v * base + digit(*q, base);
	}
	t = mktomlnode(tp, TOML_INTEGER, s);
	/* the most negative value: negate in unsigned arithmetic, then convert */
	t->i = max > INT64_MAX ? (long long)(0 - v) : (long long)v;
	if (max > INT64_MAX && v == (unsigned long long)INT64_MAX + 1)
		t->i = INT64_MIN;
	tp->p = e;
	return t;
}

struct toml *
tomlscalar(struct tomlparse *tp)
{
	const char *s = tp->p, *e = s;
	static const char *const special[] = { "inf", "+inf", "-inf", "nan", "+nan", "-nan" };
	struct toml *t;
	size_t n;

	while (e < tp->end && tomlbarechar(*e))
		e++;
	n = e - s;
	if (n >= 5 && isdig(s, e) && isdig(s + 1, e) && isdig(s + 2, e) && isdig(s + 3, e) && s[4] == '-')
		return datetime(tp, s);
	if (n >= 3 && isdig(s, e) && isdig(s + 1, e) && s[2] == ':')
		return datetime(tp, s);
	if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5))) {
		t = mktomlnode(tp, TOML_BOOL, s);
		t->b = n == 4;
		tp->p = e;
		return t;
	}
	for (size_t k = 0; k < sizeof(special) / sizeof(*special); k++) {
		if (n == strlen(special[k]) && !memcmp(s, special[k], n)) {
			t = mktomlnode(tp, TOML_FLOAT, s);
			t->f = special[k][n - 1] == 'f' ? INFINITY : NAN;
			if (*s == '-')
				t->f = -t->f;
			tp->p = e;
			return t;
		}
	}
	return number(tp, s, e);
}

void
tomlfmtfloat(double f, struct buf *b)
{
	char s[40];

	if (isnan(f)) {
		bufputs(b, "nan");
		return;
	}
	if (isinf(f)) {
		bufputs(b, f < 0 ? "-inf" : "inf");
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, f);
		if (strtod(s, NULL) == f)
			break;
	}
	bufputs(b, s);
	/* a float never reads as an integer: 1.0, not 1 */
	if (!strpbrk(s, ".e"))
		bufputs(b, ".0");
}
