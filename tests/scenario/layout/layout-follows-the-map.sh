#!/bin/sh
# The sources keep to their layer map, src/LAYERS: tests/checklayout.sh finds no include
# against the table, no circle between folders, nothing in the pure folders that starts a
# process, opens a file or touches the network, and no folder the table does not name.
# Needs nothing built.
: "${srcdir:=.}"
command -v "${PYTHON3:-python3}" >/dev/null 2>&1 || { echo "no ${PYTHON3:-python3}"; exit 77; }
test -f "$srcdir/src/LAYERS" || { echo "no $srcdir/src/LAYERS"; exit 99; }

sh "$srcdir/tests/checklayout.sh" "$srcdir/src"
case $? in
0)	exit 0 ;;
1)	echo "FAIL: src/ breaks its layer map (above); src/LAYERS is the map, src/README.md explains it" >&2
	exit 1 ;;
*)	exit 99 ;;
esac
