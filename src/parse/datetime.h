/* datetime.h: RFC 3339 timestamps read and written (PEP 700's upload-time, --exclude-newer); pure. */

/*
 * The instant TEXT names, in microseconds since 1970-01-01T00:00:00Z, into *US: an RFC 3339
 * date-time ("2024-01-02T03:04:05.123456Z", "t" or " " for "T", "z" for "Z", or an offset
 * "+01:00"), or, when DATEOK, a plain date ("2024-01-02"), which means the end of that day
 * in UTC (the next day's midnight). Years 0001 to 9999; digits past the microsecond are
 * dropped. Returns 0, or -1 with *WHY (static) saying what is wrong.
 */
int datetimeparse(const char *text, bool dateok, long long *us, const char **why);
/* US as RFC 3339 in UTC ("2024-01-02T03:04:05Z", ".123456" when it has a fraction, its trailing zeros dropped) into OUT */
void datetimeformat(long long us, char out[40]);
