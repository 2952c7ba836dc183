"""bench/cases: one module per benchmark case, in report order (bench/common.py says what a
case module holds)."""

from . import noop_make, noop_sync, touch, create, install, change, native, index, lock, linkmodes, resolve, lockwrite, remote

ALL = [noop_make, noop_sync, touch, create, install, change, native, index, lock, linkmodes, resolve, lockwrite, remote]
BYKEY = {c.KEY: c for c in ALL}


def select(keys):
    """The cases to run for --case KEYS (all when none), and the cases whose setup they need,
    both in report order.  KeyError for an unknown name."""
    if not keys:
        return list(ALL), list(ALL)
    want = set()
    for k in keys:
        for part in k.split(","):
            want.add(BYKEY[part.strip()].KEY)
    need = set(want)
    todo = list(want)
    while todo:
        for k in getattr(BYKEY[todo.pop()], "NEEDS", ()):
            if k not in need:
                need.add(k)
                todo.append(k)
    return [c for c in ALL if c.KEY in want], [c for c in ALL if c.KEY in need]
