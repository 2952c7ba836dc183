"""Compare venvmk's reading of requirements files with pip's own parser.

Usage: reqcompare.py VENVMK PIPREQ FILE...   (run from the corpus directory)

For each FILE, runs `PIPREQ FILE` (pip's parser, tests/oracle/pipreq.py) and
`VENVMK inputs -r FILE` and checks they found the same set of included files
and the same requirement and option lines.  A diamond is read once by venvmk
and twice by pip, so lines compare as sets.  pip keeps only one --index-url;
venvmk keeps every one it saw, so pip's must be among them.
"""
import subprocess
import sys


def load(text):
    lines = text.splitlines()
    files = [l for l in lines if l.startswith("file ")]
    index = {l for l in lines if l.startswith("opt index-url ")}
    other = {l for l in lines if not l.startswith("file ") and l not in index}
    return files, index, other


def main():
    venvmk, pipreq, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed = 0
    for path in paths:
        pip = subprocess.run([sys.executable, pipreq, path], capture_output=True, text=True)
        vm = subprocess.run([venvmk, "inputs", "-r", path], capture_output=True, text=True)
        problems = []
        if pip.returncode != 0 or vm.returncode != 0:
            problems.append("exit status pip %d, venvmk %d: %s%s" % (
                pip.returncode, vm.returncode, pip.stderr, vm.stderr))
        else:
            pf, pi, po = load(pip.stdout)
            vf, vi, vo = load(vm.stdout)
            if pf != vf:
                problems.append("files: pip %s, venvmk %s" % (pf, vf))
            if not pi <= vi:
                problems.append("index-url: pip %s not in venvmk %s" % (pi, vi))
            for line in sorted(po - vo):
                problems.append("only pip:    " + line)
            for line in sorted(vo - po):
                problems.append("only venvmk: " + line)
        if problems:
            failed += 1
            print("not ok - %s" % path)
            for p in problems:
                print("    " + p)
        else:
            print("ok - %s" % path)
    print("%d of %d files differ" % (failed, len(paths)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
