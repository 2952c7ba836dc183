/* datetime.c: RFC 3339 timestamps read into microseconds since the epoch, and written in UTC; pure. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "parse/datetime.h"

#define DAYUS (86400LL * 1000000)

/* the N digits at S as a number, or -1 when they are not all digits */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* the days from 1970-01-01 to Y-M-D of the proleptic Gregorian calendar (H. Hinnant's days_from_civil) */
static long long
daysfrom(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Y-M-D of the day DAYS after 1970-01-01 (civil_from_days) */
static void
civil(long long days, int *y, int *m, int *d)
{
	days += 719468;
	long long era = (days >= 0 ? days : days - 146096) / 146097;
	long long doe = days - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
monthdays(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : n[m - 1];
}

/* the date at S ("YYYY-MM-DD") as days since the epoch into *DAYS; 0, or -1 with *WHY */
static int
dateat(const char *s, long long *days, const char **why)
{
	int y = digits(s, 4), m, d;

	if (y < 0 || s[4] != '-' || (m = digits(s + 5, 2)) < 0 || s[7] != '-' || (d = digits(s + 8, 2)) < 0) {
		*why = "expected a date YYYY-MM-DD or an RFC 3339 date-time YYYY-MM-DDTHH:MM:SSZ";
		return -1;
	}
	if (y < 1) {
		*why = "the year is 0000";
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = "the month is not 01 to 12";
		return -1;
	}
	if (d < 1 || d > monthdays(y, m)) {
		*why = "that month has no such day";
		return -1;
	}
	*days = daysfrom(y, m, d);
	return 0;
}

/* the time of day at S ("HH:MM:SS[.frac]"), in microseconds into *US, its length into *LEN; 0, or -1 with *WHY */
static int
timeat(const char *s, long long *us, size_t *len, const char **why)
{
	int h = digits(s, 2), mi = -1, sec = -1;
	size_t i = 8;
	long long frac = 0, scale = 100000;

	if (h >= 0 && s[2] == ':')
		mi = digits(s + 3, 2);
	if (mi >= 0 && s[5] == ':')
		sec = digits(s + 6, 2);
	if (sec < 0) {
		*why = "expected the time as HH:MM:SS";
		return -1;
	}
	if (h > 23 || mi > 59 || sec > 59) {
		*why = "the time is out of range (00:00:00 to 23:59:59)";
		return -1;
	}
	if (s[8] == '.') {
		for (i = 9; s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
			frac += (s[i] - '0') * scale;
		if (i == 9) {
			*why = "a '.' with no digits after it";
			return -1;
		}
	}
	*us = ((h * 60LL + mi) * 60 + sec) * 1000000 + frac;
	*len = i;
	return 0;
}

/* is US within 0001-01-01 and 9999-12-31 (what RFC 3339 and TOML can write)? 0, or -1 with *WHY */
static int
inrange(long long us, const char **why)
{
	if (us < daysfrom(1, 1, 1) * DAYUS || us >= daysfrom(10000, 1, 1) * DAYUS) {
		*why = "the instant in UTC is outside the years 0001 to 9999";
		return -1;
	}
	return 0;
}

int
datetimeparse(const char *text, bool dateok, long long *us, const char **why)
{
	long long days, t, off = 0;
	size_t n = strlen(text), len;

	if (n < 10 || dateat(text, &days, why) < 0) {
		if (n < 10)
			*why = "expected a date YYYY-MM-DD or an RFC 3339 date-time YYYY-MM-DDTHH:MM:SSZ";
		return -1;
	}
	if (n == 10) {
		if (!dateok) {
			*why = "a date without a time";
			return -1;
		}
		*us = (days + 1) * DAYUS;
		return inrange(*us, why);
	}
	if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
		*why = "expected 'T' between the date and the time";
		return -1;
	}
	if (timeat(text + 11, &t, &len, why) < 0)
		return -1;
	const char *z = text + 11 + len;
	if ((z[0] == 'Z' || z[0] == 'z') && !z[1]) {
		off = 0;
	} else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':') {
		int oh = digits(z + 1, 2), om = digits(z + 4, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59) {
			*why = "the offset is not +HH:MM or -HH:MM";
			return -1;
		}
		off = (oh * 60LL + om) * 60 * 1000000 * (z[0] == '-' ? -1 : 1);
	} else {
		*why = *z ? "expected 'Z' or an offset +HH:MM after the time" : "no time zone: end it with 'Z' (UTC) or an offset +HH:MM";
		return -1;
	}
	*us = days * DAYUS + t - off;
	return inrange(*us, why);
}

void
datetimeformat(long long us, char out[40])
{
	long long days = us / DAYUS, rest = us % DAYUS;
	int y, m, d;

	if (rest < 0) {
		rest += DAYUS;
		days--;
	}
	civil(days, &y, &m, &d);
	long long sec = rest / 1000000, frac = rest % 1000000;
	int n = snprintf(out, 40, "%04d-%02d-%02dT%02lld:%02lld:%02lld", y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
	if (frac) {
		n += snprintf(out + n, 40 - n, ".%06lld", frac);
		while (out[n - 1] == '0')
			out[--n] = '\0';
	}
	snprintf(out + n, 40 - n, "Z");
}
