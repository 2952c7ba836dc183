# venvmk.m4: find venvmk and its venv.mk from an Autoconf configure script.
#
# Usage, in configure.ac:
#
#     m4_pattern_forbid([^VENVMK_])  # an unexpanded VENVMK_INIT stops autoconf
#     AM_PATH_PYTHON([3.8])          # optional; venv.mk then uses $(PYTHON)
#     VENVMK_INIT([0.1])             # optional minimum venvmk version
#     AC_CONFIG_FILES([Makefile])
#
# and in Makefile.am (@VENVMK_INCLUDE@ alone on its line):
#
#     @VENVMK_INCLUDE@
#     check_DATA = $(VENV_STAMP)
#     TEST_EXTENSIONS = .py
#     PY_LOG_COMPILER = $(VENV_BIN)/python
#     TESTS = test_hello.py
#     EXTRA_DIST = requirements.txt $(TESTS)
#     clean-local: clean-venv
#
# Automake reads `include' lines itself, at automake time, so it cannot
# include a file whose path only configure knows.  VENVMK_INIT therefore
# substitutes a whole line, `include /path/to/venv.mk', into @VENVMK_INCLUDE@,
# which automake copies to Makefile.in untouched and GNU Make reads at make
# time.  Put it after any variable venv.mk should see at include time
# (VENV_DIR, VENVS, ..., which must be set before it); automake's own
# variables such as PYTHON and srcdir are already defined at that point.
#
# aclocal must find this file.  It looks in its own directory (aclocal
# --print-ac-dir: /usr/share/aclocal on Debian), in the directories of
# ACLOCAL_PATH and in those given with -I, but not in /usr/local/share/aclocal,
# where venvmk installs it by default.  With venvmk installed anywhere but
# aclocal's own prefix, name the directory:
#
#     ACLOCAL_PATH=/usr/local/share/aclocal autoreconf -fi
#     ACLOCAL_PATH=`pkg-config --variable=aclocaldir venvmk` autoreconf -fi
#
# When aclocal does not find it, VENVMK_INIT stays unexpanded in configure,
# which then dies with "syntax error near unexpected token `0.1'".  The
# m4_pattern_forbid line above, in configure.ac itself (aclocal never reads
# this file then), makes autoconf stop instead, with "possibly undefined macro:
# VENVMK_INIT".  This file forbids the prefix too, and allows the two shell
# variables the macros set.
#
# Macros:
#
# VENVMK_INIT([MIN-VERSION], [ACTION-IF-FOUND], [ACTION-IF-NOT-FOUND])
#   VENVMK_PROG, then VENVMK_MK, then substitutes VENVMK_INCLUDE.
#   Without ACTION-IF-NOT-FOUND, a missing venvmk or venv.mk stops configure
#   with an error; with it, VENVMK_INCLUDE is empty when either is missing,
#   and the Makefile must not use the env then (see AM_CONDITIONAL).
#
# VENVMK_PROG([MIN-VERSION], [ACTION-IF-FOUND], [ACTION-IF-NOT-FOUND])
#   Finds the venvmk program with AC_PATH_PROG and substitutes VENVMK, its
#   absolute path.  The user may name it: ./configure VENVMK=/opt/bin/venvmk
#   (an absolute path; a bare name is looked up in PATH as `venvmk').
#   The program must answer `venvmk --version' with `venvmk X.Y.Z'.
#   With MIN-VERSION, rejects an older program.  Substitutes VENVMK_VERSION.
#
# VENVMK_MK([ACTION-IF-FOUND], [ACTION-IF-NOT-FOUND])
#   Finds venv.mk and substitutes VENV_MK, its absolute path.  In order:
#     1. --with-venv-mk=PATH, or the precious variable VENV_MK=PATH;
#     2. DIR/../share/venvmk/venv.mk, where DIR holds the venvmk program
#        found (so the venv.mk always matches that program when installed
#        with it);
#     3. `pkg-config --variable=venv_mk venvmk' (honours PKG_CONFIG_PATH).
#   A path holding a space is refused: make cannot include it.
#
# Python: venv.mk's VENV_PYTHON defaults to $(PYTHON), so with AM_PATH_PYTHON
# every env is built from the interpreter configure found (or the one the
# user chose with ./configure PYTHON=...).  Without AM_PATH_PYTHON it is
# python3 from PATH; set VENV_PYTHON in Makefile.am to choose another.
#
# VPATH builds and `make distcheck' work: the env lives in the build
# directory, and venv.mk looks for requirements.txt there and in $(srcdir).
# Distribute requirements.txt, and remove the env in clean-local
# (clean-local: clean-venv) so that distcheck's distcleancheck finds nothing
# left behind: `venvmk clean' removes the env and its $(VENV_DIR).venvmk/.

# serial 2

m4_pattern_forbid([^VENVMK_])
m4_pattern_allow([^VENVMK_VERSION$])
m4_pattern_allow([^VENVMK_INCLUDE$])

AC_DEFUN([VENVMK_PROG],
[AC_ARG_VAR([VENVMK], [the venvmk program (an absolute path)])dnl
AC_PATH_PROG([VENVMK], [venvmk], [no])
venvmk_found=no
VENVMK_VERSION=
AS_IF([test "x$VENVMK" = xno],
  [VENVMK=],
  [AC_MSG_CHECKING([the version of $VENVMK])
   VENVMK_VERSION=`"$VENVMK" --version 2>/dev/null | sed -n ['1s/^venvmk  *\([0-9][0-9.]*\).*/\1/p']`
   AS_IF([test -z "$VENVMK_VERSION"],
     [AC_MSG_RESULT([none: $VENVMK --version does not print venvmk X.Y.Z])],
     [AC_MSG_RESULT([$VENVMK_VERSION])
      venvmk_found=yes
      m4_ifval([$1],
       [AC_MSG_CHECKING([whether venvmk $VENVMK_VERSION is $1 or newer])
        AS_VERSION_COMPARE([$VENVMK_VERSION], [$1],
          [AC_MSG_RESULT([no])
           venvmk_found=no],
          [AC_MSG_RESULT([yes])],
          [AC_MSG_RESULT([yes])])])])])
AC_SUBST([VENVMK_VERSION])
AS_IF([test "x$venvmk_found" = xyes],
  [$2],
  [m4_default([$3],
    [AS_IF([test -z "$VENVMK"],
      [AC_MSG_ERROR([venvmk not found; install it or run ./configure VENVMK=/path/to/venvmk])],
      [test -z "$VENVMK_VERSION"],
      [AC_MSG_ERROR([$VENVMK does not run as venvmk; run ./configure VENVMK=/path/to/venvmk])],
      [AC_MSG_ERROR([venvmk $VENVMK_VERSION is too old: m4_ifval([$1], [$1 or newer is needed])])])])])
])

AC_DEFUN([VENVMK_MK],
[AC_REQUIRE([VENVMK_PROG])dnl
AC_ARG_VAR([VENV_MK], [the path of venvmk's venv.mk])dnl
AC_ARG_WITH([venv-mk],
  [AS_HELP_STRING([--with-venv-mk=PATH],
    [the venv.mk to include (default: the one installed with venvmk)])],
  [AS_CASE([$withval],
    [yes|no], [AC_MSG_ERROR([--with-venv-mk needs a path])],
    [VENV_MK=$withval])])
AC_MSG_CHECKING([for venv.mk])
AS_IF([test -n "$VENV_MK"],
  [],
  [test -n "$VENVMK" &&
   venvmk_mk=`AS_DIRNAME(["$VENVMK"])`/../share/venvmk/venv.mk &&
   test -f "$venvmk_mk" &&
   VENV_MK=$venvmk_mk
   AS_IF([test -z "$VENV_MK"],
     [venvmk_mk=`${PKG_CONFIG:-pkg-config} --variable=venv_mk venvmk 2>/dev/null`
      test -n "$venvmk_mk" && test -f "$venvmk_mk" && VENV_MK=$venvmk_mk])])
dnl Make it absolute: the include must work from any build directory.
AS_CASE([$VENV_MK],
  [""|/*], [],
  [VENV_MK=`pwd`/$VENV_MK])
AS_IF([test -n "$VENV_MK" && test -f "$VENV_MK"],
  [dnl Tidy DIR/bin/../share into DIR/share when DIR/share exists.
   venvmk_dir=`AS_DIRNAME(["$VENV_MK"])`
   venvmk_dir=`cd "$venvmk_dir" 2>/dev/null && pwd` &&
     VENV_MK=$venvmk_dir/`basename "$VENV_MK"`
   AC_MSG_RESULT([$VENV_MK])
   AS_CASE([$VENV_MK],
     [*[[\ \	]]*], [AC_MSG_ERROR([venv.mk path '$VENV_MK' holds a space; make cannot include it])])
   $1],
  [AS_IF([test -n "$VENV_MK"],
     [AC_MSG_RESULT([no ($VENV_MK does not exist)])],
     [AC_MSG_RESULT([no])])
   VENV_MK=
   m4_default([$2],
     [AC_MSG_ERROR([venv.mk not found; pass --with-venv-mk=PATH or VENV_MK=PATH])])])
AC_SUBST([VENV_MK])
])

AC_DEFUN([VENVMK_INIT],
[venvmk_init_ok=yes
VENVMK_PROG([$1], [], m4_ifval([$3], [[venvmk_init_ok=no]]))
AS_IF([test "x$venvmk_init_ok" = xyes],
  [VENVMK_MK([], m4_ifval([$3], [[venvmk_init_ok=no]]))])
AS_IF([test "x$venvmk_init_ok" = xyes],
  [VENVMK_INCLUDE="include $VENV_MK"
   $2],
  [VENVMK_INCLUDE=
   $3])
AC_SUBST([VENVMK_INCLUDE])
m4_ifdef([AM_SUBST_NOTMAKE], [AM_SUBST_NOTMAKE([VENVMK_INCLUDE])])
])
