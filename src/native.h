/* native.h: the environment written by venvmk itself, laid out as PEP 405 and CPython's venv do. */
