# venv.mk: declare Python virtual environments in any GNU Makefile (GNU Make 4+).
#
#     include venv.mk
#     test: $(VENV_STAMP)
#     	$(VENV_BIN)/pytest
#
# A no-op make starts no process: venvmk writes DIR.venvmk/make.d, the list of
# every path whose change could matter (inputs, the interpreter and the PATH
# dirs and version files that pick it, the env's site-packages and bin), and
# the names of the variables that matter (PIP_*, a shim's PYENV_VERSION, ...).
# venv.mk keeps those variables' values in DIR.venvmk/vars, rewritten only when
# they change.  When any of it is newer than DIR.venvmk/checked, make runs
# venvmk sync, which decides exactly and touches checked; the stamp gets a new
# mtime only when the env changed, so targets that depend on $(VENV_STAMP)
# rebuild exactly then.  See venv.mk(5) for every variable and target.

ifeq ($(filter 4.2% 4.3% 4.4% 4.5% 4.6% 4.7% 4.8% 4.9% 5.% 6.%,$(MAKE_VERSION)),)
$(error venv.mk needs GNU Make 4.2 or newer; this is $(MAKE_VERSION))
endif

venvmk_goal := $(.DEFAULT_GOAL)

# The value of variable $1, or $2 when it is not defined (no undefined-variable warnings).
venvmk_get = $(if $(filter undefined,$(origin $1)),$2,$($1))
# $1 quoted for the shell.
venvmk_q = '$(subst ','\'',$1)'
# Word $1 without the userinfo of a URL (https://user:secret@host/ -> https://host/):
# no password is written to the vars file, and a rotated one asks venvmk nothing.
venvmk_noauth1 = $(if $(findstring @,$(firstword $(subst /, ,$(word 2,$(subst ://, ,$1))))),$(subst $(firstword $(subst @, ,$(firstword $(subst /, ,$(word 2,$(subst ://, ,$1))))))@,,$1),$1)
venvmk_noauth = $(foreach w,$1,$(call venvmk_noauth1,$w))
# A newline.  GNU Make 4.3's $(file <F) can keep F's last newline (when reading F moves
# make's expansion buffer, which depends on the heap), so the vars file is compared
# without newlines: else it would be rewritten, and venvmk run, on every make.
define venvmk_nl


endef
# Refuse a value holding a space: make cannot name such a path.
venvmk_nospace = $(if $(word 2,$2),$(error venv.mk: $1 '$2' holds a space; venv.mk cannot use paths with spaces))

VENVMK ?= venvmk
VENVMK_FLAGS ?=
VENV_SRCDIR ?= $(call venvmk_get,srcdir,.)
VENV_CONF ?= $(firstword $(wildcard venv.conf $(VENV_SRCDIR)/venv.conf))

VENV_DIR ?= .venv
VENV_PYTHON ?= $(call venvmk_get,PYTHON,python3)
VENV_REQUIREMENTS ?= $(if $(VENV_LOCK),,$(firstword $(wildcard requirements.txt $(VENV_SRCDIR)/requirements.txt)))
VENV_CONSTRAINTS ?=
VENV_PACKAGES ?=
VENV_EDITABLE ?=
VENV_BACKEND ?= native
VENV_PIP_ARGS ?=
VENV_PROMPT ?=
VENV_SYSTEM_SITE_PACKAGES ?= no
VENV_PIP ?= yes
VENV_TRACK_ENV ?=
VENV_EXTRAS ?=
VENV_GROUPS ?=
VENV_LOCK ?=
VENV_EXCLUDE_NEWER ?=

# The declaration flags for env $1, whose variables are $2_DIR, $2_PYTHON, ...
# ($2 is VENV for the default env, which takes no defaults from elsewhere).
venvmk_decl = \
  --dir=$($2_DIR) --python=$(call venvmk_get,$2_PYTHON,$(VENV_PYTHON)) \
  --backend=$(call venvmk_get,$2_BACKEND,$(VENV_BACKEND)) \
  $(or $(addprefix -r,$(call venvmk_get,$2_REQUIREMENTS,)),$(if $(filter-out VENV,$2),--no-requirements)) \
  $(addprefix -c,$(call venvmk_get,$2_CONSTRAINTS,)) \
  $(foreach p,$(call venvmk_get,$2_PACKAGES,),--package=$(call venvmk_q,$p)) \
  $(addprefix -e,$(call venvmk_get,$2_EDITABLE,)) \
  $(foreach x,$(call venvmk_get,$2_EXTRAS,),--extra=$(call venvmk_q,$x)) \
  $(foreach g,$(call venvmk_get,$2_GROUPS,),--group=$(call venvmk_q,$g)) \
  $(if $(call venvmk_get,$2_LOCK,),--lock=$(call venvmk_q,$(call venvmk_get,$2_LOCK,))) \
  $(if $(call venvmk_get,$2_EXCLUDE_NEWER,$(VENV_EXCLUDE_NEWER)),--exclude-newer=$(call venvmk_q,$(call venvmk_get,$2_EXCLUDE_NEWER,$(VENV_EXCLUDE_NEWER)))) \
  $(foreach a,$(call venvmk_get,$2_PIP_ARGS,$(VENV_PIP_ARGS)),--pip-arg=$(call venvmk_q,$a)) \
  $(if $(call venvmk_get,$2_PROMPT,),--prompt=$(call venvmk_q,$(call venvmk_get,$2_PROMPT,))) \
  $(if $(filter yes,$(call venvmk_get,$2_SYSTEM_SITE_PACKAGES,$(VENV_SYSTEM_SITE_PACKAGES))),--system-site-packages) \
  $(if $(filter no,$(call venvmk_get,$2_PIP,$(VENV_PIP))),--no-pip) \
  $(addprefix --track-env=,$(call venvmk_get,$2_TRACK_ENV,$(VENV_TRACK_ENV)))

# With a venv.conf and no VENVS, the envs are the ones the file declares.  A file
# venvmk rejects (its error is on stderr already) stops make here, before any target:
# the envs the Makefile's flags declare are not what the user asked for.
ifeq ($(call venvmk_get,VENVS,),)
ifneq ($(VENV_CONF),)
venvmk_listed := $(shell $(VENVMK) -f $(VENV_CONF) list)
ifneq ($(.SHELLSTATUS),0)
$(error venv.mk: $(if $(filter 126 127,$(.SHELLSTATUS)),cannot run '$(VENVMK)' to read $(VENV_CONF) (set VENVMK to the venvmk program),$(VENV_CONF) is not valid ('$(VENVMK) -f $(VENV_CONF) list' exited with status $(.SHELLSTATUS)); no env is made until it is fixed))
endif
venvmk_names = $(if $1,$(firstword $1) $(call venvmk_names,$(wordlist 3,$(words $1),$1)))
venvmk_dirs = $(if $1,$(eval $(word 1,$1)_DIR ?= $(word 2,$1))$(call venvmk_dirs,$(wordlist 3,$(words $1),$1)))
VENVS := $(strip $(call venvmk_names,$(venvmk_listed)))
$(call venvmk_dirs,$(venvmk_listed))
endif
endif
VENVS ?=
venvmk_listed ?=

# The recipe of venv-shell for the env with variables $1_*: $SHELL, interactive, with the
# env activated after the shell's own start-up files, as if the user typed
# ". DIR/bin/activate" at the first prompt (a ~/.bashrc that runs "pyenv init" puts the
# shims first in PATH again, which would hide the env's python).  bash reads an --rcfile
# that sources ~/.bashrc; zsh a ZDOTDIR whose .zshenv and .zshrc source the user's (and
# give back the user's ZDOTDIR); fish activates with --init-command, after config.fish.
# The wrapper files live in a temporary dir, removed when the shell exits.  Any other
# shell starts through "venvmk run", with the env's bin first in PATH.
define venvmk_shell
sh=$${SHELL:-/bin/sh}; act=$(call venvmk_q,$(abspath $($1_DIR))/bin/activate); \
case $${sh##*/} in \
fish) VENVMK_SHELL_ACTIVATE=$$act.fish; export VENVMK_SHELL_ACTIVATE; \
  exec "$$sh" -i -C 'source "$$VENVMK_SHELL_ACTIVATE"; set -e VENVMK_SHELL_ACTIVATE' ;; \
bash|zsh) d=$$(mktemp -d "$${TMPDIR:-/tmp}/venv-shell.XXXXXX") || exit 1; \
  trap 'rm -rf "$$d"' EXIT; trap : INT QUIT; trap 'exit 129' HUP; trap 'exit 143' TERM; \
  VENVMK_SHELL_ACTIVATE=$$act; export VENVMK_SHELL_ACTIVATE; \
  if [ "$${sh##*/}" = bash ]; then \
    printf '%s\n' \
      'if [ -f ~/.bashrc ]; then . ~/.bashrc; fi' \
      '. "$$VENVMK_SHELL_ACTIVATE"; unset VENVMK_SHELL_ACTIVATE' >"$$d/bashrc" && \
    "$$sh" --rcfile "$$d/bashrc" -i; \
  else \
    printf '%s\n' \
      '_venvmk_zd=$$ZDOTDIR' \
      'if [ -n "$${VENVMK_SHELL_ZDOTDIR+x}" ]; then export ZDOTDIR="$$VENVMK_SHELL_ZDOTDIR"; else unset ZDOTDIR; fi' \
      'unset VENVMK_SHELL_ZDOTDIR' \
      'if [ -f "$${ZDOTDIR:-$$HOME}/.zshenv" ]; then . "$${ZDOTDIR:-$$HOME}/.zshenv"; fi' \
      '_venvmk_user=$${ZDOTDIR-} _venvmk_set=$${ZDOTDIR+x}' \
      'ZDOTDIR=$$_venvmk_zd' >"$$d/.zshenv" && \
    printf '%s\n' \
      'if [ -n "$$_venvmk_set" ]; then ZDOTDIR=$$_venvmk_user; else unset ZDOTDIR; fi' \
      'unset _venvmk_zd _venvmk_user _venvmk_set' \
      'if [ -f "$${ZDOTDIR:-$$HOME}/.zshrc" ]; then . "$${ZDOTDIR:-$$HOME}/.zshrc"; fi' \
      '. "$$VENVMK_SHELL_ACTIVATE"; unset VENVMK_SHELL_ACTIVATE' >"$$d/.zshrc" && \
    if [ -n "$${ZDOTDIR+x}" ]; then VENVMK_SHELL_ZDOTDIR=$$ZDOTDIR; export VENVMK_SHELL_ZDOTDIR; \
    else unset VENVMK_SHELL_ZDOTDIR; fi && \
    ZDOTDIR=$$d && export ZDOTDIR && "$$sh" -i; \
  fi ;; \
*) exec $(VENVMK) $(VENVMK_FLAGS) run --no-sync $($1_VENVMK_ARGS) -- "$$sh" -i ;; \
esac
endef

# env $1 with variables $2_*: its stamp, bin, and targets venv-$1, clean-venv-$1, ...
# From venv.conf ($3 = conf) it is synced by name; otherwise by flags.
define venvmk_env
$(call venvmk_nospace,$2_DIR,$($2_DIR))
$2_STAMP := $($2_DIR).venvmk/stamp
$2_BIN := $($2_DIR)/bin
$2_VENVMK_ARGS := $(if $3,-f $3 $(if $(filter-out VENV,$2),$1),--no-conf $(strip $(call venvmk_decl,$1,$2)))

$2_CHECKED := $($2_DIR).venvmk/checked
$2_VARS_FILE := $($2_DIR).venvmk/vars

# What venvmk said to watch: every input, the interpreter's paths, the env's own.
-include $$($2_DIR).venvmk/make.d

# The watched variables' values, the declaration and the env's absolute path (a moved
# project's env must be rebuilt), rewritten only when they change.
$2_VARS_TEXT := $$(call venvmk_noauth,$$(abspath $$($2_DIR)) $$($2_VENVMK_ARGS) $$(foreach v,$$(call venvmk_get,venvmk_watch_$$($2_DIR),),$$v$$(if $$(filter undefined,$$(origin $$v)),,=$$(value $$v))))
ifneq ($$(wildcard $$($2_DIR).venvmk/.),)
ifneq ($$(subst $$(venvmk_nl),,$$(file <$$($2_VARS_FILE))),$$(subst $$(venvmk_nl),,$$($2_VARS_TEXT)))
$$(file >$$($2_VARS_FILE),$$($2_VARS_TEXT))
endif
endif

# venvmk runs only when make sees a watched file or value newer than its last check;
# the stamp moves only when the env changed.  After a sync checked is newer than the
# stamp for good, so the stamp is "remade" by an empty recipe, after which make reads
# its mtime again.  The recipe is marked '+' so that make -q, -n and -t read it again
# too, instead of taking the stamp as new: make -q exits 0 and make -n lists nothing
# when nothing would be rebuilt.
$$($2_CHECKED): $$($2_VARS_FILE)
	@$$(VENVMK) $$(VENVMK_FLAGS) sync --make-deps $$($2_VENVMK_ARGS)
$$($2_VARS_FILE): ;
$$($2_STAMP): $$($2_CHECKED) ;@+

$$($2_DIR)/bin/%: $$($2_STAMP) ;

venv-$1: $$($2_STAMP)
lock-venv-$1:
	@$$(VENVMK) $$(VENVMK_FLAGS) lock $$($2_VENVMK_ARGS)
upgrade-venv-$1:
	@$$(VENVMK) $$(VENVMK_FLAGS) sync --make-deps $$(if $$(PACKAGE),--upgrade-package=$$(PACKAGE),--upgrade) $$($2_VENVMK_ARGS)
clean-venv-$1:
	@$$(VENVMK) $$(VENVMK_FLAGS) clean $$($2_VENVMK_ARGS)
show-venv-$1:
	@$$(VENVMK) $$(VENVMK_FLAGS) show $$($2_VENVMK_ARGS)
venv-shell-$1: $$($2_STAMP)
	@$$(call venvmk_shell,$2)

venv: venv-$1
upgrade: upgrade-venv-$1
clean-venv: clean-venv-$1
show-venv: show-venv-$1
$(if $3,,$(if $(call venvmk_get,$2_LOCK,),lock: lock-venv-$1))
.PHONY: venv-$1 lock-venv-$1 upgrade-venv-$1 clean-venv-$1 show-venv-$1 venv-shell-$1
endef

ifeq ($(strip $(VENVS)),)
$(eval $(call venvmk_env,default,VENV,))
venv-shell: venv-shell-default
else
# The first env lives in .venv, the others in .venv-NAME, as in venv.conf.
$(eval $(firstword $(VENVS))_DIR ?= .venv)
$(foreach n,$(wordlist 2,$(words $(VENVS)),$(VENVS)),$(eval $n_DIR ?= .venv-$n))
$(foreach n,$(VENVS),$(eval $(call venvmk_env,$n,$n,$(if $(venvmk_listed),$(VENV_CONF)))))
# The first named env is also the default one.
VENV_DIR := $($(firstword $(VENVS))_DIR)
VENV_STAMP := $($(firstword $(VENVS))_STAMP)
VENV_BIN := $($(firstword $(VENVS))_BIN)
venv-shell: venv-shell-$(firstword $(VENVS))
endif

# make lock: every lock declared beside its inputs brought up to date (venv.conf's all at once)
ifneq ($(venvmk_listed),)
lock:
	@$(VENVMK) $(VENVMK_FLAGS) -f $(VENV_CONF) lock
endif

# Tools: each name in VENV_TOOLS is a command run from an env of its own in venvmk's
# cache (venvmk tool), the one "venvmk tool run NAME" uses with the same flags: made
# from VENV_TOOL_FROM_NAME (default: NAME itself) and each VENV_TOOL_WITH_NAME, with
# VENV_TOOL_PYTHON_NAME (default: venvmk's, python3).  $(VENV_TOOL_NAME) is the
# command's path: a target that syncs the tool's env, tracked like an env's stamp
# (DIR.venvmk/make.d, checked, vars), so a recipe depends on it and runs it.  make
# asks "venvmk tool dir" (no Python, no sync) where each tool's env is when it reads
# the Makefile; that is the only process a no-op make starts for a tool.
VENV_TOOLS ?=
venvmk_tool_args = $(strip \
  $(if $(call venvmk_get,VENV_TOOL_FROM_$1,),--from=$(call venvmk_q,$(VENV_TOOL_FROM_$1))) \
  $(foreach w,$(call venvmk_get,VENV_TOOL_WITH_$1,),--with=$(call venvmk_q,$w)) \
  $(if $(call venvmk_get,VENV_TOOL_PYTHON_$1,),--python=$(call venvmk_q,$(VENV_TOOL_PYTHON_$1))) $1)

# tool $1 with its flags $2, whose env is $3 (from venvmk tool dir)
define venvmk_tool
$(call venvmk_nospace,VENV_TOOL_$1,$3)
VENV_TOOL_$1 := $3/bin/$1
-include $3.venvmk/make.d
venvmk_tool_$1_vars := $$(call venvmk_noauth,$3 $2 $$(foreach v,$$(call venvmk_get,venvmk_watch_$3,),$$v$$(if $$(filter undefined,$$(origin $$v)),,=$$(value $$v))))
ifneq ($$(wildcard $3.venvmk/.),)
ifneq ($$(subst $$(venvmk_nl),,$$(file <$3.venvmk/vars)),$$(subst $$(venvmk_nl),,$$(venvmk_tool_$1_vars)))
$$(file >$3.venvmk/vars,$$(venvmk_tool_$1_vars))
endif
endif
$3.venvmk/checked: $3.venvmk/vars
	@$$(VENVMK) $$(VENVMK_FLAGS) tool sync --make-deps $2
$3.venvmk/vars: ;
$3.venvmk/stamp: $3.venvmk/checked ;@+
$3/bin/$1: $3.venvmk/stamp ;@+
venv-tool-$1: $3/bin/$1
venv-tools: venv-tool-$1
.PHONY: venv-tool-$1
endef

venv-tools:
venvmk_tool_dir = $(shell $(VENVMK) $(VENVMK_FLAGS) tool dir $1)$(if $(filter-out 0,$(.SHELLSTATUS)),$(error venv.mk: VENV_TOOLS: '$(VENVMK) tool dir $1' exited with status $(.SHELLSTATUS)))
$(foreach t,$(VENV_TOOLS),$(eval $(call venvmk_tool,$t,$(call venvmk_tool_args,$t),$(call venvmk_tool_dir,$(call venvmk_tool_args,$t)))))

help-venv:
	@echo 'venv                 create or refresh every env ($(or $(VENVS),default))'
	@echo 'lock[-venv-NAME]     bring the lock made from the inputs up to date'
	@echo 'upgrade[-venv-NAME]  resolve afresh (PACKAGE=name: that one alone) and sync'
	@echo 'venv-NAME            create or refresh one env'
	@echo 'clean-venv[-NAME]    remove the env(s), only if they are environments'
	@echo 'show-venv[-NAME]     describe the env(s), inputs and state'
	@echo 'venv-shell[-NAME]    start $$SHELL inside the env'
	@echo 'venv-tool[s|-NAME]   sync the tool env(s) of VENV_TOOLS ($(or $(VENV_TOOLS),none))'

venvmk-FORCE:
.DEFAULT_GOAL := $(venvmk_goal)
.PHONY: venv lock upgrade clean-venv show-venv venv-shell help-venv venv-tools venvmk-FORCE
