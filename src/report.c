/* report.c */
#include <stdbool.h>
#include <stddef.h>
#include "util.h"
#include "report.h"
