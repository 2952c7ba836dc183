/* pyproject_test.c: the pure pyproject.toml and Pipfile readers against small documents. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "parse/tomltree.h"
#include "parse/toml.h"
#include "parse/pyproject.h"
#include "parse/pipfile.h"
#include "check.h"

static struct toml *
parse(const char *text)
{
	struct toml *t = tomlparse(text, strlen(text), "pyproject.toml");

	if (!t)
		fatal("parse failed: %s", text);
	return t;
}

#define BASE \
	"[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n" \
	"[project]\nname = \"app\"\nversion = \"1.0\"\ndependencies = [\"alpha\"]\n"

/* the canonical form of what counts for a project's install */
static char *
canon(const char *text)
{
	struct toml *t = parse(text);
	struct buf b = {0};

	pyprojectcanon(t, &b);
	deltoml(t);
	return b.s;
}

/* whether the table [tool.PATH] shows in the canonical form, as pyprojectcanon decides for a sync */
static bool
toolcounts(const char *path)
{
	char *with = xasprintf(BASE "[tool.%s]\nx = 1\n", path), *a = canon(BASE), *b = canon(with);
	bool counts = strcmp(a, b) != 0;

	free(with);
	free(a);
	free(b);
	return counts;
}

/* the requirement lines joined by '|', or "ERROR" */
static char *
deps(const char *text, const char *extra)
{
	struct toml *t = parse(text);
	struct strlist ex = {0}, out = {0};
	struct buf b = {0};

	if (extra)
		strlistadd(&ex, extra);
	if (pyprojectdeps(t, "pyproject.toml", &ex, &out, NULL) < 0)
		return "ERROR";
	bufputs(&b, "");
	for (size_t i = 0; i < out.n; i++)
		bufprintf(&b, "%s%s", i ? "|" : "", out.v[i]);
	deltoml(t);
	return b.s;
}

static char *
group(const char *text, const char *name)
{
	struct toml *t = parse(text);
	struct strlist out = {0};
	struct buf b = {0};

	if (pyprojectgroup(t, "pyproject.toml", name, &out, NULL) < 0)
		return "ERROR";
	bufputs(&b, "");
	for (size_t i = 0; i < out.n; i++)
		bufprintf(&b, "%s%s", i ? "|" : "", out.v[i]);
	deltoml(t);
	return b.s;
}

static char *
pipfile(const char *text, const char *cat)
{
	struct toml *t = parse(text);
	struct strlist out = {0};
	struct buf b = {0};

	if (pipfilesources(t, "Pipfile", &out, NULL) < 0
	    || pipfilepackages(t, "Pipfile", "", cat, &out, NULL) < 0)
		return "ERROR";
	bufputs(&b, "");
	for (size_t i = 0; i < out.n; i++)
		bufprintf(&b, "%s%s", i ? "|" : "", out.v[i]);
	deltoml(t);
	return b.s;
}

int
main(void)
{
	char *base = canon(BASE "[tool.setuptools]\nzip-safe = false\n[tool.ruff]\nline-length = 88\n"
	    "[tool.pytest.ini_options]\naddopts = \"-q\"\n[tool.hatch.envs.default]\nx = 1\n");

	CHECK(strcmp(pyprojectname("Foo__Bar.baz-Q"), "foo-bar-baz-q") == 0, "PEP 503 names");
	CHECK(!toolcounts("ruff"), "ruff never counts");
	CHECK(!toolcounts("pytest.ini_options"), "nor pytest's ini_options");
	CHECK(toolcounts("setuptools.packages.find"), "setuptools counts, below too");
	CHECK(!toolcounts("hatch.envs.default"), "hatch's envs do not count");
	CHECK(toolcounts("hatch.build.targets"), "hatch's build does");
	CHECK(!toolcounts("uv.pip") && toolcounts("uv.build-backend"), "uv: only its build backend");
	CHECK(toolcounts("somebody-elses-tool"), "an unlisted tool counts");

	CHECK(strcmp(canon("# a comment\n[tool.ruff]\nline-length = 100\n[project]\nversion = '1.0'\n"
	    "dependencies = [ 'alpha' ]\nname = 'app'\n[tool]\nsetuptools = { zip-safe = false }\n"
	    "pytest.ini_options.addopts = \"-x\"\n[build-system]\nbuild-backend = \"setuptools.build_meta\"\n"
	    "requires = ['setuptools>=61']\n"), base) == 0,
	    "comments, order, quoting, table style and non-install tools leave it alone");
	CHECK(strcmp(canon(BASE "[tool.setuptools]\nzip-safe = true\n"), base) != 0, "[tool.setuptools] counts");
	CHECK(strcmp(canon(BASE), canon(BASE "[tool.ruff]\nline-length = 1\n[tool.hatch.envs.x]\ny = 2\n")) == 0,
	    "no [tool], and a [tool] of tables that do not count, are the same");
	CHECK(strcmp(canon(BASE "[tool.setuptools]\nzip-safe = false\n[tool.hatch.build]\nx = 1\n"), base) != 0,
	    "[tool.hatch.build] counts");
	CHECK(strcmp(canon(BASE "[tool.setuptools]\nzip-safe = false\n[tool.mystery]\nx = 1\n"), base) != 0,
	    "an unlisted tool counts");
	CHECK(strcmp(canon("[build-system]\nrequires = [\"setuptools>=62\"]\nbuild-backend = \"setuptools.build_meta\"\n"
	    "[project]\nname = \"app\"\nversion = \"1.0\"\ndependencies = [\"alpha\"]\n"
	    "[tool.setuptools]\nzip-safe = false\n"), base) != 0, "[build-system] counts");
	CHECK(strcmp(canon(BASE "description = \"x\"\n[tool.setuptools]\nzip-safe = false\n"), base) != 0,
	    "[project] counts");

	const char *doc = "[project]\nname = \"App\"\ndependencies = [\"alpha\", \"beta>=1\"]\n"
	    "[project.optional-dependencies]\nTest_X = [\"gamma\"]\ndocs = [\"delta ; python_version > '3'\"]\n"
	    "all = [\"app[test-x]\", \"APP[docs] ; os_name == 'posix'\"]\n";
	CHECK(strcmp(deps(doc, NULL), "alpha|beta>=1") == 0, "dependencies");
	CHECK(strcmp(deps(doc, "test.x"), "alpha|beta>=1|gamma") == 0, "an extra, by its PEP 685 name");
	CHECK(strcmp(deps(doc, "all"), "alpha|beta>=1|gamma|delta ; (python_version > '3') and (os_name == 'posix')") == 0,
	    "an extra naming the project is expanded, markers and-ed: %s", deps(doc, "all"));
	CHECK(strcmp(deps(doc, "nope"), "ERROR") == 0, "an unknown extra");
	CHECK(strcmp(deps("[project]\nname = \"a\"\ndynamic = [\"dependencies\"]\n", NULL), "ERROR") == 0,
	    "dynamic dependencies");
	CHECK(strcmp(deps("[tool.x]\ny = 1\n", NULL), "ERROR") == 0, "no [project]");
	CHECK(strcmp(deps("[project]\ndependencies = [\"--index-url=x\"]\n", NULL), "ERROR") == 0,
	    "an option is not a requirement");

	const char *groups = "[dependency-groups]\nDev = [\"a\", {include-group = \"Test_Tools\"}, \"b\"]\n"
	    "test-tools = [\"c\", {include-group = \"lint\"}]\nlint = [\"d\"]\nboth = [{include-group = \"lint\"}, "
	    "{include-group = \"test-tools\"}]\n";
	CHECK(strcmp(group(groups, "dev"), "a|c|d|b") == 0, "a group with include-group, PEP 735 names");
	CHECK(strcmp(group(groups, "both"), "d|c") == 0, "a group included twice counts once");
	CHECK(strcmp(group(groups, "docs"), "ERROR") == 0, "an unknown group");
	CHECK(strcmp(group("[dependency-groups]\na = [{include-group = \"b\"}]\nb = [{include-group = \"A\"}]\n", "a"),
	    "ERROR") == 0, "a cycle");
	CHECK(strcmp(group("[dependency-groups]\na = [\"x\"]\nA = [\"y\"]\n", "a"), "ERROR") == 0,
	    "two groups with one normalized name");
	CHECK(strcmp(group("[dependency-groups]\na = [{include-group = \"b\", x = 1}]\nb = []\n", "a"), "ERROR") == 0,
	    "an include-group table with another key");

	CHECK(strcmp(pipfile("[packages]\na = \"*\"\nb = \"==1\"\nc = \"1.0\"\nd = {version = \">=2\", extras = [\"x\"], "
	    "markers = \"python_version > '3'\", sys_platform = \"== 'linux'\"}\n", "packages"),
	    "req a|req b==1|req c==1.0|req d[x]>=2 ; (python_version > '3') and (sys_platform == 'linux')") == 0,
	    "versions, extras and markers");
	CHECK(strcmp(pipfile("[packages]\np = {path = \"lib\", editable = true}\nq = {path = \"/abs/q\"}\n"
	    "r = {git = \"https://h/r.git\", ref = \"v1\", subdirectory = \"s\"}\n"
	    "e = {git = \"https://h/e.git\", editable = true}\n", "packages"),
	    "editable ./lib|req /abs/q|req r @ git+https://h/r.git@v1#subdirectory=s|editable git+https://h/e.git#egg=e") == 0,
	    "paths and VCS");
	CHECK(strcmp(pipfile("[[source]]\nurl = \"https://a/simple\"\nname = \"a\"\n[[source]]\nurl = \"http://u:p@b:81/s\"\n"
	    "verify_ssl = false\nname = \"b\"\n[dev-packages]\nx = {version = \"*\", index = \"b\"}\n", "dev-packages"),
	    "opt index-url https://a/simple|opt extra-index-url http://u:p@b:81/s|opt trusted-host b:81|req x") == 0,
	    "sources as pipenv passes them");
	CHECK(strcmp(pipfile("[packages]\nx = {version = \"*\", index = \"nope\"}\n", "packages"), "ERROR") == 0,
	    "an index naming no source");
	CHECK(strcmp(pipfile("[packages]\nx = {versoin = \"*\"}\n", "packages"), "ERROR") == 0, "an unknown key");
	CHECK(strcmp(pipfile("[packages]\nx = \"*\"\n", "docs"), "ERROR") == 0, "an unknown category");
	return check_done();
}
