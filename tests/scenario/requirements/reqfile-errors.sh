#!/bin/sh
# Broken requirements files: a precise "file:line:" error, exit 2, and nothing touched.
. "$srcdir/tests/lib.sh"

check_error() {
	msg=$1
	vm sync -r requirements.txt
	expect_rc 2
	expect_err_exact "$msg"
	[ ! -e .venv ] || fail ".venv was created"
	[ ! -e .venv.venvmk/state ] || fail "state was written"
}

printf 'alpha\n\n-r base.txt\n' > requirements.txt
check_error 'venvmk: requirements.txt:3: base.txt: No such file or directory'

mkdir -p sub
printf 'alpha\n-r sub/a.txt\n' > requirements.txt
printf '# a\n-r ../requirements.txt\n' > sub/a.txt
check_error 'venvmk: sub/a.txt:2: requirements.txt: include cycle'

printf 'alpha\n--requirement=requirements.txt\n' > requirements.txt
check_error 'venvmk: requirements.txt:2: requirements.txt: include cycle'

printf -- '-r sub\n' > requirements.txt
check_error 'venvmk: requirements.txt:1: sub: Is a directory'

printf 'alpha\n--frobnicate\n' > requirements.txt
check_error 'venvmk: requirements.txt:2: no such option: --frobnicate'

printf 'alpha\n--index-url\n' > requirements.txt
check_error 'venvmk: requirements.txt:2: --index-url option requires an argument'

printf 'alpha\nbeta\n\377\376junk\n' > requirements.txt
check_error 'venvmk: requirements.txt:3: invalid UTF-8'

printf 'alpha\nbe\000ta\n' > requirements.txt
check_error 'venvmk: requirements.txt:2: binary data (a NUL byte); not a requirements file'

printf -- "-r 'unclosed\n" > requirements.txt
check_error 'venvmk: requirements.txt:1: no closing quotation'

printf 'alpha\n' > requirements.txt
chmod 000 requirements.txt
if ! cat requirements.txt >/dev/null 2>&1; then
	check_error 'venvmk: .venv: requirements.txt: Permission denied'
fi
chmod 644 requirements.txt

rm requirements.txt
check_error 'venvmk: .venv: requirements.txt: No such file or directory'

# a 1 MB line is read, not rejected
python3 -c 'print("alpha==1.0 ; python_version >= \"3\" and platform_machine != \"" + "x" * 1000000 + "\"")' > big.txt
vm inputs -r big.txt
expect_rc 0
[ "$(wc -c < "$T/out")" -gt 1000000 ] || fail "the long line was not read whole"
