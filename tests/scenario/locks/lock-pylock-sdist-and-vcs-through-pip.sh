#!/bin/sh
# A pylock.toml's sdist and vcs entries are built by one "pip install --no-deps", while the
# wheels beside them are still linked with no pip: the sdist's file is checked against the
# lock's size and sha256 before pip sees it; the vcs entry installs its commit-id even
# though the branch it was requested at has moved on, from a file:// url or a path; and
# --no-deps keeps the env exactly the lock, even where a built project asks for more.
# Without git the vcs entries are left out and the test ends as skipped.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
# the wheelhouse's setuptools is Debian's, which builds only for Debian's Python
test -x "$PY_DEBIAN" || { echo "SKIP: no $PY_DEBIAN"; exit 77; }
mkdir wheels
for w in alpha-2.0 beta-2.0; do cp "$WHEELS/$w-py3-none-any.whl" wheels/; done

# mkproj DIR NAME VERSION DEPENDENCY...: a setuptools project of one module; build isolation
# takes setuptools and wheel from the wheelhouse (PIP_FIND_LINKS)
mkproj() {
	dir=$1 name=$2 version=$3
	shift 3
	deps=
	for d in "$@"; do deps="$deps\"$d\", "; done
	mkdir -p "$dir"
	cat > "$dir/pyproject.toml" <<EOF
[build-system]
requires = ["setuptools>=61", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "$name"
version = "$version"
dependencies = [$deps]

[tool.setuptools]
py-modules = ["$name"]
EOF
	printf '__version__ = "%s"\n' "$version" > "$dir/$name.py"
}

# the sdist: sdproj 1.2, which needs alpha
mkproj src/sdproj-1.2 sdproj 1.2 'alpha>=2.0'
tar -czf sdproj-1.2.tar.gz -C src sdproj-1.2

# the vcs project: vcsproj 0.3 (it needs beta) at the locked commit; main then moves on to 0.4
have_git=true
command -v git >/dev/null || have_git=false
if $have_git; then
	export GIT_AUTHOR_NAME=venvmk GIT_AUTHOR_EMAIL=venvmk@localhost \
		GIT_COMMITTER_NAME=venvmk GIT_COMMITTER_EMAIL=venvmk@localhost GIT_CONFIG_NOSYSTEM=1
	mkproj repo vcsproj 0.3 'beta>=2.0'
	git -C repo init -q -b main
	git -C repo add -A
	git -C repo commit -q -m 0.3
	commit=$(git -C repo rev-parse HEAD)
	sed -i 's/0\.3/0.4/' repo/pyproject.toml repo/vcsproj.py
	git -C repo commit -q -a -m 0.4
fi

# vcs_pkg URL-OR-PATH-LINE: the vcsproj entry
vcs_pkg() {
	$have_git || return 0
	printf '\n[[packages]]\nname = "vcsproj"\nversion = "0.3"\n[packages.vcs]\ntype = "git"\n%s\nrequested-revision = "main"\ncommit-id = "%s"\n' \
		"$1" "$commit" >> pylock.toml
}
sdist_pkg() {
	printf '\n[[packages]]\nname = "sdproj"\nversion = "1.2"\n[packages.sdist]\nname = "sdproj-1.2.tar.gz"\npath = "sdproj-1.2.tar.gz"\nsize = %s\nhashes = {sha256 = "%s"}\n' \
		"$(size_of sdproj-1.2.tar.gz)" "${1:-$(sha_of sdproj-1.2.tar.gz)}" >> pylock.toml
}

pylock_head
pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
pylock_pkg beta 2.0 -- wheels/beta-2.0-py3-none-any.whl
sdist_pkg
vcs_pkg "url = \"file://$T/p/repo\""

want='alpha==2.0
beta==2.0
sdproj==1.2'
$have_git && want="$want
vcsproj==0.3"
trace_reset
vm --python "$PY_DEBIAN" --lock pylock.toml sync
expect_rc 0
expect_pip_runs 1
grep -- ' -m pip install' "$T/trace" > "$T/pip"
grep -q -- ' --no-deps ' "$T/pip" || fail "pip ran without --no-deps: $(cat "$T/pip")"
grep -q -- ' ./sdproj-1.2.tar.gz' "$T/pip" || fail "pip did not build the sdist: $(cat "$T/pip")"
! grep -q -- '\.whl' "$T/pip" || fail "pip was given a wheel: $(cat "$T/pip")"
for w in alpha-2.0 beta-2.0; do
	grep -q "^venvmk native-link wheels/$w-py3-none-any.whl" "$T/trace" || fail "$w was not linked"
done
expect_installed .venv "$want"
[ "$(.venv/bin/python -c 'import sdproj; print(sdproj.__version__)')" = 1.2 ] || fail "sdproj is not importable"
.venv/bin/python -m pip check || fail "pip check"
if $have_git; then
	grep -q -- "vcsproj @ git+file://localhost$T/p/repo@$commit" "$T/pip" || fail "pip was not given the commit: $(cat "$T/pip")"
	[ "$(.venv/bin/python -c 'import vcsproj; print(vcsproj.__version__)')" = 0.3 ] \
		|| fail "vcsproj is not the locked commit"
	# pip records where it came from: the commit, not the branch
	.venv/bin/python - "$commit" <<'PY' || fail "direct_url.json does not name the commit"
import importlib.metadata as m, json, sys
d = json.loads(m.distribution("vcsproj").read_text("direct_url.json"))
assert d["vcs_info"]["commit_id"] == sys.argv[1], d
PY
fi

# the sdist no longer what the lock says: refused before pip runs, the env stays
stamp=$(mtime .venv.venvmk/stamp)
pylock_head
pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
sdist_pkg "$(sha_of wheels/alpha-2.0-py3-none-any.whl)"
trace_reset
vm --python "$PY_DEBIAN" --lock pylock.toml sync
[ "$rc" -ne 0 ] || fail "an sdist with the wrong hash synced"
expect_err "sdproj-1.2.tar.gz: sha256 mismatch: the lock says $(sha_of wheels/alpha-2.0-py3-none-any.whl), the file has $(sha_of sdproj-1.2.tar.gz)"
expect_pip_runs 0
expect_installed .venv "$want"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved"

# exactly the lock: beta left out though vcsproj needs it (vcs by a path relative to the
# lock).  The env's pip-args reach the pip that builds: with neither an index nor find-links,
# only --no-build-isolation, with the seeded setuptools and the lock's wheel, can build them.
cp "$WHEELS/wheel-0.38.4-py3-none-any.whl" wheels/
pylock_head
pylock_pkg alpha 2.0 -- wheels/alpha-2.0-py3-none-any.whl
pylock_pkg wheel 0.38.4 -- wheels/wheel-0.38.4-py3-none-any.whl
sdist_pkg
vcs_pkg 'path = "repo"'
want='alpha==2.0
sdproj==1.2'
$have_git && want="$want
vcsproj==0.3"
unset PIP_FIND_LINKS
trace_reset
vm --python "$PY_DEBIAN" --pip-arg=--no-build-isolation --lock pylock.toml sync
expect_rc 0
expect_pip_runs 1
grep -q -- ' -m pip install .* --no-build-isolation .*--no-deps ' "$T/trace" || fail "pip-args did not reach pip"
expect_installed .venv "$want"
.venv/bin/python -m pip list --format=freeze | grep -q '^wheel==0.38.4$' || fail "the lock's wheel is not installed"
$have_git || { echo "SKIP: no git: the lock's vcs entries were not tried"; exit 77; }
[ "$(.venv/bin/python -c 'import vcsproj; print(vcsproj.__version__)')" = 0.3 ] \
	|| fail "vcsproj by path is not the locked commit"
