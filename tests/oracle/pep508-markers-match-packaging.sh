#!/bin/sh
# The PEP 508 modules (src/pep/marker.c, src/pep/dep.c) read and evaluate markers and
# requirement lines as the packaging in each interpreter's pip does, against
# that interpreter's own marker environment: a few hundred generated markers
# and every marker of the requirements corpus (tests/oracle/pep508oracle.py: which
# interpreters, what is excluded and why).
. "$srcdir/tests/lib.sh"

TOOL=$top_builddir/tests/helpers/pep440tool
test -x "$TOOL" || { echo "no $TOOL"; exit 99; }

# What no packaging here can answer (PEP 751's lock-file sets are packaging
# 25.0+), venvmk's choices where packaging releases disagree, and what venvmk
# refuses, by hand.  ENV: an interpreter's facts, extras and dependency groups.
env='{"python_version":"3.13","python_full_version":"3.13.0+","os_name":"posix","platform_release":"6.1.0-18-amd64","extras":["Foo_Bar","test"],"dependency_groups":["Dev"]}'
noset='{"python_version":"3.13","os_name":"posix"}'
while IFS='|' read -r expr e extra want; do
	case $e in set) e=$env ;; *) e=$noset ;; esac
	printf 'marker\t%s\t%s\t%s\n' "$expr" "$e" "$extra" >>"$T/in"
	printf '%s\n' "$want" >>"$T/want"
done <<'CASES'
"foo.bar" in extras|set||true
"test" not in extras|set||false
"dev" in dependency_groups and "docs" not in dependency_groups|set||true
"a" in "extras"|set||false
"test" in "extras"|set||true
extras == "test"|set||error
"test" == extras|set||error
extras in "abc"|set||error
"test" in extras|noset||error
"dev" in dependency_groups or os_name == "posix"|noset||error
extra == "Foo.Bar"|noset|foo_bar|true
python_full_version >= "3.13" and python_full_version == "3.13.0"|set||true
python_full_version < "3.13"|set||false
platform_release >= "5"|set||false
platform_release != "5"|set||false
"5" < platform_release|set||true
os_name ~= "posix"|set||error
os_name === "posix"|set||false
python_version === "3.13"|set||true
"\\N{LATIN SMALL LETTER A}" == os_name|set||invalid
"a\\x00" == os_name|set||invalid
"\\x70osix" == os_name and os_name == '\\u0070osix'|set||true
python_version == "3.13" and|set||invalid
python_version == "3.13"\n|set||invalid
CASES
run "$TOOL" <"$T/in"
expect_rc 0
diff -u "$T/want" "$T/out" || fail "pep440tool's answers differ"

run python3 "$srcdir/tests/oracle/pep508oracle.py" drive "$TOOL" "$srcdir/tests/reqcorpus"
[ "$rc" -ne 77 ] || exit 77
expect_rc 0
