#!/bin/sh
# The PEP 440 module (src/pep/version.c) normalizes, orders and matches versions as
# the packaging that pip vendors does: a few thousand generated cases asked of
# both (tests/oracle/pep440oracle.py: which packaging, what is excluded and why).
. "$srcdir/tests/lib.sh"

TOOL=$top_builddir/tests/helpers/pep440tool
test -x "$TOOL" || { echo "no $TOOL"; exit 99; }

# the answers the oracle cannot give, and the obvious ones, by hand
printf '%s\n' \
	'norm	v1.0-1' 'norm	 1!2.0.0RC3-post.dev_05+Ab.007-X ' 'norm	1.0+' \
	'norm	99999999999999999999999999999999999999.0a000' \
	'cmp	1.0	1.0.0' 'cmp	1.0.dev1	1.0a1' 'cmp	1.0+abc	1.0+1' 'cmp	1.0.post1	1.0+zzz' \
	'match	 >=1.0, !=1.3.*,<2 	1.3.1' 'match	>=1.0,!=1.3.*,<2	1.4' 'match	>=1.0	2.0a1' \
	'match	>=1.0	2.0a1	pre' 'match	>=1.0a1	2.0a1' 'match	>=1.0a1	2.0a1	nopre' \
	'match	==1.0	1.0+local' 'match	<2	2.0a1	pre' 'match	>1.0	1.0.post1' 'match	>1.0	1.0+l' \
	'match	===foo	1.0' 'match	~=1.4.5a4	1.4.6' 'match	==1.0.*,	1.0.0.0' 'match	<1.0,junk	0.1' \
	>"$T/in"
cat >"$T/want" <<'OUT'
1.0.post1
1!2.0.0rc3.post0.dev5+ab.7.x
invalid
99999999999999999999999999999999999999.0a0
0
-1
-1
1
false
true
false
true
true
false
true
false
false
false
false
true
true
invalid-spec
OUT
run "$TOOL" <"$T/in"
expect_rc 0
diff -u "$T/want" "$T/out" || fail "pep440tool's answers differ"

run python3 "$srcdir/tests/oracle/pep440oracle.py" "$TOOL"
[ "$rc" -ne 77 ] || exit 77
expect_rc 0
