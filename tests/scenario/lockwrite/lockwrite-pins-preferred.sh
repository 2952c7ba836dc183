#!/bin/sh
# An existing lock's pins are preferences: when the inputs change, what still fits keeps its
# version (a new requirement adds only what it needs); when the pins do not fit, those of
# the packages the inputs name are freed (saying so) and the others kept; --upgrade-package
# NAME moves NAME alone, --upgrade-package NAME==VERSION sets it, --upgrade moves everything
# that can move.  A resolution under the pins is not cached as the inputs' own.  Every lock
# here is venvmk's own resolution, pins and all: no pip runs.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
lock() { trace_reset; vm --no-conf -r requirements.in "$@"; expect_rc 0; expect_pip_runs 0; got=$(pylock_read pylock.toml | tr '\n' ' '); }
expect_lock() { [ "$got" = "$1 " ] || fail "locked: $got, expected: $1"; }

# old pins: a lock made under constraints (alpha 2.0, beta 2.0, gamma 1.5, delta 0.2 exist)
printf 'alpha==1.0\ngamma==1.0\ndelta==0.1\n' > old.txt
printf 'alpha\ngamma\ndelta\n' > requirements.in
lock -c old.txt lock -o pylock.toml
expect_lock 'alpha==1.0 delta==0.1 gamma==1.0'

# the constraints gone and a requirement added: the pins kept, beta 1.0 (alpha>=1.0) added,
# not beta 2.0, which would need alpha 2.0
printf 'beta\n' >> requirements.in
lock lock -o pylock.toml
expect_lock 'alpha==1.0 beta==1.0 delta==0.1 gamma==1.0'

# one package moved, then set
lock lock -o pylock.toml --upgrade-package alpha
expect_lock 'alpha==2.0 beta==1.0 delta==0.1 gamma==1.0'
lock lock -o pylock.toml --upgrade-package alpha==1.1
expect_lock 'alpha==1.1 beta==1.0 delta==0.1 gamma==1.0'
# a resolution made under the lock's pins is the lock's, not the inputs': a sync of the same
# inputs without the lock installs what pip resolves for them
vm --no-conf -r requirements.in sync
expect_rc 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==2.0\ndelta==0.2\ngamma==1.5')"

# an input delta's pin does not fit: what the inputs name is resolved afresh, alpha (which
# only beta needs) keeps its pin, so beta stays at 1.0
printf 'beta\ngamma\ndelta>=0.2\n' > requirements.in
lock lock -o pylock.toml
expect_err "the pins of pylock.toml do not all fit the inputs: resolving what the inputs name afresh"
expect_lock 'alpha==1.1 beta==1.0 delta==0.2 gamma==1.5'

# everything that can move
lock lock -o pylock.toml --upgrade
expect_lock 'alpha==2.0 beta==2.0 delta==0.2 gamma==1.5'
