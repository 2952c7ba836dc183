/* check.h: a tiny TAP producer for the C unit tests. */
#include <stdio.h>
#include <stdlib.h>

static int check_n, check_failed;

/* CHECK(COND, FORMAT, ...): one TAP line, "ok N - ..." or "not ok N - ... (COND)".
 * COND is evaluated exactly once, before the message's arguments. */
#define CHECK(cond, ...) do { \
	int check_ok_ = (cond) ? 1 : 0; \
	check_n++; \
	if (!check_ok_) \
		check_failed++; \
	printf("%s %d - ", check_ok_ ? "ok" : "not ok", check_n); \
	printf(__VA_ARGS__); \
	printf("%s\n", check_ok_ ? "" : " (" #cond ")"); \
} while (0)

static int
check_done(void)
{
	printf("1..%d\n", check_n);
	return check_failed ? 1 : 0;
}
