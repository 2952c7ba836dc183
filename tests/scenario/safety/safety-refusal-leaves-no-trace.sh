#!/bin/sh
# When venvmk refuses an env path (a dotenv file, a foreign directory, the home
# directory), it leaves nothing behind: no state directory beside it (.env.venvmk/,
# $HOME.venvmk/), no lock, no interpreter cache.
. "$srcdir/tests/lib.sh"

printf 'API_KEY=sk-0123456789\n' > .env
mkdir build && printf 'x\n' > build/data
printf 'env "dev" {\n  dir = ".env"\n  backend = "virtualenv"\n}\n' > venv.conf
ls -A > "$T/before"

vm sync
expect_rc 2
ls -A | diff -u "$T/before" - || fail "sync refused .env but left something behind"
vm --dir build sync
expect_rc 2
ls -A | diff -u "$T/before" - || fail "sync refused build/ but left something behind"

mkdir "$T/home"
HOME=$T/home vm --python "$PY_DEBIAN" --dir "$T/home" sync
expect_rc 2
[ ! -e "$T/home.venvmk" ] || fail "sync refused the home directory but made $T/home.venvmk"
