/* mkdeps.c: Make dependency output, in the shape of gcc -MD -MP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"
#include "reqfile.h"
#include "mkdeps.h"

/* escape a path for a make rule; refuse what make cannot read back */
static int
escape(struct buf *b, const char *path)
{
	if (strpbrk(path, "\n:;%")) {
		warn("deps: %s: a path holding a newline, ':', ';' or '%%' cannot be written for make", path);
		return -1;
	}
	for (const char *p = path; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '#' || *p == '\\')
			bufputc(b, '\\');
		if (*p == '$')
			bufputc(b, '$');
		bufputc(b, *p);
	}
	return 0;
}

int
mkdeps(const char *stamp, const char *conffile, const struct reqset *rs, const char *out)
{
	struct buf b = {0}, old = {0};
	struct strlist inputs = {0};
	int ret = -1;

	if (conffile)
		strlistadd(&inputs, conffile);
	for (size_t i = 0; i < rs->files.n; i++)
		if (strlistfind(&inputs, rs->files.v[i]) < 0)
			strlistadd(&inputs, rs->files.v[i]);
	if (escape(&b, stamp) < 0)
		goto out;
	bufputc(&b, ':');
	for (size_t i = 0; i < inputs.n; i++) {
		bufputs(&b, " \\\n ");
		if (escape(&b, inputs.v[i]) < 0)
			goto out;
	}
	bufputc(&b, '\n');
	for (size_t i = 0; i < inputs.n; i++) {
		bufputc(&b, '\n');
		escape(&b, inputs.v[i]);
		bufputs(&b, ":\n");
	}
	if (!out) {
		fwrite(b.s, 1, b.len, stdout);
		ret = 0;
	} else if (readfile(out, &old) == 0 && old.len == b.len && memcmp(old.s, b.s, b.len) == 0) {
		ret = 0;
	} else if (writefileatomic(out, b.s, b.len) < 0) {
		warn("deps: write %s:", out);
	} else {
		ret = 0;
	}
out:
	free(b.s);
	free(old.s);
	strlistclear(&inputs);
	free(inputs.v);
	return ret;
}
