"""bench/stackwheels.py: the wheelhouses of case 11 (issue 26), written offline.

"A real stack": the names, versions and dependency shape of a Sphinx documentation set
(sphinx with its docutils, jinja2, babel, pygments, requests, the sphinxcontrib packages;
sphinx-rtd-theme; myst-parser with markdown-it-py and pyyaml), several versions of each with
the Requires-Dist ranges and Requires-Python the real releases give, markers and extras
included.  The wheels themselves are tiny (one module each): what counts here is the
resolution and the requests.  sphinx-rtd-theme and myst-parser cap sphinx below 8 and docutils
below 0.21, so the newest sphinx and docutils do not fit: a resolver has to step back.

"A backtracking set": bt-a with many versions whose newer ones need bt-z>=2 while every bt-b
needs bt-z<2, so only bt-a's oldest version fits.

Python 3 standard library only; the wheels are written as tests/mkwheelhouse.py writes its.
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

import mkwheelhouse     # noqa: E402

SC = ["sphinxcontrib-applehelp", "sphinxcontrib-devhelp", "sphinxcontrib-jsmath",
      "sphinxcontrib-htmlhelp>=2.0.0", "sphinxcontrib-serializinghtml>=1.1.9", "sphinxcontrib-qthelp"]


def sphinx_reqs(docutils, alabaster):
    return SC + ["Jinja2>=3.1", "Pygments>=2.17", docutils, "snowballstemmer>=2.2", "babel>=2.13", alabaster,
                 "imagesize>=1.3", "requests>=2.30.0", "packaging>=23.0", 'tomli>=2; python_version < "3.11"']


def sc_versions(vers):
    """A sphinxcontrib package's releases: the newer ones name Sphinx in an extra only."""
    return [(v, [], None) if v.startswith("1.0.") and v in ("1.0.1", "1.0.2", "1.0.3", "1.0.4") else
            (v, ['Sphinx>=5; extra == "standalone"', 'pytest; extra == "test"'], ">=3.9") for v in vers]


# name: [(version, requires, requires_python)], oldest first
STACK = {
    "sphinx": [("7.1.2", sphinx_reqs("docutils<0.21,>=0.18.1", "alabaster<0.8,>=0.7"), ">=3.8"),
               ("7.2.6", sphinx_reqs("docutils<0.21,>=0.18.1", "alabaster<0.8,>=0.7"), ">=3.9"),
               ("7.3.7", sphinx_reqs("docutils<0.22,>=0.18.1", "alabaster~=0.7.14"), ">=3.9"),
               ("7.4.7", sphinx_reqs("docutils<0.22,>=0.20", "alabaster~=0.7.14"), ">=3.9"),
               ("8.0.2", sphinx_reqs("docutils<0.22,>=0.20", "alabaster>=0.7.14"), ">=3.10")],
    "docutils": [(v, [], ">=3.7") for v in ("0.19", "0.20.1", "0.21.2")],
    "jinja2": [(v, ["MarkupSafe>=2.0", 'Babel>=2.7; extra == "i18n"'], ">=3.7") for v in ("3.1.2", "3.1.3", "3.1.4")],
    "markupsafe": [("2.1.3", [], ">=3.7"), ("2.1.5", [], ">=3.7"), ("3.0.2", [], ">=3.9")],
    "babel": [(v, ['pytz>=2015.7; python_version < "3.9"'], ">=3.7") for v in ("2.13.1", "2.14.0", "2.15.0")] +
             [("2.16.0", ['pytz>=2015.7; python_version < "3.9"'], ">=3.8")],
    "pytz": [("2024.2", [], None)],
    "pygments": [(v, ['colorama>=0.4.6; extra == "windows-terminal"'], ">=3.7") for v in ("2.16.1", "2.17.2")] +
                [("2.18.0", ['colorama>=0.4.6; extra == "windows-terminal"'], ">=3.8")],
    "requests": [(v, ["charset-normalizer<4,>=2", "idna<4,>=2.5", "urllib3<3,>=1.21.1", "certifi>=2017.4.17",
                      'PySocks!=1.5.7,>=1.5.6; extra == "socks"'], ">=3.7" if v == "2.31.0" else ">=3.8")
                 for v in ("2.31.0", "2.32.2", "2.32.3")],
    "urllib3": [("1.26.18", [], ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*"), ("2.0.7", [], ">=3.7"),
                ("2.1.0", [], ">=3.8"), ("2.2.3", [], ">=3.8")],
    "idna": [("3.6", [], ">=3.5"), ("3.7", [], ">=3.5"), ("3.10", [], ">=3.6")],
    "certifi": [(v, [], ">=3.6") for v in ("2023.11.17", "2024.2.2", "2024.8.30")],
    "charset-normalizer": [(v, [], ">=3.7.0") for v in ("3.3.0", "3.3.2", "3.4.0")],
    "snowballstemmer": [("2.2.0", [], None)],
    "alabaster": [("0.7.13", [], ">=3.6"), ("0.7.16", [], ">=3.9"), ("1.0.0", [], ">=3.10")],
    "imagesize": [("1.4.1", [], ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*")],
    "packaging": [("23.2", [], ">=3.7"), ("24.0", [], ">=3.7"), ("24.1", [], ">=3.8")],
    "tomli": [("2.0.1", [], ">=3.7")],
    "sphinxcontrib-applehelp": sc_versions(["1.0.4", "1.0.8", "2.0.0"]),
    "sphinxcontrib-devhelp": sc_versions(["1.0.2", "1.0.6", "2.0.0"]),
    "sphinxcontrib-htmlhelp": sc_versions(["2.0.1", "2.0.5", "2.1.0"]),
    "sphinxcontrib-jsmath": [("1.0.1", ['pytest; extra == "test"'], ">=3.5")],
    "sphinxcontrib-qthelp": sc_versions(["1.0.3", "1.0.7", "2.0.0"]),
    "sphinxcontrib-serializinghtml": sc_versions(["1.1.5", "1.1.10", "2.0.0"]),
    "sphinxcontrib-jquery": [("4.0", ["Sphinx>=1.8"], ">=2.7"), ("4.1", ["Sphinx>=1.8"], ">=2.7")],
    "sphinx-rtd-theme": [("1.3.0", ["sphinx<8,>=1.6", "docutils<0.19", "sphinxcontrib-jquery<5,>=4"], ">=2.7"),
                         ("2.0.0", ["sphinx<8,>=5", "docutils<0.21", "sphinxcontrib-jquery<5,>=4"], ">=3.6")],
    "myst-parser": [("2.0.0", ["docutils<0.21,>=0.16", "jinja2", "markdown-it-py~=3.0", "mdit-py-plugins~=0.4",
                               "pyyaml", "sphinx<8,>=6", 'pytest<8,>=7; extra == "testing"'], ">=3.8"),
                    ("3.0.1", ["docutils<0.22,>=0.18", "jinja2", "markdown-it-py~=3.0", "mdit-py-plugins~=0.4",
                               "pyyaml", "sphinx<8,>=6"], ">=3.8")],
    "markdown-it-py": [("2.2.0", ["mdurl~=0.1"], ">=3.7"), ("3.0.0", ["mdurl~=0.1"], ">=3.8")],
    "mdit-py-plugins": [("0.4.0", ["markdown-it-py<4.0.0,>=1.0.0"], ">=3.8"),
                        ("0.4.2", ["markdown-it-py<4.0.0,>=1.0.0"], ">=3.8")],
    "mdurl": [("0.1.2", [], ">=3.7")],
    "pyyaml": [("6.0.1", [], ">=3.6"), ("6.0.2", [], ">=3.8")],
}

# What the requirements file names, and what a resolution for Python 3.9 and newer installs:
# sphinx 7.4.7 (8.0.2 is capped out), docutils 0.20.1 (0.21.2 is capped out).
STACK_REQS = ["sphinx", "sphinx-rtd-theme", "myst-parser", "sphinxcontrib-jquery"]
STACK_PICKS = {"sphinx": "7.4.7", "docutils": "0.20.1", "myst-parser": "3.0.1", "sphinx-rtd-theme": "2.0.0"}


def module_of(name):
    return re.sub(r"[-.]+", "_", name.lower())


def wheel(outdir, name, version, requires, requires_python):
    """Write NAME-VERSION as a py3-none-any wheel in OUTDIR (with Requires-Python and extras)."""
    dist = re.sub(r"[-_.]+", "_", name)
    fn, files = mkwheelhouse.wheel_files(name, version, module_of(name), requires, {}, "")
    extras = sorted(set(re.findall(r'extra == "([^"]+)"', "\n".join(requires))))
    add = "".join("Provides-Extra: %s\n" % e for e in extras)
    if requires_python:
        add = "Requires-Python: %s\n" % requires_python + add
    if add:
        out = []
        for path, data in files:
            if path.endswith(".dist-info/METADATA"):
                text = data.decode()
                head, _, tail = text.partition("Summary: ")
                line, _, rest = tail.partition("\n")
                data = (head + "Summary: " + line + "\n" + add + rest).encode()
            out.append((path, data))
        info = "%s-%s.dist-info" % (dist, version)
        files = [(p, d) for p, d in out if not p.endswith("/RECORD")]
        record = [mkwheelhouse.record_line(p, d) for p, d in files] + [info + "/RECORD,,"]
        files.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    mkwheelhouse.atomic_write(outdir, fn, lambda tmp: mkwheelhouse.write_wheel(tmp, files))
    return fn


def write_stack(outdir):
    """The real-stack wheelhouse.  Returns the number of wheels (candidate versions)."""
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for name, versions in STACK.items():
        for v, req, rp in versions:
            wheel(outdir, name, v, req, rp)
            n += 1
    return n


def write_backtrack(outdir, na, nb):
    """The backtracking set: bt-a 1.0 .. 1.NA (1.1 and newer need bt-z>=2, 1.0 needs bt-z<2),
    bt-b 1.0 .. 1.NB (each needs bt-z<2), bt-z 1.0, 1.5, 2.0, 2.1.  Requirements: bt-a, bt-b.
    Returns the number of wheels."""
    os.makedirs(outdir, exist_ok=True)
    wheel(outdir, "bt-a", "1.0", ["bt-z<2"], None)
    for i in range(1, na + 1):
        wheel(outdir, "bt-a", "1.%d" % i, ["bt-z>=2"], None)
    for i in range(0, nb + 1):
        wheel(outdir, "bt-b", "1.%d" % i, ["bt-z<2"], None)
    for v in ("1.0", "1.5", "2.0", "2.1"):
        wheel(outdir, "bt-z", v, [], None)
    return na + 1 + nb + 1 + 4


if __name__ == "__main__":
    print(write_stack(sys.argv[1]))
