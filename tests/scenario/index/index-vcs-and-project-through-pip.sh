#!/bin/sh
# What venvmk's own resolver does not model goes to pip whole, and the env is what pip's own
# answer says: a VCS requirement (git+file://, a project whose build needs nothing from an
# index) and a local project, each beside a requirement from the index. -v says why pip
# resolves. A second sync of the same inputs is a no-op that starts nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE
test -x "$PY_DEBIAN" || { echo "no $PY_DEBIAN: pip's answer is the oracle"; exit 77; }
command -v git >/dev/null || { echo "no git (the README's first command installs it)"; exit 77; }
# vcsp: an sdist's tree in a git repository (an in-tree build backend, no build requirements);
# vb: wheels on the index, which vcsp needs (vb<2)
"$PY_DEBIAN" "$srcdir/tests/mkdists.py" "$T/house" 'vcsp==1.0:static:vb<2' vb==1.0:wheel vb==2.0:wheel \
	'localp==1.0:static:vb' || fail "mkdists.py"
WHEELS=$T/house
mkdir "$T/repo" && tar -xzf "$T/house/vcsp-1.0.tar.gz" -C "$T/repo" --strip-components=1 || fail "untar"
rm "$T/house/vcsp-1.0.tar.gz"
(cd "$T/repo" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm v1) || fail "git"
mkdir "$T/localp" && tar -xzf "$T/house/localp-1.0.tar.gz" -C "$T/localp" --strip-components=1 || fail "untar"
rm "$T/house/localp-1.0.tar.gz"
# HTML pages: Debian's pip 23.0 cannot read the JSON form of PEP 714's metadata key
index_start --html-only
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

# pip's own answer in a plain venv of the same interpreter, the oracle
oracle() {
	rm -rf "$T/oracle"
	"$PY" -m venv "$T/oracle" >/dev/null || fail "venv"
	"$T/oracle/bin/python" -m pip install -q -r requirements.txt >"$T/pip.out" 2>&1 || { cat "$T/pip.out" >&2; fail "pip failed"; }
	installed "$T/oracle"
}

# (the line form pip takes for a VCS URL: its packaging refuses "vcsp @ git+file:///...", a URL with no host)
printf 'git+file://%s#egg=vcsp\n' "$T/repo" > requirements.txt
want=$(oracle)
[ "$want" = "$(printf 'vb==1.0\nvcsp==1.0')" ] || fail "pip's answer: $want"
trace_reset
vm -v sync
expect_rc 0
expect_err "pip resolves: a URL requirement or a per-requirement option"
expect_installed .venv "$want"
trace_reset
vm sync
expect_rc 0
[ ! -s "$T/trace" ] || { cat "$T/trace"; fail "a no-op started a program"; }

printf '%s\n' "$T/localp" > requirements.txt
want=$(oracle)
[ "$want" = "$(printf 'localp==1.0\nvb==2.0')" ] || fail "pip's answer: $want"
vm -v sync
expect_rc 0
expect_err "pip resolves: an editable, a local project or a remote requirements file"
expect_installed .venv "$want"
