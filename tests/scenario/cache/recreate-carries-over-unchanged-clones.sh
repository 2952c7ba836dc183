#!/bin/sh
# A recreate on a filesystem that clones (XFS with reflink) links into the new env the
# files of the env it replaces that are that env's own clones and unchanged since venvmk
# placed them, instead of cloning them again: the same inode, still one link once the old
# env is gone. Every file changed by hand since (appended to, rewritten with its size
# and mtime kept, chmod-ed, replaced by a rename, linked elsewhere) comes fresh from
# the cache, and the env is file for file what a clean rebuild makes. After a sync that
# was killed or stopped, only the files it did not touch are carried over; nothing is
# carried after pip installed into the env, from an env copied elsewhere, or where two
# wheels placed a file at the same path (pip's seed's too).
# Needs root and a loop device: skipped (77) only where mounting is refused.
. "$srcdir/tests/lib.sh"

mount_image xfs
export VENVMK_CACHE_DIR="$M/cache"
W=$M/wh
mkdir -p "$W" "$M/p"
# two wheels that both ship shared/same.py, as big as each other, not the same; a third
# that ships pip/py.typed, as big as pip's own
size=$(wc -c < "$("$PY" -c 'import os, pip; print(os.path.dirname(pip.__file__))')/py.typed")
"$PY" - "$W" "$size" <<'PY'
import base64, hashlib, os, sys, zipfile
for dist, x in (("ovla", "a"), ("ovlb", "b"), ("ovlc", "c")):
    files = {dist + "/__init__.py": ""}
    if dist == "ovlc":
        files["pip/py.typed"] = "c" * (int(sys.argv[2]) - 1) + "\n"
    else:
        files["shared/__init__.py"] = ""
        files["shared/same.py"] = "X = %r\n" % x
    files.update({
        dist + "-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: 1.0\n" % dist,
        dist + "-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    })
    rows = []
    for name, text in files.items():
        d = text.encode()
        rows.append("%s,sha256=%s,%d" % (name, base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode(), len(d)))
    files[dist + "-1.0.dist-info/RECORD"] = "\n".join(rows + [dist + "-1.0.dist-info/RECORD,,"]) + "\n"
    with zipfile.ZipFile(os.path.join(sys.argv[1], dist + "-1.0-py3-none-any.whl"), "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
PY
export PIP_FIND_LINKS="$W $WHEELS"
cd "$M/p"
SP=lib/python3.11/site-packages
ino() { stat -c %i "$1"; }
links() { stat -c %h "$1"; }
# what an env holds, its paths (bin/, the activate scripts and RECORD's rows of bin/ name
# them) aside: each file of site-packages with its mode, a module's mtime (its .pyc
# records it) and its content
view() {
	(cd "$1/$SP" && find . -type f ! -name '*.pyc' -printf '%P %m\n' | sort &&
		find . -name '*.py' -printf '%P %T@\n' | sort &&
		find . -type f ! -name RECORD -exec sha256sum {} + | sort -k 2 &&
		for r in *.dist-info/RECORD; do echo "$r:"; grep -v '^\.\./\.\./\.\./bin/' "$r"; done)
}
# ENV is file for file a clean rebuild from the same requirements (one of its own, then gone)
expect_clean() {
	rm -rf "$M/clean" "$M/clean.venvmk"
	"$VENVMK" -q --no-conf -r requirements.txt --dir "$M/clean" sync || fail "the clean rebuild failed"
	view "$M/clean" > "$T/view.clean"
	view "$1" > "$T/view.env"
	diff -u "$T/view.clean" "$T/view.env" > "$T/view.diff" || fail "$1 differs from a clean rebuild ($2): $(head -20 "$T/view.diff")"
	"$1/bin/gamma" | grep -qx 'gamma 1.5' || fail "$1's gamma does not run ($2)"
}
# how many files of the env were carried over, as show --json says
carried() {
	"$VENVMK" show --json | "$PY" -c 'import json, sys; [e] = json.load(sys.stdin); print(e["carried_files"])'
}

# R1 and R2: going from either to the other drops a line, a recreate
R1='alpha==1.0
gamma==1.5'
R2='delta==0.2
gamma==1.5'
req() { echo "$1" > requirements.txt; }

req "$R1"
vm sync
expect_rc 0
[ "$(sed -n 's/^mode //p' .venv/.venvmk-link)" = clone ] || fail "the env is not cloned: $(cat .venv/.venvmk-link)"
g=.venv/$SP/gamma/__init__.py
gi=$(ino $g)
mainpy=.venv/$SP/pip/__main__.py
sized=.venv/$SP/pip/__init__.py
modef=.venv/$SP/gamma-1.5.dist-info/METADATA
renamed=.venv/$SP/pip/_internal/__init__.py
linked=.venv/$SP/pip/_internal/main.py
old_main=$(ino $mainpy) old_sized=$(ino $sized) old_mode=$(ino $modef) old_renamed=$(ino $renamed) old_linked=$(ino $linked)

# the changes a user makes by hand: an append; a rewrite in place of as many bytes with
# the mtime put back (only the ctime tells); a chmod put back; a rename over; a link
printf '# debugging\n' >> "$mainpy"
cp -p "$sized" "$M/ref"
"$PY" - "$sized" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    d = f.read()
    f.seek(0)
    f.write(d.replace(b"__version__", b"__VERSION__"))
PY
touch -r "$M/ref" "$sized"
cmp -s "$sized" "$M/ref" && fail "the rewrite changed nothing"
[ "$(stat -c %Y.%s "$sized")" = "$(stat -c %Y.%s "$M/ref")" ] || fail "the rewrite's mtime or size differs"
chmod 600 "$modef"
chmod 644 "$modef"
cp "$renamed" "$M/new" && mv "$M/new" "$renamed"
ln "$linked" "$M/extra-link"

# alpha's line goes: a recreate
req "$R2"
vm sync
expect_rc 0
expect_err "recreating"
[ "$(ino $g)" = "$gi" ] || fail "gamma's module was not carried over"
[ "$(links $g)" -eq 1 ] || fail "the carried module has $(links $g) links"
[ "$(carried .venv)" -gt 500 ] || fail "carried: $(carried .venv)"
vm show
expect_out "clones; "
expect_out " carried over from the env it replaced)"
for f in main sized mode linked; do
	eval "file=\$$(case $f in main) echo mainpy ;; mode) echo modef ;; *) echo $f ;; esac) old=\$old_$f"
	[ "$(ino "$file")" != "$old" ] || fail "$file, changed by hand, was carried over"
	[ "$(links "$file")" -eq 1 ] || fail "$file has $(links "$file") links"
done
[ ! -e .venv/$SP/alpha ] || fail "alpha is still there"
expect_clean .venv "after hand edits"
.venv/bin/python -m pip --version >/dev/null || fail "pip does not run"
vm check
expect_rc 0

# the next recreate carries over again, the same inodes
gi=$(ino $g) si=$(ino $sized)
req "$R1"
vm sync
expect_rc 0
[ "$(ino $g)" = "$gi" ] && [ "$(ino $sized)" = "$si" ] || fail "the second recreate carried nothing over"
expect_clean .venv "carried twice"

# an edit right after the sync (the same clock tick, likely) is not carried
req "$R2"
vm sync && printf '# right after\n' >> "$g"
expect_rc 0
req "$R1"
vm sync
expect_rc 0
! grep -q 'right after' "$g" || fail "an edit made right after a sync was carried over"
expect_clean .venv "edited right after"

# a sync killed once it had carried pip's files into the new env: every file it touched
# has a later ctime, so the sync that repairs carries only the files it did not touch
gi=$(ino $g) si=$(ino $sized)
req "$R2"
sync_stopped_at created
kill -KILL $pid
wait $pid 2>/dev/null || true
vm sync
expect_rc 0
[ "$(ino $g)" = "$gi" ] || fail "gamma, untouched by the killed sync, was not carried over"
[ "$(ino $sized)" != "$si" ] || fail "pip's file, linked by the killed sync, was carried over"
expect_clean .venv "after a killed sync"

# a sync stopped (SIGTERM) once it had kept the env aside puts it back and leaves the
# state dir as it was (but for the reason it failed), the mark too: the next recreate
# carries the files over
ls .venv.venvmk > "$T/statedir.before"
gi=$(ino $g) si=$(ino $sized)
req "$R1"
sync_stopped_at kept
kill -TERM $pid
kill -CONT $pid
rc=0
wait $pid || rc=$?
[ $rc -ne 0 ] || fail "the stopped sync exited 0"
ls .venv.venvmk | grep -vx failed > "$T/statedir.after"
diff "$T/statedir.before" "$T/statedir.after" || fail "the stopped sync changed the state dir"
vm sync
expect_rc 0
[ "$(ino $g)" = "$gi" ] && [ "$(ino $sized)" = "$si" ] || fail "nothing was carried over after a stopped sync"
expect_clean .venv "after a stopped sync"

# pip installed into the env (a line added: a refresh): no mark, nothing carried next
req "$R2
alpha==1.0"
vm sync
expect_rc 0
expect_err "refreshing"
req "$R1"
vm sync
expect_rc 0
expect_err "recreating"
[ "$(carried .venv)" -eq 0 ] || fail "carried $(carried .venv) files after pip installed into the env"
expect_clean .venv "after pip installed"

# a copy of the project elsewhere carries nothing over: its env is another directory
vm sync
printf '# edited, then copied\n' >> "$g"
cp -a "$M/p" "$M/p2"
cd "$M/p2"
req "$R2"
vm sync
expect_rc 0
[ "$(carried .venv)" -eq 0 ] || fail "the copy carried $(carried .venv) files over"
expect_clean .venv "in a copy of the project"
cd "$M/p"

# two wheels placed a file at the same path: nothing is carried from that env, and each
# alone gets its own file back
for keep in ovla ovlb; do
	req "$R2"
	vm sync
	req 'ovla==1.0
ovlb==1.0
gamma==1.5'
	vm sync
	expect_rc 0
	expect_err "recreating"
	req "$keep==1.0
gamma==1.5"
	vm sync
	expect_rc 0
	[ "$(carried .venv)" -eq 0 ] || fail "carried $(carried .venv) files from an env with a file placed twice"
	[ "$(.venv/bin/python -c 'from shared.same import X; print(X)')" = "${keep#ovl}" ] || fail "shared/same.py is not $keep's"
	expect_clean .venv "$keep alone"
done

# a wheel placed a file over one of pip's seed (another placer, in the same sync): the
# env without it gets pip's file back
req "$R2"
vm sync
req 'ovlc==1.0
gamma==1.5'
vm sync
expect_rc 0
expect_err "recreating"
grep -q ccccc .venv/$SP/pip/py.typed || fail "ovlc's pip/py.typed is not in the env"
req "$R2"
vm sync
expect_rc 0
[ "$(carried .venv)" -eq 0 ] || fail "carried $(carried .venv) files from an env where a wheel wrote over pip's seed"
! grep -q ccccc .venv/$SP/pip/py.typed || fail "ovlc's pip/py.typed was carried over"
expect_clean .venv "without ovlc"

# link-mode copy carries its copies over too; hardlink carries nothing (the cache's inode)
for mode in copy hardlink; do
	req "$R1"
	vm --link-mode=$mode sync
	expect_rc 0
	gi=$(ino $g)
	req "$R2"
	vm --link-mode=$mode sync
	expect_rc 0
	expect_err "recreating"
	cachef=$(find "$VENVMK_CACHE_DIR/wheels" -path '*/gamma/__init__.py' | head -n 1)
	case $mode in
	copy) [ "$(ino $g)" = "$gi" ] && [ "$(links $g)" -eq 1 ] && [ "$(carried .venv)" -gt 500 ] || fail "copy: gamma was not carried over" ;;
	hardlink) [ "$(ino $g)" = "$(ino "$cachef")" ] && [ "$(carried .venv)" -eq 0 ] || fail "hardlink: not the cache's file" ;;
	esac
done
