#!/bin/sh
# For every interpreter here (Debian's python3.11 and the pyenv builds), an env
# written by the native backend matches one made by "python -m venv --without-pip":
# the tree and its links, pyvenv.cfg, sys.prefix, sys.path, site.getsitepackages(),
# and what bin/activate does in bash, also with system-site-packages.  The
# documented differences: venvmk's own marker file .venvmk, bin/activate.nu
# for nushell, which venv does not write, and .gitignore, which venv writes from 3.13
# only (venvmk into every env it makes).
. "$srcdir/tests/lib.sh"

tried=0
for py in "$PY_DEBIAN" /root/.pyenv/versions/3.11.7/bin/python3.11 \
    /root/.pyenv/versions/3.12.1/bin/python3.12 /root/.pyenv/versions/3.13.0/bin/python3.13; do
	[ -x "$py" ] || continue
	tried=$((tried + 1))
	rm -rf N V N.venvmk
	vm --no-conf --python "$py" --backend native --no-pip --no-requirements --prompt "my env" --dir N sync
	expect_rc 0
	"$py" -m venv --without-pip --prompt "my env" V
	here=$(pwd)

	# the same tree, modes and link targets
	test -f N/bin/activate.nu || fail "$py: no activate.nu"
	test -f N/.gitignore || fail "$py: no .gitignore"
	ign=
	[ -e V/.gitignore ] || ign='-path ./.gitignore -prune -o'
	(cd N && find . -path ./.venvmk -prune -o -path ./bin/activate.nu -prune -o $ign -name __pycache__ -prune \
	    -o -printf '%y %m %p %l\n' | sort) > "$T/n.tree"
	(cd V && find . -name __pycache__ -prune -o -printf '%y %m %p %l\n' | sort) > "$T/v.tree"
	diff -u "$T/v.tree" "$T/n.tree" || fail "$py: the native tree differs from venv's"

	# pyvenv.cfg, line for line once the env's own path is the same
	sed "s|$here/V|$here/N|g" V/pyvenv.cfg > "$T/v.cfg"
	diff -u "$T/v.cfg" N/pyvenv.cfg || fail "$py: pyvenv.cfg differs"

	# what the interpreter makes of it
	probe='import sys, site; print(sys.prefix); print(sys.exec_prefix); print(sys.base_prefix); print(sys.path); print(site.getsitepackages()); print(sys.executable)'
	"$here/V/bin/python" -c "$probe" | sed "s|$here/V|$here/N|g" > "$T/v.py"
	"$here/N/bin/python" -c "$probe" > "$T/n.py"
	diff -u "$T/v.py" "$T/n.py" || fail "$py: the interpreter sees the envs differently"
	grep -qF "$here/N/lib/python" "$T/n.py" || fail "$py: site-packages is not the env's"

	# bin/activate in bash: the variables, the prompt, which python, then deactivate
	act='PS1="\$ "; export PS1; source "$1/bin/activate"; echo "VIRTUAL_ENV=$VIRTUAL_ENV"; echo "PATH=$PATH";
echo "PS1=$PS1"; echo "VIRTUAL_ENV_PROMPT=${VIRTUAL_ENV_PROMPT-unset}"; command -v python; deactivate;
echo "after: PATH=$PATH PS1=$PS1 VIRTUAL_ENV=${VIRTUAL_ENV-unset}"; command -v deactivate || echo "no deactivate"'
	bash --norc --noprofile -c "$act" sh "$here/V" | sed "s|$here/V|$here/N|g" > "$T/v.act"
	bash --norc --noprofile -c "$act" sh "$here/N" > "$T/n.act"
	diff -u "$T/v.act" "$T/n.act" || fail "$py: bin/activate behaves differently"
	grep -qx "$here/N/bin/python" "$T/n.act" || fail "$py: activate did not put the env's python first"
done
[ "$tried" -gt 0 ] || fail "no interpreter to compare with"

# system-site-packages: the same pyvenv.cfg and the same sys.path as venv's
rm -rf N V N.venvmk
vm --no-conf --python "$PY_DEBIAN" --backend native --no-pip --no-requirements --system-site-packages --dir N sync
expect_rc 0
"$PY_DEBIAN" -m venv --without-pip --system-site-packages V
here=$(pwd)
sed "s|$here/V|$here/N|g" V/pyvenv.cfg > "$T/v.cfg"
diff -u "$T/v.cfg" N/pyvenv.cfg || fail "pyvenv.cfg differs with system-site-packages"
"$here/V/bin/python" -c 'import sys; print(sys.path)' | sed "s|$here/V|$here/N|g" > "$T/v.py"
"$here/N/bin/python" -c 'import sys; print(sys.path)' > "$T/n.py"
diff -u "$T/v.py" "$T/n.py" || fail "sys.path differs with system-site-packages"
grep -q 'dist-packages' "$T/n.py" || fail "the system site-packages are not on sys.path"
