/* check.h: a tiny TAP producer for the C unit tests. */
#include <stdio.h>
#include <stdlib.h>

static int check_n, check_failed;

#define CHECK(cond, ...) do { \
	check_n++; \
	if (cond) { \
		printf("ok %d - ", check_n); \
	} else { \
		check_failed++; \
		printf("not ok %d - ", check_n); \
	} \
	printf(__VA_ARGS__); \
	printf("%s\n", (cond) ? "" : " (" #cond ")"); \
} while (0)

static int
check_done(void)
{
	printf("1..%d\n", check_n);
	return check_failed ? 1 : 0;
}
