"""shebangoracle.py: the console launchers pip writes, for the shebang tests.

  shebangoracle.py OUT < EXES
      for the Nth line of stdin, an interpreter's path, OUT/N/hello is the launcher
      pip writes for "hello = hello_cli:main" when that interpreter runs pip

Run by a Python that can import pip (pip's wheel on PYTHONPATH will do). It makes the
launchers as pip's installer does, with pip's vendored distlib ScriptMaker and
sys.executable set to each path, so one process stands for many pip runs.
"""
import os
import sys

from pip._vendor.distlib.scripts import ScriptMaker

out = sys.argv[1]
for i, line in enumerate(sys.stdin.buffer, 1):
    # decoded as Python decodes the path it was started by
    sys.executable = os.fsdecode(line.rstrip(b"\n"))
    d = os.path.join(out, str(i))
    os.makedirs(d)
    # pip's install_wheel: PipScriptMaker(None, scheme.scripts) with these settings
    maker = ScriptMaker(None, d)
    maker.clobber = True
    maker.variants = {""}
    maker.set_mode = True
    maker.make("hello = hello_cli:main")
