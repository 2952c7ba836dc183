/* native.c */
#include "util.h"
#include "native.h"
