# tests/complib.sh: sourced (after lib.sh) by the shell completion tests
# (tests/scenario/cli/completion-in-*.sh). It makes a project to complete in, and lists
# what src/main.c has: every long option of its option table, the short options of its
# getopt string, and every command of its command table; each test checks that its
# shell's completion offers all of them, so that an option added without its completion
# fails the test.

COMPDIR=$srcdir/completions
# the built venvmk first on PATH: the completions run "venvmk list" for the env names
PATH=$top_builddir/src:$PATH
export PATH

# the project: three declared envs, a requirements file and a dir to complete
cat > venv.conf <<'CONF'
env "dev" {
  requirements = {"requirements-dev.txt"}
}
env "docs" {
}
env "ci" {
  dir = "build/ci"
}
CONF
: > requirements-dev.txt
mkdir subdir
mkdir -p "$T/other"

# the long options of src/main.c's table, the short ones of its getopt string, its commands
main_longopts() {
	sed -n '/^static const struct option longopts\[\] = {/,/^};/p' "$srcdir/src/main.c" |
		sed -n 's/^[[:space:]]*{"\([a-z0-9-]*\)".*/--\1/p'
}
main_shortopts() {
	sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$srcdir/src/main.c" | tr -d ':' | fold -w1 | sed 's/^/-/'
}
main_commands() {
	sed -n '/^} commands\[\] = {/,/^};/p' "$srcdir/src/main.c" |
		sed -n 's/^[[:space:]]*{"\([a-z0-9-]*\)".*/\1/p'
}

# expect_offered FILE WORD...: FILE (one completion a line) offers each WORD
expect_offered() {
	f=$1
	shift
	for w in "$@"; do
		grep -qxF -- "$w" "$f" || { echo "offered:" >&2; cat "$f" >&2; fail "$w is not offered ($(basename "$f"))"; }
	done
}
# expect_not_offered FILE WORD...
expect_not_offered() {
	f=$1
	shift
	for w in "$@"; do
		! grep -qxF -- "$w" "$f" || fail "$w is offered ($(basename "$f")), it should not be"
	done
}
