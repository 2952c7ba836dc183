/* pep440tool.c: answers PEP 440 and PEP 508 questions line by line, for the oracle tests. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/util.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/marker.h"
#include "pep/dep.h"

/*
 * Each input line is a command and its arguments, separated by tabs; an
 * argument may hold \t, \n, \r and \\ escapes. One output line per input line:
 *
 *   norm V                 the normalized version, or "invalid"
 *   cmp V1 V2              -1, 0 or 1, or "invalid"
 *   match SPEC V [FLAG]    true or false, "invalid-spec" or "invalid-version";
 *                          FLAG is "pre" (prereleases=True), "nopre" (False) or
 *                          empty (None)
 *   marker EXPR ENV EXTRA  true, false, "invalid" (parse) or "error" (evaluation);
 *                          ENV is a JSON object of the marker variables, with
 *                          "extras" and "dependency_groups" as lists when given
 *   dep TEXT ENV           "invalid", or name, normalized name, extras, the
 *                          specifiers (each as written) and the URL ("-" when
 *                          none), then the marker's value for the extras "",
 *                          "test" and "Foo.Bar" (T, F or E; "-" when none)
 */

static void
unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			*d++ = *s;
			continue;
		}
		s++;
		*d++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
	}
	*d = '\0';
}

/* the JSON object ENV as a markerenv and the lock-file sets; its strings live in J */
static json_t *
readenv(const char *text, struct markerenv *env, struct strlist *sets, bool has[2])
{
	static const char *const names[] = {
		"os_name", "sys_platform", "platform_machine", "platform_python_implementation",
		"platform_release", "platform_system", "platform_version", "python_version",
		"python_full_version", "implementation_name", "implementation_version",
	};
	const char **fields[] = {
		&env->os_name, &env->sys_platform, &env->platform_machine,
		&env->platform_python_implementation, &env->platform_release, &env->platform_system,
		&env->platform_version, &env->python_version, &env->python_full_version,
		&env->implementation_name, &env->implementation_version,
	};
	json_error_t err;
	json_t *j = json_loads(text, 0, &err), *v;
	size_t i, k;

	if (!j || !json_is_object(j))
		fatal("bad environment JSON: %s", j ? "not an object" : err.text);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = json_object_get(j, names[i]);
		*fields[i] = json_is_string(v) ? json_string_value(v) : "";
	}
	for (i = 0; i < 2; i++) {
		v = json_object_get(j, i ? "dependency_groups" : "extras");
		has[i] = json_is_array(v);
		for (k = 0; has[i] && k < json_array_size(v); k++)
			strlistadd(&sets[i], json_string_value(json_array_get(v, k)));
	}
	return j;
}

static const char *
evalstr(const struct marker *m, const char *envtext, const char *extra)
{
	struct markerenv env;
	struct strlist sets[2] = {{0}};
	bool has[2];
	const char *why;
	json_t *j = readenv(envtext, &env, sets, has);
	int r = markereval(m, &env, extra, has[0] ? &sets[0] : NULL, has[1] ? &sets[1] : NULL, &why);

	json_decref(j);
	strlistclear(&sets[0]);
	strlistclear(&sets[1]);
	free(sets[0].v);
	free(sets[1].v);
	return r < 0 ? "error" : r ? "true" : "false";
}

static const char *const opname[] = {"~=", "==", "!=", "<=", ">=", "<", ">", "==="};

static void
dep(char **arg, size_t n)
{
	static const char *const extras[] = {"", "test", "Foo.Bar"};
	struct dep d;
	const char *why;
	size_t i;

	if (n < 2)
		fatal("usage: dep TEXT ENV");
	if (depparse(&d, arg[1], &why) < 0) {
		puts("invalid");
		return;
	}
	printf("%s\t%s\t", d.name, d.canon);
	for (i = 0; i < d.extras.n; i++)
		printf("%s%s", i ? "," : "", d.extras.v[i]);
	putchar('\t');
	for (i = 0; i < d.spec.n; i++)
		printf("%s%s%s", i ? "," : "", opname[d.spec.v[i].op], d.spec.v[i].ver);
	printf("\t%s\t", d.url ? d.url : "-");
	for (i = 0; i < 3; i++) {
		const char *r = d.marker ? evalstr(d.marker, arg[2], extras[i]) : "-";

		putchar(*r == 't' ? 'T' : *r == 'f' ? 'F' : *r == 'e' ? 'E' : '-');
	}
	putchar('\n');
	depclear(&d);
}

static void
command(char **arg, size_t n)
{
	struct version a, b;
	struct specset ss;
	struct marker *m;
	struct buf out = {0};
	const char *why;
	int flags = 0;

	if (strcmp(arg[0], "norm") == 0 && n >= 2) {
		if (versionparse(&a, arg[1], &why) < 0) {
			puts("invalid");
			return;
		}
		versionstr(&a, &out);
		puts(out.s);
		free(out.s);
		versionclear(&a);
	} else if (strcmp(arg[0], "cmp") == 0 && n >= 3) {
		if (versionparse(&a, arg[1], &why) < 0) {
			puts("invalid");
			return;
		}
		if (versionparse(&b, arg[2], &why) < 0) {
			versionclear(&a);
			puts("invalid");
			return;
		}
		printf("%d\n", versioncmp(&a, &b));
		versionclear(&a);
		versionclear(&b);
	} else if (strcmp(arg[0], "match") == 0 && n >= 3) {
		if (n >= 4 && strcmp(arg[3], "pre") == 0)
			flags = SPECPRE;
		else if (n >= 4 && strcmp(arg[3], "nopre") == 0)
			flags = SPECNOPRE;
		if (specparse(&ss, arg[1], &why) < 0) {
			puts("invalid-spec");
			return;
		}
		if (versionparse(&a, arg[2], &why) < 0) {
			puts("invalid-version");
		} else {
			puts(specmatch(&ss, &a, flags) ? "true" : "false");
			versionclear(&a);
		}
		specclear(&ss);
	} else if (strcmp(arg[0], "marker") == 0 && n >= 4) {
		if (markerparse(&m, arg[1], &why) < 0) {
			puts("invalid");
			return;
		}
		puts(evalstr(m, arg[2], arg[3]));
		delmarker(m);
	} else if (strcmp(arg[0], "dep") == 0) {
		dep(arg, n);
	} else {
		fatal("bad command: %s", arg[0]);
	}
}

int
main(int argc, char **argv)
{
	char *line = NULL, *arg[8];
	size_t cap = 0, n;
	ssize_t len;

	argv0 = "pep440tool";
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		arg[0] = line;
		for (n = 1; n < 8 && (arg[n] = strchr(arg[n - 1], '\t')); n++)
			*arg[n]++ = '\0';
		for (size_t i = 0; i < n; i++)
			unescape(arg[i]);
		command(arg, n);
	}
	free(line);
	if (fflush(stdout) != 0 || ferror(stdout))
		fatal("write:");
	return 0;
}
