#!/bin/sh
# On a filesystem that clones (XFS with reflink, on a loop device here) link-mode = auto
# clones: each env file is its own inode (one link) whose blocks the cache entry shares,
# show says "clones", and an in-place append to a module in one env changes neither the
# other env nor the cache. Forced clone clones, forced hardlink links, forced copy copies.
# Needs root and a loop device: skipped (77) only where mounting is refused.
. "$srcdir/tests/lib.sh"

mount_image xfs

# the cache and every env on the XFS filesystem
export VENVMK_CACHE_DIR="$M/cache"
mkdir "$M/p"
cd "$M/p"
cat > venv.conf <<'CONF'
env "a" { packages = {"gamma==1.5"} }
env "b" { packages = {"gamma==1.5"} }
env "c" {
  packages = {"gamma==1.5"}
  link-mode = "clone"
}
env "h" {
  packages = {"gamma==1.5"}
  link-mode = "hardlink"
}
env "k" {
  packages = {"gamma==1.5"}
  link-mode = "copy"
}
CONF
vm sync
expect_rc 0
f=$(cd .venv && echo lib/python3*/site-packages/gamma/__init__.py)
cachef=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/gamma/__init__.py' | head -n 1)
[ -f "$cachef" ] || fail "no gamma in the cache"
sum() { sha256sum < "$1"; }
orig=$(sum "$cachef")

# auto chose clones, remembered for this pair of filesystems
ls "$VENVMK_CACHE_DIR"/linkmode/* >/dev/null 2>&1 || fail "the probe's answer is not remembered"
[ "$(cat "$VENVMK_CACHE_DIR"/linkmode/*)" = clone ] || fail "remembered: $(cat "$VENVMK_CACHE_DIR"/linkmode/*)"
for e in .venv .venv-b .venv-c; do
	[ "$(stat -c %h "$e/$f")" -eq 1 ] || fail "$e: a cloned file has $(stat -c %h "$e/$f") links"
	[ "$(stat -c %i "$e/$f")" != "$(stat -c %i "$cachef")" ] || fail "$e: the file is the cache's inode"
	[ "$(sum "$e/$f")" = "$orig" ] || fail "$e: the clone's content differs"
	if command -v filefrag >/dev/null; then
		filefrag -v "$e/$f" | grep -q shared || fail "$e: no shared extent: $(filefrag -v "$e/$f")"
	fi
done
vm show a
expect_out "cache:        $VENVMK_CACHE_DIR (auto: clones; "
expect_out " compiled files hard-linked)"
vm show c
expect_out "cache:        $VENVMK_CACHE_DIR (clones; "
vm show --json a
python3 - "$T/out" <<'PY' || fail "show --json of a cloned env"
import json, sys
[e] = json.load(open(sys.argv[1]))
assert e["link_mode"] == "auto", e
assert e["link_mode_used"] == "clone", e
n = e["linked_files"]
assert n["clone"] > 100 and n["hardlink"] > 100 and n["copy"] == 0, n
PY
# two processes place the clones and copies (a dir at a time each): the record still
# counts every file, as many as the hard-linked env of the same inputs got, and as the
# env holds files from the cache (one link each: the env's own)
# Compiled files, which Python only ever replaces whole, are hard-linked where modules are
# cloned: every .pyc of env a is the cache's, every other file from the cache its own
vm show --json a h k
python3 - "$T/out" "$M/p" <<'PY' || fail "clones and copies counted as hard links are"
import json, os, sys
a, h, k = json.load(open(sys.argv[1]))
na, nl = a["linked_files"]["clone"], a["linked_files"]["hardlink"]
nh, nk = h["linked_files"]["hardlink"], k["linked_files"]["copy"]
assert na + nl == nh == nk, (na, nl, nh, nk)
def files(env):
    for r, _, fs in os.walk(os.path.join(sys.argv[2], env)):
        for f in fs:
            yield os.path.join(r, f)
linked = [f for f in files(".venv-h") if os.lstat(f).st_nlink > 1]
assert len(linked) == nh, (len(linked), nh)
pycs = [f for f in files(".venv") if f.endswith(".pyc")]
assert len(pycs) == nl and all(os.lstat(f).st_nlink > 1 for f in pycs), (len(pycs), nl)
assert not [f for f in files(".venv") if not f.endswith(".pyc") and os.lstat(f).st_nlink > 1]
PY

# a clone of a module keeps the cache's mtime, so its cloned .pyc stays valid: importing
# rewrites no .pyc
pyc=$(cd .venv-b && echo "$(dirname "$f")"/__pycache__/__init__.*.pyc)
[ -f ".venv-b/$pyc" ] || fail "no .pyc beside the cloned module"
ino=$(stat -c %i ".venv-b/$pyc")
.venv-b/bin/python -c 'import gamma' || fail "env b cannot import gamma"
[ "$(stat -c %i ".venv-b/$pyc")" = "$ino" ] || fail "python rewrote the cloned .pyc: the module's mtime differs"

# forced hardlink links, forced copy copies, here too
[ "$(stat -c %i .venv-h/$f)" = "$(stat -c %i "$cachef")" ] || fail "hardlink: not the cache's inode"
[ "$(stat -c %h .venv-k/$f)" -eq 1 ] || fail "copy: a copied file has links"
if command -v filefrag >/dev/null; then
	! filefrag -v ".venv-k/$f" | grep -q shared || fail "copy: the copy shares its blocks"
fi
vm show h
expect_out "cache:        $VENVMK_CACHE_DIR (hard links)"
vm show k
expect_out "cache:        $VENVMK_CACHE_DIR (copies)"

# an in-place append in one cloned env (no new file, no rename) stays there
printf 'EDITED = "in place"\n' >> ".venv/$f"
cachepyc=$(find "$VENVMK_CACHE_DIR/wheels" -path "*/gamma/__pycache__/$(basename "$pyc")" | head -n 1)
pycsum=$(sum "$cachepyc")
[ "$(env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -c 'import gamma; print(gamma.EDITED)')" = "in place" ] ||
	fail "the edit is not in env a"
# Python compiled the edited module anew: its .pyc in env a is its own now, by a rename, and
# the cache's and env b's (the same file, linked) are as they were
[ "$(stat -c %h ".venv/$pyc")" -eq 1 ] || fail "env a's new .pyc is still linked"
[ "$(sum "$cachepyc")" = "$pycsum" ] || fail "python's new .pyc in env a reached the cache"
[ "$(sum ".venv-b/$pyc")" = "$pycsum" ] || fail "python's new .pyc in env a reached env b"
[ "$(sum .venv-b/$f)" = "$orig" ] || fail "the edit in env a reached env b"
[ "$(sum "$cachef")" = "$orig" ] || fail "the edit in env a reached the cache"
.venv-b/bin/gamma | grep -qx 'gamma 1.5' || fail "env b no longer works"
# the cache entry is whole: a new env takes it as it is, with no "damaged" repair
vm --no-conf --package gamma==1.5 --no-requirements --dir .venv-new sync
expect_rc 0
! grep -q damaged "$T/err" || fail "the cache entry was found damaged"
[ "$(sum .venv-new/$f)" = "$orig" ] || fail "a new env got the edit"

# Two processes share the cloning, a dir each at a time. A file of pip's gone from its
# cache entry is found by whichever clones that dir: the entry is unpacked again (and
# compiled) and the env rebuilt, whole, its files those of an env from a sound cache
pipmain=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/pip/__main__.py' | head -n 1)
[ -f "$pipmain" ] || fail "no pip in the cache"
rm "$pipmain"
vm --no-conf --package gamma==1.5 --no-requirements --dir .venv-mended sync
expect_rc 0
expect_err "damaged cache entry; unpacking again"
(cd .venv-b && find . -path ./bin -prune -o -type f -print | sort) > "$T/files.sound"
(cd .venv-mended && find . -path ./bin -prune -o -type f -print | sort) > "$T/files.mended"
diff "$T/files.sound" "$T/files.mended" > "$T/files.diff" || fail "the mended env's files differ from a sound one's: $(head -5 "$T/files.diff")"
site=$(cd .venv-mended && echo lib/python3*/site-packages)
[ "$(stat -c %h ".venv-mended/$site/pip/__main__.py")" -eq 1 ] || fail "the mended env's pip/__main__.py is not a clone"
.venv-mended/bin/python -m pip --version >/dev/null || fail "the mended env's pip does not work"
vm --no-conf --package gamma==1.5 --no-requirements --dir .venv-mended check
expect_rc 0
