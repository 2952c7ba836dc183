"""Runs inside the env: hello-cli is importable and its console script works."""
import os
import subprocess
import sys

if sys.prefix == sys.base_prefix:
    sys.exit("FAIL: not running inside a virtual environment")

import hello_cli  # noqa: E402  (installed from requirements.txt)

hello = os.path.join(os.path.dirname(sys.executable), "hello")
out = subprocess.run([hello], check=True, capture_output=True, text=True).stdout
print("hello says:", out.strip())
if out != "Hello from a venvmk environment!\n":
    sys.exit("FAIL: unexpected output %r" % out)
print("env:", sys.prefix)
