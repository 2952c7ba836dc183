/* ziptool.c: for each zip named on standard input with a project ("FILE<TAB>PROJECT"), what
 * parse/zipdir reads of its METADATA from its last 64 KiB (and its central directory, read
 * apart when the tail lacks it), as a range reader would: "cdoff cdsize lhoff csize usize
 * method crc dataoff", or "error WHY". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/zipdir.h"

/* LEN bytes of F from OFF, newly allocated, or NULL */
static unsigned char *
readat(FILE *f, long long off, size_t len)
{
	unsigned char *b = xmalloc(len + 1);

	if (fseeko(f, off, SEEK_SET) != 0 || fread(b, 1, len, f) != len) {
		free(b);
		return NULL;
	}
	return b;
}

static void
one(const char *path, const char *project)
{
	FILE *f = fopen(path, "rb");
	unsigned char *tail = NULL, *cd = NULL, *lh = NULL;
	struct zipdir zd;
	struct zipentry e;
	const char *why = "cannot read";
	long long total, off;
	size_t len;

	if (!f || fseeko(f, 0, SEEK_END) != 0 || (total = ftello(f)) < 0)
		goto out;
	len = total < 65536 ? (size_t)total : 65536;
	if (!(tail = readat(f, total - (long long)len, len)) || zipdirfind(tail, len, total, &zd, &why) < 0)
		goto out;
	if (zd.cdoff >= total - (long long)len) {
		cd = xmalloc(zd.cdsize + 1);
		memcpy(cd, tail + (zd.cdoff - (total - (long long)len)), zd.cdsize);
	} else if (!(cd = readat(f, zd.cdoff, zd.cdsize)))
		goto out;
	if (zipdirmetadata(cd, zd.cdsize, project, &e, &why) < 0)
		goto out;
	why = "cannot read the local header";
	len = total - e.lhoff < 1024 ? (size_t)(total - e.lhoff) : 1024;
	if (!(lh = readat(f, e.lhoff, len)) || ziplocaldata(lh, len, &off, &why) < 0)
		goto out;
	printf("%lld %lld %lld %lld %lld %d %lu %lld\n", zd.cdoff, zd.cdsize, e.lhoff, e.csize, e.usize,
	    e.method, e.crc, e.lhoff + off);
	why = NULL;
out:
	if (why)
		printf("error %s\n", why);
	if (f)
		fclose(f);
	free(tail);
	free(cd);
	free(lh);
}

int
main(void)
{
	char *line = NULL, *tab;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!(tab = strchr(line, '\t')))
			fatal("want FILE<TAB>PROJECT");
		*tab = '\0';
		one(line, tab + 1);
	}
	free(line);
	return fflush(stdout) != 0 || ferror(stdout);
}
