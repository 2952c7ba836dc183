#!/bin/sh
# bench/linkmodes.sh: the time to recreate an env of 30 wheels (a fingerprint seen before,
# so no pip runs: venvmk writes the env and links pip and the 30 wheels from its cache)
# with link-mode clone, hardlink and copy, the cache and the envs on XFS with reflink (an
# image on a loop device), as hyperfine's medians; with --ext4, also auto, hardlink and
# copy with the cache and the envs in $TMPDIR's filesystem. Needs root, xfsprogs and hyperfine.
#
#   bench/linkmodes.sh [--ext4] [VENVMK [WHEELHOUSE]]
#
# VENVMK defaults to src/venvmk, WHEELHOUSE to tests/wheelhouse (both of a build dir,
# where `make check` or `python3 tests/mkwheelhouse.py tests/wheelhouse --bench 30` made
# the wheels). ROUNDS (default 3) hyperfine invocations of all modes, each with RUNS
# (default 10) timed runs per mode after 2 warm-up runs: a burst of load on a shared
# machine falls on every mode; the medians are over all rounds.
set -eu
ext4=no
[ "${1:-}" = --ext4 ] && { ext4=yes; shift; }
VM=$(realpath "${1:-src/venvmk}")
WH=$(realpath "${2:-tests/wheelhouse}")
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-3}
[ -x "$VM" ] || { echo "bench/linkmodes.sh: no venvmk at $VM" >&2; exit 2; }
[ -f "$WH/benchpkg30-1.0-py3-none-any.whl" ] || { echo "bench/linkmodes.sh: no benchpkg30 in $WH" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench/linkmodes.sh: no hyperfine" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/venvmk-linkmodes.XXXXXX")
M=$W/xfs
cleanup() {
	cd /
	if mountpoint -q "$M"; then umount "$M" || umount -l "$M"; fi
	for dev in $(losetup -j "$W/xfs.img" 2>/dev/null | cut -d: -f1); do losetup -d "$dev"; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkdir "$M"
truncate -s 1G "$W/xfs.img"
mkfs.xfs -q -m reflink=1 "$W/xfs.img"
mount -o loop "$W/xfs.img" "$M"
unset VIRTUAL_ENV PYTHONHOME || true
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WH" PIP_DISABLE_PIP_VERSION_CHECK=1

# BASE: the dir that holds the cache and one project per mode of MODES
bench() {
	base=$1 label=$2 modes=$3
	export VENVMK_CACHE_DIR="$base/cache"
	set --
	for mode in $modes; do
		p=$base/$mode
		mkdir -p "$p"
		for i in $(seq -w 1 30); do echo "benchpkg$i==1.0"; done > "$p/requirements.txt"
		# the first sync fills the cache and the report cache
		"$VM" -q -C "$p" --link-mode=$mode --dir env -r requirements.txt sync
		printf 'rm -rf %s/env %s/env.venvmk\nsync -f %s\n' "$p" "$p" "$base" > "$p/prepare.sh"
		set -- "$@" --prepare "sh $p/prepare.sh" \
			--command-name "$mode" "$VM -q -C $p --link-mode=$mode --dir env -r requirements.txt sync"
	done
	for mode in $modes; do
		printf '%s: ' "$mode"
		"$VM" -C "$base/$mode" --link-mode=$mode --dir env show | sed -n 's/^cache: *//p'
	done
	echo "$label: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	for r in $(seq "$ROUNDS"); do
		hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$W/$label.$r.json" "$@" >/dev/null
	done
	echo "$label: load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
	python3 - "$label" "$W/$label".*.json <<'PY'
import json, statistics, sys
times = {}
for f in sys.argv[2:]:
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
for name, t in times.items():
    t.sort()
    print("%-6s %-9s median %6.1f ms  (min %6.1f, max %6.1f, %d runs)" % (
        sys.argv[1], name, statistics.median(t) * 1000, t[0] * 1000, t[-1] * 1000, len(t)))
PY
}

bench "$M" xfs "clone hardlink copy"
if [ $ext4 = yes ]; then
	mkdir "$W/local"
	bench "$W/local" "$(df --output=fstype "$W" | tail -n 1)" "auto hardlink copy"
fi
