#!/bin/sh
# venvmk lock in the requirements format, chosen by --format=requirements or by a name that
# is no pylock: name==version with a --hash for each file, "# via" naming who required each
# package (the requirements file, or the package that depends on it; one line each when
# several do), the inputs' fingerprint and the command that regenerates it in the header.
# pip installs it with --no-deps --require-hashes, and pip check passes.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
printf 'beta\nhello-cli\n' > requirements.in

vm --no-conf -r requirements.in lock -o requirements.txt
expect_rc 0
expect_err "wrote requirements.txt"
vm --no-conf -r requirements.in lock -o reqs.lock --format=requirements
expect_rc 0
# one resolution, two files: the same but for the command in the header (and the digest, which covers it)
diff -u requirements.txt reqs.lock > "$T/diff" && fail "the headers should differ"
[ "$(grep -c '^[-+]#' "$T/diff")" -eq 4 ] && [ "$(grep -c '^[-+]# venvmk-digest: ' "$T/diff")" -eq 2 ] \
	|| { cat "$T/diff"; fail "the locks differ beyond their command"; }

grep -q '^#    venvmk --no-conf -r requirements.in lock -o requirements.txt$' requirements.txt \
	|| fail "the header does not say how to regenerate the lock"
grep -qE '^# venvmk-inputs: [0-9a-f]{64}$' requirements.txt || fail "the header lacks the inputs' fingerprint"
# each pin with the hash of its wheel, followed by who needs it
for w in alpha-2.0 beta-2.0 hello_cli-1.0; do
	grep -qF -- "--hash=sha256:$(sha_of "$WHEELS/$w-py3-none-any.whl")" requirements.txt || fail "no hash of $w"
done
cat > "$T/want" <<'REQ'
alpha==2.0 \
    # via beta
beta==2.0 \
    # via -r requirements.in
hello-cli==1.0 \
    # via -r requirements.in
REQ
grep -v -e '^#' -e '--hash=' requirements.txt | diff -u "$T/want" - || fail "pins or # via lines"

# pip installs it as it is
"$PY" -m venv "$T/v"
"$T/v/bin/python" -m pip install -q --no-deps --require-hashes -r requirements.txt || fail "pip refused the lock"
"$T/v/bin/python" -m pip check || fail "pip check"
expect_installed "$T/v" "$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"

# required by the file and by a package: a "# via" line each
printf 'alpha\nbeta\n' > requirements.in
vm --no-conf -r requirements.in lock -o requirements.txt
expect_rc 0
cat > "$T/want" <<'REQ'
alpha==2.0 \
    # via
    #   -r requirements.in
    #   beta
beta==2.0 \
    # via -r requirements.in
REQ
grep -v -e '^#' -e '--hash=' requirements.txt | diff -u "$T/want" - || fail "two requirers"
