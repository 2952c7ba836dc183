/* activate.c: stub until written. */
#include "util.h"
#include "activate.h"

int
activatewrite(const char *bindir, const struct activation *a)
{
	warn("activation scripts: not yet written");
	return -1;
}
