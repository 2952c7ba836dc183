/* wheelmeta.c: the METADATA of a wheel file, read from its zip without unpacking it (a
 * resolver asks it of find-links wheels, and of wheels an index gives no metadata file for). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>
#include "base/util.h"
#include "cache/wheelmeta.h"

/* is NAME "X.dist-info/METADATA" with X one path part? */
static bool
ismetadata(const char *name)
{
	const char *slash = strchr(name, '/');
	size_t n = slash ? (size_t)(slash - name) : 0;

	return slash && n > 10 && strncmp(slash - 10, ".dist-info", 10) == 0 && strcmp(slash + 1, "METADATA") == 0;
}

int
wheelmetadata(const char *wheel, struct buf *out)
{
	unzFile uf = unzOpen64(wheel);
	char name[512], chunk[8192];
	unz_file_info64 info;
	int r, ret = -1;

	if (!uf)
		return -1;
	for (r = unzGoToFirstFile(uf); r == UNZ_OK; r = unzGoToNextFile(uf)) {
		if (unzGetCurrentFileInfo64(uf, &info, name, sizeof(name), NULL, 0, NULL, 0) != UNZ_OK)
			break;
		if (!ismetadata(name) || info.uncompressed_size > 64 * 1024 * 1024)
			continue;
		if (unzOpenCurrentFile(uf) != UNZ_OK)
			break;
		int n;
		while ((n = unzReadCurrentFile(uf, chunk, sizeof(chunk))) > 0)
			bufadd(out, chunk, n);
		ret = unzCloseCurrentFile(uf) == UNZ_OK && n == 0 ? 0 : -1;
		break;
	}
	unzClose(uf);
	return ret;
}
