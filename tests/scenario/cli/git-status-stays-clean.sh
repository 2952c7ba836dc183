#!/bin/sh
# In a git repository, the envs venvmk makes (native, venv and virtualenv backends) and
# their state dirs (DIR.venvmk) hold a .gitignore of "*": after a sync, and after a
# recreate, `git status --porcelain` shows nothing but the user's own files. An env and
# state dir without one (an older venvmk's) get it at the next sync that does work, a
# refresh too. clean removes the state dir with its .gitignore.
. "$srcdir/tests/lib.sh"

export GIT_CONFIG_NOSYSTEM=1 HOME="$T/home"
mkdir -p "$HOME"
git init -q .
git config user.email test@example.invalid
git config user.name test
cat > venv.conf <<'CONF'
env "native" {
  packages = {"alpha==1.0"}
}
env "venv" {
  backend = "venv"
  packages = {"alpha==1.0"}
}
env "ve" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
printf 'alpha\n' > requirements.txt
git add venv.conf requirements.txt
git commit -q -m project

clean() {
	git status --porcelain --untracked-files=all > "$T/status"
	[ ! -s "$T/status" ] || { cat "$T/status" >&2; fail "git status is not clean $1"; }
}

vm sync
expect_rc 0
for d in .venv .venv-venv .venv-ve; do
	[ -f "$d/.gitignore" ] || fail "$d: no .gitignore"
	[ -f "$d.venvmk/.gitignore" ] || fail "$d.venvmk: no .gitignore"
	grep -qx '\*' "$d/.gitignore" || fail "$d/.gitignore does not ignore everything"
done
grep -qx '# Created by venvmk automatically.' .venv.venvmk/.gitignore || fail "the state dir's .gitignore: $(cat .venv.venvmk/.gitignore)"
clean "after the first sync"

# the .gitignore is no change to the env: the next sync does nothing
vm sync
expect_rc 0
vm check
expect_rc 0

# a recreate writes the env afresh, its .gitignore again
sed -i 's/alpha==1.0/alpha==2.0/' venv.conf
git commit -q -am 'alpha 2'
vm sync
expect_rc 0
vm check
expect_rc 0
for d in .venv .venv-venv .venv-ve; do
	[ -f "$d/.gitignore" ] || fail "$d: no .gitignore after the recreate"
done
clean "after a recreate"

# an env and a state dir an older venvmk made, with no .gitignore, get one at the next
# sync that does work: here a refresh (a line added), which recreates nothing
cat >> venv.conf <<'CONF'
env "refreshed" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
git commit -q -am 'a refreshed env'
vm sync refreshed
expect_rc 0
clean "after a sync of another env"
rm .venv-refreshed/.gitignore .venv-refreshed.venvmk/.gitignore
touch .venv-refreshed/not-recreated
printf 'alpha\ngamma\n' > requirements.txt
git commit -q -am 'gamma'
vm sync refreshed
expect_rc 0
expect_err_exact 'venvmk: .venv-refreshed: refreshing: requirements.txt changed'
[ -e .venv-refreshed/not-recreated ] || fail "the env was recreated"
rm .venv-refreshed/not-recreated
clean "after a refresh of an env that had no .gitignore"

# clean leaves nothing behind, the state dir's .gitignore neither
vm clean
expect_rc 0
for d in .venv .venv-venv .venv-ve .venv-refreshed; do
	[ ! -e "$d" ] && [ ! -e "$d.venvmk" ] || fail "$d or its state dir is left after clean"
done
clean "after clean"
