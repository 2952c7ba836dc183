# tests/lib.sh: sourced by every scenario test.  Gives each test a scratch
# project directory, the offline wheelhouse, and small assertion helpers.
# A failing helper prints the command and what differed, then exits 1.
set -eu

: "${srcdir:=.}"
: "${top_builddir:=.}"
srcdir=$(cd "$srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
VENVMK=${VENVMK:-$top_builddir/src/venvmk}
# the downloader venvmk starts: the one just built, not an installed one
export VENVMK_FETCH=$top_builddir/src/venvmk-fetch
WHEELS=$top_builddir/tests/wheelhouse
TESTNAME=$(basename "$0" .sh)
T=$top_builddir/tests/tmp/$TESTNAME
PY=${PY:-python3}
PY_DEBIAN=/usr/bin/python3.11

# Nothing here may reach a package index: pip finds only our wheelhouse.
for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS" PIP_DISABLE_PIP_VERSION_CHECK=1
export VENVMK_TRACE="$T/trace"
# the shared cache (wheels, pip seeds, interpreter facts) is the test's own
export VENVMK_CACHE_DIR="$T/cache"
unset VIRTUAL_ENV PYTHONHOME PYENV_VERSION || true
# make check's own variables (TESTS=...) must not reach the makes a test runs
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES || true

test -x "$VENVMK" || { echo "no venvmk at $VENVMK"; exit 99; }
test -f "$WHEELS/alpha-1.0-py3-none-any.whl" || { echo "no wheelhouse at $WHEELS"; exit 99; }

chmod -R u+w "$T" 2>/dev/null || true
rm -rf "$T"
mkdir -p "$T/p"
cd "$T/p"

fail() { echo "FAIL: $*" >&2; exit 1; }

# run CMD..., keeping its status in $rc, stdout in $T/out, stderr in $T/err
run() {
	echo "+ $*" >&2
	set +e
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	cat "$T/out" "$T/err" >&2
}

vm() { run "$VENVMK" "$@"; }

# expect_launcher_heads DIR SCRIPT ENV...: each ENV/bin/SCRIPT begins, up to its coding
# line, as the launcher tests/oracle/shebangoracle.py wrote to DIR/N/hello for the Nth ENV
expect_launcher_heads() {
	_d=$1 _s=$2
	shift 2
	_i=0
	for _e in "$@"; do
		_i=$((_i + 1))
		sed '/^# -\*- coding/,$d' "$_d/$_i/hello" > "$T/want"
		sed '/^# -\*- coding/,$d' "$_e/bin/$_s" | diff -u "$T/want" - || fail "$_e/bin/$_s: not the first lines pip writes"
	done
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_err() { grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"; }
expect_out() { grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"; }
expect_no_err() { [ ! -s "$T/err" ] || fail "stderr should be empty"; }
# stderr is exactly $1, but for what a sync that did work adds below its reason, each
# checked by its own tests: the requirement lines that changed ("  + flask", "  and 3
# more"; reasons-name-every-change.sh) and the one-line summary ("venvmk: .venv:
# installed 1, upgraded 0, removed 0, unchanged 4"; pip-output-kept-one-summary-line.sh)
expect_err_exact() {
	printf '%s\n' "$1" > "$T/expected"
	grep -vE '^  ([-+~] |and [0-9]+ more$)|^venvmk: [^ ]*: installed [0-9]+, upgraded [0-9]+, (downgraded [0-9]+, )?removed [0-9]+, unchanged [0-9]+$' "$T/err" > "$T/err.exact" || true
	diff -u "$T/expected" "$T/err.exact" || fail "stderr differs"
}

# how many pip installs and env creations venvmk started since the last reset
trace_reset() { : > "$T/trace"; }
pip_runs() { grep -cE -- ' -m pip (install|download) ' "$T/trace" 2>/dev/null || true; }
# envs made, not counting the scratch envs pip resolves in: before the env is touched
# (DIR.venvmk/resolving) and for venvmk lock or sync --upgrade (in the cache's tmp dir)
creates() { grep -E -- ' -m venv |virtualenv |^venvmk native-create ' "$T/trace" 2>/dev/null | grep -vcE -- '(\.venvmk|/tmp/[^/]+)/resolving$' || true; }
expect_pip_runs() { n=$(pip_runs); [ "$n" -eq "$1" ] || fail "pip ran $n times, expected $1"; }
expect_creates() { n=$(creates); [ "$n" -eq "$1" ] || fail "$n env creations, expected $1"; }

mtime() { stat -c %y "$1"; }

# expect_recreate ['REASON']: the change just made recreates .venv.  check exits 1 saying
# the env would be recreated; then, the trace reset, sync exits 0 saying it is recreating,
# makes one env, and moves the stamp.  With REASON, each of the two stderrs is exactly
# that line ("venvmk: .venv: would be recreated: REASON", "venvmk: .venv: recreating:
# REASON"); without, any reason will do.  The caller checks the new env after it.
expect_recreate() {
	_stamp=$(mtime .venv.venvmk/stamp)
	vm check
	expect_rc 1
	if [ $# -gt 0 ]; then expect_err_exact "venvmk: .venv: would be recreated: $1"
	else expect_err 'venvmk: .venv: would be recreated: '; fi
	trace_reset
	vm sync
	expect_rc 0
	if [ $# -gt 0 ]; then expect_err_exact "venvmk: .venv: recreating: $1"
	else expect_err 'venvmk: .venv: recreating: '; fi
	expect_creates 1
	[ "$(mtime .venv.venvmk/stamp)" != "$_stamp" ] || fail "stamp unchanged after a recreate"
}
installed() { "$1/bin/python" -m pip list --format=freeze 2>/dev/null | grep -v -E '^(pip|setuptools|wheel|_virtualenv)==' | sort; }
expect_installed() {
	printf '%s\n' "$2" | sed '/^$/d' | sort > "$T/want"
	installed "$1" > "$T/have"
	diff -u "$T/want" "$T/have" || fail "installed packages differ in $1"
}

# start "venvmk -q sync" in the background, stopped (SIGSTOP) at STEP (VENVMK_TEST_PAUSE);
# sets $pid; fails when it ends or never gets there
sync_stopped_at() {
	VENVMK_TEST_PAUSE=$1 "$VENVMK" -q sync >"$T/bg.out" 2>&1 &
	pid=$!
	for _ in $(seq 600); do
		[ "$(ps -o stat= -p $pid 2>/dev/null | cut -c1)" = T ] && return 0
		kill -0 $pid 2>/dev/null || fail "venvmk ended before step $1: $(cat "$T/bg.out")"
		sleep 0.05
	done
	fail "venvmk never reached step $1"
}

# mount_image xfs|btrfs: a 300 MB image of that filesystem (XFS with reflink) mounted on a
# loop device at $M, unmounted and detached on exit; the test is skipped (77), saying why,
# where the tools are missing or mounting is refused. Needs root.
mount_image() {
	case $1 in
	xfs) mkfs="mkfs.xfs -q -m reflink=1" pkg=xfsprogs ;;
	btrfs) mkfs="mkfs.btrfs -q" pkg=btrfs-progs ;;
	*) fail "mount_image: no filesystem $1" ;;
	esac
	command -v "${mkfs%% *}" >/dev/null || { echo "SKIP: no ${mkfs%% *} (apt-get install $pkg)"; exit 77; }
	M=${TMPDIR:-/tmp}/venvmk-$1.$$
	img=$T/$1.img
	trap unmount_image EXIT
	trap 'exit 1' INT TERM HUP
	mkdir -p "$M"
	truncate -s 300M "$img"
	$mkfs "$img" >"$T/mkfs.out" 2>&1 || fail "$mkfs failed: $(cat "$T/mkfs.out")"
	if ! mount -o loop "$img" "$M" 2>"$T/mount.err"; then
		echo "SKIP: mounting a $1 image on a loop device was refused: $(cat "$T/mount.err")"
		exit 77
	fi
}
unmount_image() {
	cd /
	if mountpoint -q "$M"; then umount "$M" || umount -l "$M"; fi
	for dev in $(losetup -j "$img" 2>/dev/null | cut -d: -f1); do losetup -d "$dev"; done
	rmdir "$M" 2>/dev/null || true
}
