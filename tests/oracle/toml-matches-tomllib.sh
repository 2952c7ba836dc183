#!/bin/sh
# The TOML reader agrees with Python's tomllib on a few hundred generated documents:
# the same ones rejected, the same values and types in the rest, and canonical forms
# that ignore style but not values (tests/oracle/tomlcompare.py explains the rules).
. "$srcdir/tests/lib.sh"

TOMLJSON=$top_builddir/tests/helpers/tomljson
test -x "$TOMLJSON" || fail "no $TOMLJSON"
oracle=
for py in "$PY_DEBIAN" python3.13 python3.12 python3.11 python3; do
	if "$py" -c 'import tomllib' 2>/dev/null; then
		oracle=$py
		break
	fi
done
[ -n "$oracle" ] || { echo "no Python with tomllib (3.11+)"; exit 77; }

run "$oracle" "$srcdir/tests/oracle/tomlcompare.py" "$TOMLJSON" -n 300
expect_rc 0
expect_out "300 documents:"
expect_out " 0 disagreements"

# The comparison can fail: a decoder that calls every integer a float is caught.
cat > "$T/lying-tomljson" <<EOF
#!/bin/sh
out=\$("$TOMLJSON" "\$@") || exit \$?
printf '%s\n' "\$out" | sed 's/"type":"integer"/"type":"float"/g'
EOF
chmod +x "$T/lying-tomljson"
run "$oracle" "$srcdir/tests/oracle/tomlcompare.py" "$T/lying-tomljson" -n 12
expect_rc 1
expect_out "FAIL: values differ"
