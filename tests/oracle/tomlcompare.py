#!/usr/bin/env python3
"""tomllib as the oracle for venvmk's TOML reader (tests/helpers/tomljson).

usage: tomlcompare.py TOMLJSON [-n COUNT] [--seed N] [-v]

Writes COUNT documents, each a random mutation of a seed document below, and
runs TOMLJSON on each.  Python's tomllib decides: a document it rejects must be
rejected, and one it accepts must give the same values with the same types.
For each valid document two more checks of `TOMLJSON --canon`: the same values
written in another style (key order, quoting, [tables] or dotted keys or inline
tables, number bases, string forms) give the same canonical form, and a document
with one value changed gives a different one.

Where TOML 1.0 and tomllib differ, the spec wins and the difference is counted,
not failed: integers beyond 64 bits (TOML lets a reader reject them, venvmk
does), second 60 (RFC 3339's leap second) and year 0000.
"""
import datetime
import json
import math
import random
import re
import subprocess
import sys
import tomllib

SEEDS = [
    'title = "TOML"\n[owner]\nname = "Tom"\ndob = 1979-05-27T07:32:00-08:00\n',
    '[database]\nenabled = true\nports = [ 8000, 8001, 8002 ]\ndata = [ ["delta", "phi"], [3.14] ]\n'
    'temp_targets = { cpu = 79.5, case = 72.0 }\n',
    '[servers]\n[servers.alpha]\nip = "10.0.0.1"\nrole = "frontend"\n[servers.beta]\nip = "10.0.0.2"\n',
    '[project]\nname = "venvmk"\ndependencies = [\n  "requests>=2",  # http\n  "click",\n]\n'
    '[project.optional-dependencies]\ntest = ["pytest"]\n[tool.ruff]\nline-length = 100\n',
    '[build-system]\nrequires = ["setuptools>=61", "wheel"]\nbuild-backend = "setuptools.build_meta"\n',
    '[dependency-groups]\ndev = ["ruff", {include-group = "test"}]\ntest = ["pytest>=8"]\n',
    '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\n'
    'requests = "*"\nflask = {version = ">=2", extras = ["async"]}\n',
    'str1 = "I\'m a string. \\"You can quote me\\". Name\\tJos\\u00E9\\nLocation\\tSF."\n'
    'str2 = """\nRoses are red\nViolets are blue"""\n',
    'str3 = """\\\n  The quick brown \\\n  fox jumps over \\\n  the lazy dog.\\\n  """\n'
    "winpath = 'C:\\Users\\nodejs\\templates'\nregex = '<\\i\\c*\\s*>'\n",
    "lines = '''\nThe first newline is\ntrimmed in raw strings.\n'''\nquot15 = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''\n",
    'int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nint5 = 1_000\nhex1 = 0xDEADBEEF\noct1 = 0o755\nbin1 = 0b11010110\n',
    'max = 9223372036854775807\nmin = -9223372036854775808\nhex = 0x7fff_ffff_ffff_ffff\n',
    'flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\nflt7 = 6.626e-34\n'
    'flt8 = 224_617.445_991_228\nsf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\nsf6 = -nan\nz = -0.0\n',
    'odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\n'
    'odt4 = 1979-05-27 07:32:00Z\nldt1 = 1979-05-27T07:32:00\nld1 = 1979-05-27\nlt1 = 07:32:00\nlt2 = 00:32:00.999999\n',
    'leap = 2000-02-29\nnotleap = 1900-02-28\nend = 1999-12-31T23:59:59.5+14:00\n',
    'fruit.name = "banana"\nfruit. color = "yellow"\nfruit . flavor = "banana"\n"quoted.key" = 1\n\'lit\' = 2\n',
    '[fruit]\napple.color = "red"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n',
    '[[fruits]]\nname = "apple"\n[fruits.physical]\ncolor = "red"\n[[fruits.varieties]]\nname = "red delicious"\n'
    '[[fruits]]\nname = "banana"\n[[fruits.varieties]]\nname = "plantain"\n',
    'points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 } ]\n'
    'nested = {a.b = 1, a.c = [1, 2.0, "three"], d = {}}\n',
    '# comment\n\n  key = "value"  # trailing\n\t[ t ] # header comment\n  "" = "empty key"\n1234 = "bare digits"\n',
    'a = [\n  1,\n  # comment\n  [2, [3]],\n  {x = "y"},\n]\nb = []\nc = [[], {}]\n',
    'esc = "\\b\\t\\n\\f\\r\\\\\\"\\u0000\\U0001F600"\nraw = "é ü 日本 😀"\nk = """a\\"""b"""\n',
    '[a.b.c]\nd = 1\n[a]\ne = 2\n[a.b]\nf = 3\n',
    '[x]\ny.z = 1\n[x.y.w]\nv = 2\n',
    # invalid on purpose, so mutations also start from broken documents
    '[a]\nb = 1\n[a]\nc = 2\n',
    'a = {b = 1}\na.c = 2\n',
    'a = [1, 2\nb = 3\n',
    'a = "unterminated\nb = 1\n',
    'a = 1979-02-29\n',
    'a = 0x_1\nb = 1__0\n',
]

INTERESTING = list('"\'[]{}=.,#\n\\ _-+:0123456789eExobTZtz\t') + [
    '"""', "'''", '\\u00e9', '\\U0001F600', '\\uD800', '\\x41', '\r\n', '\r', '\x7f', '\x00', '\x01',
    '0x7fffffffffffffff', '9223372036854775808', '-9223372036854775808', '1e400', 'inf', 'nan', '-0.0',
    '1979-05-27T07:32:00Z', '2000-02-29', '23:59:60', '1979-05-27 ', '[[a]]', '[a]', '{a=1}', 'a.b = 1\n',
    '= 1', 'é', '\ufeff',
]


def mutate(rng, doc):
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        op = rng.randrange(7)
        i = rng.randrange(len(doc) + 1)
        lines = doc.split('\n')
        if op == 0 and doc:
            doc = doc[:i] + doc[i + 1:]
        elif op in (1, 2):
            doc = doc[:i] + rng.choice(INTERESTING) + doc[i:]
        elif op == 3 and doc:
            doc = doc[:i] + rng.choice(INTERESTING) + doc[i + 1:]
        elif op == 4:
            j = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[j])
            doc = '\n'.join(lines)
        elif op == 5:
            j, k = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
            doc = '\n'.join(lines)
        else:
            other = rng.choice(SEEDS).split('\n')
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(other))
            doc = '\n'.join(lines)
    return doc


def when(kind, s):
    if '.' in s:
        # tomllib keeps microseconds and cuts the rest
        head, frac = s.split('.', 1)
        digits = len(frac) - len(frac.lstrip('0123456789'))
        s = head + '.' + (frac[:digits] + '000000')[:6] + frac[digits:]
    if kind == 'time-local':
        return datetime.time.fromisoformat(s)
    if kind == 'date-local':
        return datetime.date.fromisoformat(s)
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))


def isvalue(v):
    return isinstance(v, dict) and set(v) == {'type', 'value'} and isinstance(v['type'], str)


def differs(py, js, path='(root)'):
    """None when tomljson's tagged JSON JS holds tomllib's value PY, else how they differ."""
    if isinstance(py, dict):
        if not isinstance(js, dict) or isvalue(js) or set(py) != set(js):
            return f'{path}: want table {sorted(py)}, have {json.dumps(js)[:100]}'
        for k in py:
            d = differs(py[k], js[k], f'{path}.{k}')
            if d:
                return d
        return None
    if isinstance(py, list):
        if not isinstance(js, list) or len(py) != len(js):
            return f'{path}: want an array of {len(py)}, have {json.dumps(js)[:100]}'
        for i, (p, j) in enumerate(zip(py, js)):
            d = differs(p, j, f'{path}[{i}]')
            if d:
                return d
        return None
    if not isvalue(js):
        return f'{path}: want {py!r}, have {json.dumps(js)[:100]}'
    kind, v = js['type'], js['value']
    if isinstance(py, bool):
        ok = kind == 'bool' and v == str(py).lower()
    elif isinstance(py, int):
        ok = kind == 'integer' and int(v) == py
    elif isinstance(py, float):
        ok = kind == 'float' and (float(v) == py or (math.isnan(py) and v == 'nan'))
        ok = ok and (py != 0 or math.copysign(1, py) == math.copysign(1, float(v)))
    elif isinstance(py, str):
        ok = kind == 'string' and v == py
    elif isinstance(py, datetime.datetime):
        want = 'datetime' if py.tzinfo else 'datetime-local'
        ok = kind == want and when(kind, v) == py and when(kind, v).utcoffset() == py.utcoffset()
    elif isinstance(py, datetime.date):
        ok = kind == 'date-local' and when(kind, v) == py
    elif isinstance(py, datetime.time):
        ok = kind == 'time-local' and when(kind, v) == py
    else:
        return f'{path}: tomllib gave a {type(py)}'
    return None if ok else f'{path}: want {py!r}, have {kind} {v!r}'


def bigints(v):
    if isinstance(v, dict):
        return any(bigints(x) for x in v.values())
    if isinstance(v, list):
        return any(bigints(x) for x in v)
    return isinstance(v, int) and not isinstance(v, bool) and not -2**63 <= v < 2**63


# ---- the same values in another style, for the canonical form ----

BARE = re.compile(r'^[A-Za-z0-9_-]+$')


def basic(s, rng):
    out = []
    for c in s:
        if c in '"\\':
            out.append('\\' + c)
        elif ord(c) < 0x20 or c == '\x7f':
            out.append({'\n': '\\n', '\t': '\\t'}.get(c, f'\\u{ord(c):04x}') if rng.random() < .5 else f'\\u{ord(c):04X}')
        elif ord(c) > 0x7f and rng.random() < .3:
            out.append(f'\\u{ord(c):04x}' if ord(c) < 0x10000 else f'\\U{ord(c):08X}')
        else:
            out.append(c)
    return '"' + ''.join(out) + '"'


def key(k, rng):
    if BARE.match(k) and rng.random() < .6:
        return k
    if rng.random() < .5 and "'" not in k and not re.search(r'[\x00-\x08\x0a-\x1f\x7f]', k):
        return "'" + k + "'"
    return basic(k, rng)


def string(s, rng):
    r = rng.random()
    plain = not re.search(r'[\x00-\x08\x0b-\x1f\x7f\r]', s)
    if r < .25 and plain and "'" not in s and '\n' not in s:
        return "'" + s + "'"
    if r < .4 and plain and "'''" not in s and not s.endswith("'"):
        return "'''\n" + s + "'''"
    if r < .55 and not s.endswith('"'):
        return '"""\n' + basic(s, rng)[1:-1] + '"""'
    return basic(s, rng)


def integer(n, rng):
    r = rng.random()
    if n >= 0 and r < .15:
        return hex(n)
    if n >= 0 and r < .25:
        return '0o%o' % n
    if n >= 0 and r < .3:
        return bin(n)
    s = str(n)
    if r < .4 and len(s.lstrip('-')) > 1:
        i = rng.randrange(1, len(s.lstrip('-'))) + (s[0] == '-')
        s = s[:i] + '_' + s[i:]
    return ('+' + s if n >= 0 and r > .9 else s)


def scalar(v, rng):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return integer(v, rng)
    if isinstance(v, float):
        if math.isnan(v):
            return rng.choice(['nan', '+nan', '-nan'])
        s = repr(v)
        return s + '0' if '.' in s and 'e' not in s and rng.random() < .3 else s
    if isinstance(v, str):
        return string(v, rng)
    if isinstance(v, datetime.datetime):
        s = v.isoformat(sep=rng.choice('Tt '))
        return s.replace('+00:00', rng.choice(['Z', 'z', '+00:00']))
    return v.isoformat()


def inline(v, rng):
    if isinstance(v, dict):
        items = list(v.items())
        rng.shuffle(items)
        return '{' + ', '.join(f'{key(k, rng)} = {inline(x, rng)}' for k, x in items) + '}'
    if isinstance(v, list):
        sep = rng.choice([', ', ',\n  ', ', # c\n'])
        return '[' + sep.join(inline(x, rng) for x in v) + (sep if v and rng.random() < .3 else '') + ']'
    return scalar(v, rng)


def dotted(v, prefix, out, rng):
    for k, x in v.items():
        if isinstance(x, dict) and x and rng.random() < .5:
            dotted(x, prefix + [k], out, rng)
        else:
            out.append('.'.join(key(p, rng) for p in prefix + [k]) + ' = ' + inline(x, rng))


def section(d, path, out, rng):
    later = []
    items = list(d.items())
    rng.shuffle(items)
    for k, v in items:
        style = rng.random()
        if isinstance(v, dict) and style < .4:
            later.append((False, k, v))
        elif isinstance(v, dict) and v and style < .7:
            dotted(v, [k], out, rng)
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v) and style < .5:
            later.append((True, k, v))
        else:
            out.append(f'{key(k, rng)} = {inline(v, rng)}' + rng.choice(['', ' # note']))
    for aot, k, v in later:
        name = '.'.join(key(p, rng) for p in path + [k])
        for t in (v if aot else [v]):
            out.append(('[[%s]]' if aot else '[%s]') % name)
            section(t, path + [k], out, rng)


def restyle(d, rng):
    out = []
    section(d, [], out, rng)
    return '\n'.join(out) + '\n'


def change(v, rng):
    """V with one value changed, or None when V holds no value to change."""
    if isinstance(v, dict):
        keys = list(v)
        rng.shuffle(keys)
        for k in keys:
            c = change(v[k], rng)
            if c is not None:
                return {**v, k: c}
        return {**v, 'added': 1}
    if isinstance(v, list):
        for i in rng.sample(range(len(v)), len(v)):
            c = change(v[i], rng)
            if c is not None:
                return v[:i] + [c] + v[i + 1:]
        return v + [1]
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1 if v < 2**63 - 1 else v - 1
    if isinstance(v, float):
        return 1.0 if math.isnan(v) or math.isinf(v) else (-v if v == 0 else v * 2)
    if isinstance(v, str):
        return v + 'x'
    if isinstance(v, datetime.datetime):
        return v + datetime.timedelta(seconds=1)
    if isinstance(v, datetime.date):
        return v + datetime.timedelta(days=1)
    return v.replace(second=(v.second + 1) % 60)


def run(decoder, doc, *args):
    p = subprocess.run([decoder, *args], input=doc.encode('utf-8', 'surrogatepass'), capture_output=True, timeout=20)
    if p.returncode not in (0, 1):
        raise SystemExit(f'FAIL: {decoder} exited {p.returncode} on {doc!r}\n{p.stderr.decode(errors="replace")}')
    return p.returncode == 0, p.stdout.decode(), p.stderr.decode(errors='replace')


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    decoder, count, seed = args[0], 400, 12
    if '-n' in args:
        count = int(args[args.index('-n') + 1])
    if '--seed' in args:
        seed = int(args[args.index('--seed') + 1])
    verbose = '-v' in args
    rng = random.Random(seed)
    n = {'valid': 0, 'invalid': 0, 'excused': 0, 'canon': 0}
    bad = []
    for i in range(count):
        doc = SEEDS[i % len(SEEDS)] if i < len(SEEDS) else mutate(rng, rng.choice(SEEDS))
        try:
            py, pyerr = tomllib.loads(doc), None
        except tomllib.TOMLDecodeError as e:
            py, pyerr = None, str(e)
        ok, out, err = run(decoder, doc)
        n['invalid' if pyerr else 'valid'] += 1
        if pyerr and ok:
            if re.search(r':60(\.\d+)?([Zz+-]|"|$)|"0000-', out, re.M):
                n['excused'] += 1
                verbose and print(f'excused: tomllib rejects ({pyerr}): {doc!r}')
            else:
                bad.append(f'tomllib rejects ({pyerr}), tomljson accepts {doc!r}')
            continue
        if not pyerr and not ok:
            if bigints(py) and '64 bits' in err:
                n['excused'] += 1
                verbose and print(f'excused: {err.strip()}')
            else:
                bad.append(f'tomllib accepts, tomljson rejects ({err.strip()}): {doc!r}')
            continue
        if pyerr:
            continue
        d = differs(py, json.loads(out))
        if d:
            bad.append(f'values differ, {d}: {doc!r}')
            continue
        canon = run(decoder, doc, '--canon')[1]
        other = restyle(py, rng)
        ok2, canon2, err2 = run(decoder, other, '--canon')
        # tomllib keeps microseconds, so a restyled nanosecond is another value
        if canon2 != canon and not re.search(r'\.\d{7}', canon):
            bad.append(f'same values, different canon:\n  {doc!r}\n  {other!r}\n  {canon!r}\n  {canon2!r} {err2}')
        changed = restyle(change(py, rng), rng)
        ok3, canon3, err3 = run(decoder, changed, '--canon')
        if not ok3 or canon3 == canon:
            bad.append(f'a changed value, {"the same canon" if ok3 else err3}:\n  {doc!r}\n  {changed!r}')
        n['canon'] += 1
    for b in bad[:10]:
        print('FAIL:', b)
    print(f"{count} documents: {n['valid']} valid and {n['invalid']} invalid by tomllib, "
          f"{n['excused']} where TOML 1.0 and tomllib differ, {n['canon']} canonical-form checks, "
          f'{len(bad)} disagreements')
    if bad:
        sys.exit(1)
    if n['valid'] < count // 5 or n['invalid'] < count // 5 or n['canon'] < n['valid'] - n['excused']:
        sys.exit('FAIL: the corpus is lopsided; change the seeds or the mutations')


if __name__ == '__main__':
    main()
