#!/bin/sh
# An added line that pins an installed package to an older version with fewer
# dependencies ("foo" gave foo 2.0 + bar; "foo<2" added) leaves exactly what a clean
# rebuild holds: foo 1.0 alone, no orphaned bar.
. "$srcdir/tests/lib.sh"

mkdir "$T/wheels"
"$PY" - "$srcdir/tests" "$T/wheels" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import mkwheelhouse as m
for spec in (("foo", "1.0", "foo", [], {}, ""),
             ("foo", "2.0", "foo", ["bar"], {}, ""),
             ("bar", "1.0", "bar", [], {}, "")):
    name, files = m.wheel_files(*spec)
    m.write_wheel(sys.argv[2] + "/" + name, files)
PY
export PIP_FIND_LINKS="$WHEELS $T/wheels"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'foo\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'bar==1.0
foo==2.0'

printf 'foo\nfoo<2\n' > requirements.txt
# what a clean rebuild from the same inputs holds
vm --dir .clean sync
expect_rc 0
expect_installed .clean 'foo==1.0'

vm sync
expect_rc 0
expect_installed .venv 'foo==1.0'
