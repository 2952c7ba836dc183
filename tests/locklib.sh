# tests/locklib.sh: sourced after tests/lib.sh by the lock tests.  Writes pylock.toml entries,
# Pipfile.lock and hash-pinned requirements for wheelhouse files, builds the oracle env with
# pip install --no-deps --require-hashes, and compares two envs as their users see them.
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
size_of() { stat -c %s "$1"; }

# pylock_head [EXTRA TOML LINES...]: start ./pylock.toml
pylock_head() {
	printf 'lock-version = "1.0"\ncreated-by = "venvmk tests"\n' > pylock.toml
	for l in "$@"; do printf '%s\n' "$l" >> pylock.toml; done
}
# pylock_pkg NAME VERSION [MARKER] -- FILE...: a package whose wheels are FILEs (paths as written into the lock)
pylock_pkg() {
	name=$1 version=$2 marker=
	shift 2
	if [ "$1" != "--" ]; then marker=$1; shift; fi
	shift
	{
		printf '\n[[packages]]\nname = "%s"\nversion = "%s"\n' "$name" "$version"
		[ -z "$marker" ] || printf 'marker = "%s"\n' "$marker"
		for f in "$@"; do
			printf '[[packages.wheels]]\npath = "%s"\nsize = %s\nhashes = {sha256 = "%s"}\n' \
				"$f" "$(size_of "$f")" "$(sha_of "$f")"
		done
	} >> pylock.toml
}
# pins FILE...: NAME==VERSION --hash=sha256:... for each wheel FILE, on stdout
pins() {
	for f in "$@"; do
		b=$(basename "$f")
		printf '%s==%s --hash=sha256:%s\n' "${b%%-*}" "$(echo "$b" | cut -d- -f2)" "$(sha_of "$f")"
	done
}
# oracle DIR PINSFILE: what pip makes of the same pins
oracle() {
	"$PY" -m venv "$1" >/dev/null
	"$1/bin/python" -m pip install -q --no-deps --require-hashes --no-index --find-links "$WHEELS" -r "$2" \
		|| fail "pip could not install the oracle"
}
# what a user of env DIR sees: dists with versions, requirements, entry points, installer, REQUESTED, files
envview() {
	"$1/bin/python" - <<'PY'
import importlib.metadata as m
for d in sorted(m.distributions(), key=lambda d: d.metadata["Name"].lower()):
    n = d.metadata["Name"].lower()
    if n in ("pip", "setuptools", "wheel"):
        continue
    print(n, d.version, sorted(d.requires or []), sorted((e.group, e.name, e.value) for e in d.entry_points))
    print(" installer", (d.read_text("INSTALLER") or "").strip(), "requested", d.read_text("REQUESTED") is not None)
    print(" files", sorted(str(f) for f in (d.files or []) if "__pycache__" not in str(f)))
PY
}
# same_env A B: pip list, pip check, importlib.metadata and the console scripts agree
same_env() {
	installed "$1" > "$T/a.list"; installed "$2" > "$T/b.list"
	diff -u "$T/b.list" "$T/a.list" || fail "pip list differs from pip's own install"
	"$1/bin/python" -m pip check >/dev/null || fail "pip check fails in $1"
	envview "$1" | sed "s|$1|ENV|g" > "$T/a.view"; envview "$2" | sed "s|$2|ENV|g" > "$T/b.view"
	diff -u "$T/b.view" "$T/a.view" || fail "importlib.metadata differs from pip's own install"
	(cd "$2/bin" && ls | grep -v -E '^(pip|python|activate|Activate|easy_install)' | sort) > "$T/b.bin"
	(cd "$1/bin" && ls | grep -v -E '^(pip|python|activate|Activate|easy_install)' | sort) > "$T/a.bin"
	diff -u "$T/b.bin" "$T/a.bin" || fail "console scripts differ"
	for s in $(cat "$T/a.bin"); do
		[ "$("$1/bin/$s" 2>&1)" = "$("$2/bin/$s" 2>&1)" ] || fail "console script $s differs"
	done
}
# expect_no_process ARGS...: "$VENVMK" ARGS... starts no process, venvmk itself runs alone:
# strace of it shows one execve.  Without strace that cannot be checked, and the test is
# skipped (77), saying why, rather than passing unchecked.
expect_no_process() {
	if ! command -v strace >/dev/null; then
		echo "SKIP: strace is not installed, so \"venvmk starts no process\" cannot be checked (apt-get install strace)" >&2
		exit 77
	fi
	strace -f -qq -e trace=execve -o "$T/strace" "$VENVMK" "$@" 2>"$T/err" || { cat "$T/err"; fail "sync under strace failed"; }
	n=$(grep -c 'execve(' "$T/strace")
	[ "$n" -eq 1 ] || { cat "$T/strace"; fail "$n processes started, expected venvmk alone"; }
}
# pylock_read LOCK [DIR]: LOCK parsed by tomllib (of $PY_DEBIAN, 3.11), lock-version 1.0,
# each package with a file, each file's sha256 and size those of the file it names (a path:
# from the lock's dir; a URL: the file of its name in DIR); prints "name==version" a package
pylock_read() {
	"$PY_DEBIAN" - "$@" <<'PY' || fail "$1: not a valid lock of these files"
import hashlib, os, sys, tomllib
lock = sys.argv[1]
with open(lock, "rb") as f:
    t = tomllib.load(f)
assert t["lock-version"] == "1.0", t["lock-version"]
assert t["created-by"]
base = os.path.dirname(os.path.abspath(lock))
for p in t["packages"]:
    files = list(p.get("wheels", [])) + ([p["sdist"]] if "sdist" in p else [])
    assert files, p["name"] + ": no file"
    for f in files:
        path = os.path.join(base, f["path"]) if "path" in f else os.path.join(sys.argv[2], f["url"].rsplit("/", 1)[1])
        with open(path, "rb") as g:
            data = g.read()
        assert os.path.basename(path) == f["name"], (path, f["name"])
        assert hashlib.sha256(data).hexdigest() == f["hashes"]["sha256"], path + ": another sha256"
        assert f.get("size", len(data)) == len(data), path + ": another size"
    print("%s==%s" % (p["name"], p["version"]))
PY
}
