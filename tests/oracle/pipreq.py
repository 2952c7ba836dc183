#!/usr/bin/env python3
"""pipreq.py -- dump a pip requirements file the way pip itself parses it.

This is the test oracle for venvmk's C requirements reader.  It drives pip's
own parser (pip._internal.req.req_file.RequirementsFileParser with
get_line_parser(None) and a PipSession; written against pip 23.2.1) and
prints a canonical, line-oriented dump that the C reader must reproduce
byte for byte.

Usage:  python3 tests/oracle/pipreq.py REQUIREMENTS_FILE

OUTPUT FORMAT (UTF-8, "\n" line endings, one item per line)
---------------------------------------------------------------------------
First, one line per file read, in first-read order, each file only once
(pip re-reads a file every time it is included -- e.g. the shared base of a
diamond -- but it is listed once):

    file PATH

  PATH is the path as pip opens it, passed through os.path.normpath: the top
  file is the command-line argument; a relative -r/-c path is joined onto
  the directory of the including file (os.path.join(os.path.dirname(parent),
  path)); absolute paths are used as is.  Deduplication is by the
  normalized path.

Then, in the order pip yields them (depth-first: an included file's lines
appear at the point of its -r/-c line; a file included twice yields its lines
twice), one of:

    req TEXT                  requirement line read in a top or -r file
    constraint TEXT           requirement line read in a -c file
    editable TEXT             -e/--editable line read in a top or -r file
    constraint-editable TEXT  -e/--editable line read in a -c file
    opt NAME [VALUE]          from an option line (a line with no
                              requirement and no -e/-r/-c)

  Whether a file is "-c" is decided by the line that included it: a -r
  inside a -c file yields "req" lines again, and vice versa.

  TEXT = norm(requirement string as pip yields it), followed, for req /
  constraint lines only (pip drops per-requirement options on -e lines), by
      " --hash=ALG:HEX"            for every --hash, sorted (string sort)
      " --config-settings=KEY=VAL" for every -C/--config-settings, sorted
      " --global-option=VAL"       for every --global-option, in given order
                                   (extension; not in the corpus much)

  norm(s): runs of whitespace (space, \t, \n, \r, \f, \v) that are outside
  a '...' or "..." quoted string are deleted, except that a single space is
  kept when the characters immediately before and after the run are both
  "word" characters (ASCII alnum, '.', '_' or '-').  Leading/trailing runs
  are deleted.  Inside quotes everything (whitespace included) is kept
  verbatim; a quote runs to the next occurrence of the same quote character
  (or to end of string if unterminated).

  NOTE: pip splits a requirement line from its options only at a SPACE
  followed by '-'.  "idna==3.4<TAB>--hash=sha256:X" is one requirement
  string for pip (no hash); norm() turns it into "idna==3.4 --hash=sha256:X",
  which looks like a suffix.  Corpus lines exercising this add a second,
  real --hash that sorts *before* the glued one, so the order tells them
  apart.

  opt lines, for each option line, in this fixed order (not source order);
  repeatable options give one line per value, in source order:
      opt index-url URL           (-i/--index-url/--pypi-url; last one wins)
      opt extra-index-url URL     (one per value)
      opt no-index
      opt find-links PATH_OR_URL  (one per value, see below)
      opt no-binary VALUE         (one per --no-binary, raw value as given)
      opt only-binary VALUE       (one per --only-binary, raw value as given)
      opt prefer-binary
      opt require-hashes
      opt pre
      opt trusted-host HOST       (one per value)
      opt use-feature NAME        (one per value)
  find-links values: if the value is neither absolute nor a URL (URL =
  matches ^[A-Za-z][A-Za-z0-9+.-]*://), print
  os.path.normpath(os.path.join(os.path.dirname(FILE), value)) where FILE is
  the normalized path of the file containing the line.  (pip itself only does
  this join when the joined path exists; we always do it, for determinism.)
  Option lines carrying only --hash / --config-settings / --global-option
  (pip ignores those without a requirement) or nothing at all print nothing.

ERRORS: on any parse error (unknown option, bad --hash algorithm, unbalanced
quotes in the option part, missing include file, include cycle, bytes that
do not decode, ...) nothing
is printed on stdout; pip's error message goes to stderr and the exit status
is 2.  Success exits 0.
"""

import os
import re
import sys

# pip's parser only reads local files here; keep its logging quiet.
import logging

logging.disable(logging.CRITICAL)

from pip._internal.cli import cmdoptions  # noqa: E402
from pip._internal.exceptions import (  # noqa: E402
    CommandError,
    InstallationError,
    RequirementsFileParseError,
)
from pip._internal.network.session import PipSession  # noqa: E402
from pip._internal.req import req_file  # noqa: E402
from pip._internal.req.req_file import (  # noqa: E402
    RequirementsFileParser,
    get_line_parser,
)

URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
WS = " \t\n\r\f\v"


def _is_word(c):
    return (c.isascii() and c.isalnum()) or c in "._-"


def norm(s):
    """Canonical whitespace normalization of a requirement string."""
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in "'\"":
            j = s.find(c, i + 1)
            j = n if j < 0 else j + 1
            out.append(s[i:j])
            i = j
        elif c in WS:
            j = i
            while j < n and s[j] in WS:
                j += 1
            before = out[-1][-1] if out and out[-1] else ""
            after = s[j] if j < n else ""
            if before and after and _is_word(before) and _is_word(after):
                out.append(" ")
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


# --- record raw --no-binary / --only-binary values -------------------------
# pip stores these only as a merged FormatControl (canonicalized names,
# :all:/:none: handling).  Wrap pip's callbacks so we also see the raw values
# in source order.  Parsing behaviour is unchanged.
def _wrap_fmt(name, orig):
    def cb(option, opt_str, value, parser):
        orig(option, opt_str, value, parser)
        rec = getattr(parser.values, "_venvmk_fmt", None)
        if rec is None:
            rec = []
            setattr(parser.values, "_venvmk_fmt", rec)
        rec.append((name, value))

    return cb


cmdoptions._handle_no_binary = _wrap_fmt("no-binary", cmdoptions._handle_no_binary)
cmdoptions._handle_only_binary = _wrap_fmt(
    "only-binary", cmdoptions._handle_only_binary
)

# --- record which files pip opens -------------------------------------------
_files = []
_seen = set()
_orig_get_file_content = req_file.get_file_content


def _get_file_content(url, session):
    loc, content = _orig_get_file_content(url, session)
    p = os.path.normpath(url)
    if p not in _seen:
        _seen.add(p)
        _files.append(p)
    return loc, content


req_file.get_file_content = _get_file_content


def req_suffix(opts):
    parts = []
    hashes = getattr(opts, "hashes", None) or {}
    parts += sorted(
        f" --hash={alg}:{h}" for alg, hs in hashes.items() for h in hs
    )
    cs = getattr(opts, "config_settings", None) or {}
    kv = []
    for k, v in cs.items():
        for x in v if isinstance(v, list) else [v]:
            kv.append(f" --config-settings={k}={x}")
    parts += sorted(kv)
    for g in getattr(opts, "global_options", None) or []:
        parts.append(f" --global-option={g}")
    return "".join(parts)


def opt_lines(line):
    o = line.opts
    fdir = os.path.dirname(os.path.normpath(line.filename))
    out = []
    if o.index_url:
        out.append(f"opt index-url {o.index_url}")
    for u in o.extra_index_urls or []:
        out.append(f"opt extra-index-url {u}")
    if o.no_index:
        out.append("opt no-index")
    for fl in o.find_links or []:
        if not os.path.isabs(fl) and not URL_RE.match(fl):
            fl = os.path.normpath(os.path.join(fdir, fl))
        out.append(f"opt find-links {fl}")
    rec = getattr(o, "_venvmk_fmt", None) or []
    for kind in ("no-binary", "only-binary"):
        for name, v in rec:
            if name == kind:
                out.append(f"opt {kind} {v}")
    if o.prefer_binary:
        out.append("opt prefer-binary")
    if o.require_hashes:
        out.append("opt require-hashes")
    if o.pre:
        out.append("opt pre")
    for h in o.trusted_hosts or []:
        out.append(f"opt trusted-host {h}")
    for f in o.features_enabled or []:
        out.append(f"opt use-feature {f}")
    return out


# --- per-line --use-feature values -------------------------------------------
# cmdoptions.use_new_feature is a functools.partial whose default=[] list is
# shared by every Option it creates, and optparse's "append" action appends
# to that shared default.  So inside one pip process each line's
# opts.features_enabled also contains the features of all earlier lines
# (pip dedups them when it percolates them into the install options).  We
# want what each line says, so empty the shared default before every line.
_shared_features = cmdoptions.use_new_feature.keywords.get("default")


def _line_parser():
    base = get_line_parser(None)

    def parse_line(line):
        if isinstance(_shared_features, list):
            del _shared_features[:]
        return base(line)

    return parse_line


def dump(path):
    parser = RequirementsFileParser(PipSession(), _line_parser())
    body = []
    for line in parser.parse(path, constraint=False):
        if line.is_requirement:
            text = norm(line.requirement)
            if line.is_editable:
                kind = "constraint-editable" if line.constraint else "editable"
            else:
                kind = "constraint" if line.constraint else "req"
                text += req_suffix(line.opts)
            body.append(f"{kind} {text}")
        else:
            body.extend(opt_lines(line))
    return [f"file {p}" for p in _files] + body


def main(argv):
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    if len(argv) != 2:
        print("usage: pipreq.py REQUIREMENTS_FILE", file=sys.stderr)
        return 64
    try:
        lines = dump(argv[1])
    except (RequirementsFileParseError, InstallationError, CommandError) as e:
        print(f"pipreq: {e}", file=sys.stderr)
        return 2
    except (UnicodeError, LookupError) as e:
        # undecodable bytes / unknown "# -*- coding: x -*-" (pip crashes)
        print(f"pipreq: cannot decode requirements file: {e}", file=sys.stderr)
        return 2
    except RecursionError:
        print("pipreq: requirements files include each other (recursion)",
              file=sys.stderr)
        return 2
    sys.stdout.write("".join(l + "\n" for l in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
