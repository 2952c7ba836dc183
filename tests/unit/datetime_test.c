/* datetime_test.c: RFC 3339 timestamps (src/parse/datetime.c) read as Python's datetime
 * reads them (the instants below are its answers), a plain date as the end of that day in
 * UTC, each wrong input refused with its reason, and the instants written back in UTC. */
#include <stdbool.h>
#include <string.h>
#include "parse/datetime.h"
#include "check.h"

static const struct { const char *text; bool dateok; long long us; const char *back; } good[] = {
	{ "2024-01-02T03:04:05.123456Z", false, 1704164645123456LL, "2024-01-02T03:04:05.123456Z" },
	{ "2024-01-02T04:04:05+01:00", false, 1704164645000000LL, "2024-01-02T03:04:05Z" },
	{ "2024-01-02t03:04:05.1234567z", false, 1704164645123456LL, "2024-01-02T03:04:05.123456Z" },
	{ "2024-01-02 03:04:05Z", false, 1704164645000000LL, "2024-01-02T03:04:05Z" },
	{ "1969-12-31T23:59:59.5Z", false, -500000LL, "1969-12-31T23:59:59.5Z" },
	{ "0001-01-01T00:00:00Z", false, -62135596800000000LL, "0001-01-01T00:00:00Z" },
	{ "9999-12-31T23:59:59.999999Z", false, 253402300799999999LL, "9999-12-31T23:59:59.999999Z" },
	{ "2000-02-29T12:00:00-05:30", false, 951845400000000LL, "2000-02-29T17:30:00Z" },
	/* a date: its whole day counts, so the instant is the next midnight in UTC */
	{ "2024-02-29", true, 1709251200000000LL, "2024-03-01T00:00:00Z" },
	{ "2024-03-01", true, 1709337600000000LL, "2024-03-02T00:00:00Z" },
	{ "2100-02-28", true, 4107542400000000LL, "2100-03-01T00:00:00Z" },
};

static const struct { const char *text; bool dateok; const char *why; } bad[] = {
	{ "", true, "expected a date" },
	{ "yesterday", true, "expected a date" },
	{ "2024-1-02", true, "expected a date" },
	{ "2024-01-02", false, "a date without a time" },
	{ "2024-13-01", true, "the month" },
	{ "2023-02-29", true, "no such day" },
	{ "2100-02-29", true, "no such day" },
	{ "0000-01-01", true, "the year is 0000" },
	{ "2024-01-02T03:04:05", true, "no time zone" },
	{ "2024-01-02T3:04:05Z", true, "HH:MM:SS" },
	{ "2024-01-02T24:00:00Z", true, "out of range" },
	{ "2024-01-02T23:59:60Z", true, "out of range" },
	{ "2024-01-02T03:04:05.Z", true, "no digits" },
	{ "2024-01-02T03:04:05+1:00", true, "expected 'Z'" },
	{ "2024-01-02T03:04:05+24:00", true, "offset" },
	{ "2024-01-02T03:04:05Zjunk", true, "expected 'Z'" },
	{ "2024-01-02X03:04:05Z", true, "expected 'T'" },
	{ "9999-12-31", true, "outside the years" },
	{ "0001-01-01T00:00:00+00:01", true, "outside the years" },
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		long long us = 0;
		const char *why = "";
		char back[40] = "";
		int r = datetimeparse(good[i].text, good[i].dateok, &us, &why);
		CHECK(r == 0 && us == good[i].us, "%s: %lld (%s)", good[i].text, us, r ? why : "read");
		datetimeformat(us, back);
		CHECK(strcmp(back, good[i].back) == 0, "%s written as %s", good[i].text, back);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		long long us;
		const char *why = "";
		CHECK(datetimeparse(bad[i].text, bad[i].dateok, &us, &why) < 0 && strstr(why, bad[i].why),
		    "'%s' refused: %s", bad[i].text, why);
	}
	return check_done();
}
