#!/bin/sh
# The pins venvmk lock keeps of a pylock.toml (src/parse/lockpins.c) are what tomllib and
# packaging read in it: a few hundred generated documents with tricky names and versions
# (tests/oracle/lockpinsoracle.py says which, and what a pin must be).
. "$srcdir/tests/lib.sh"

TOOL=$top_builddir/tests/helpers/lockpinstool
test -x "$TOOL" || fail "no $TOOL"
oracle=
for py in "$PY_DEBIAN" python3.13 python3.12 python3.11 python3; do
	if "$py" -c 'import tomllib' 2>/dev/null; then
		oracle=$py
		break
	fi
done
[ -n "$oracle" ] || { echo "no Python with tomllib (3.11+)"; exit 77; }

mkdir "$T/docs"
run "$oracle" "$srcdir/tests/oracle/lockpinsoracle.py" "$TOOL" "$T/docs" -n 300
expect_rc 0
expect_out "300 documents ("
expect_out ": 0 disagreements"

# The comparison can fail: a tool that keeps a pin lockpins must drop is caught.
cat > "$T/lying-tool" <<EOF2
#!/bin/sh
"$TOOL" "\$@" | sed 's/^\(== .* ok\)\$/\1\nx==1.0/'
EOF2
chmod +x "$T/lying-tool"
mkdir "$T/docs2"
run "$oracle" "$srcdir/tests/oracle/lockpinsoracle.py" "$T/lying-tool" "$T/docs2" -n 12
expect_rc 1
expect_out "FAIL: "
