/* activate.c: an environment's activation scripts, from CPython's and virtualenv's templates. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/util.h"
#include "env/activate.h"

/*
 * The templates are CPython's fixed ones (after CVE-2024-9287: every value is
 * substituted already quoted, never inside quotes of the template) and
 * virtualenv's activate.nu.  A line starting "@TAG|" is kept only for the
 * Python versions TAG names (see tagapplies); placeholders are
 *	__VENV_DIR__		the env, absolute
 *	__VENV_BIN_NAME__	its scripts dir name
 *	__VENV_PROMPT__		the prompt name
 *	__VENV_PREFIX__		"(NAME) ", what 3.12 and older put in VIRTUAL_ENV_PROMPT
 * each replaced by the value quoted for the script's shell.
 */

static const char tplsh[] =
	"# This file must be used with \"source bin/activate\" *from bash*\n"
	"# You cannot run it directly\n"
	"\n"
	"deactivate () {\n"
	"    # reset old environment variables\n"
	"    if [ -n \"${_OLD_VIRTUAL_PATH:-}\" ] ; then\n"
	"        PATH=\"${_OLD_VIRTUAL_PATH:-}\"\n"
	"        export PATH\n"
	"        unset _OLD_VIRTUAL_PATH\n"
	"    fi\n"
	"    if [ -n \"${_OLD_VIRTUAL_PYTHONHOME:-}\" ] ; then\n"
	"        PYTHONHOME=\"${_OLD_VIRTUAL_PYTHONHOME:-}\"\n"
	"        export PYTHONHOME\n"
	"        unset _OLD_VIRTUAL_PYTHONHOME\n"
	"    fi\n"
	"\n"
	"    # Call hash to forget past locations. Without forgetting\n"
	"    # past locations the $PATH changes we made may not be respected.\n"
	"    # See \"man bash\" for more details. hash is usually a builtin of your shell\n"
	"    hash -r 2> /dev/null || true\n"
	"\n"
	"    if [ -n \"${_OLD_VIRTUAL_PS1:-}\" ] ; then\n"
	"        PS1=\"${_OLD_VIRTUAL_PS1:-}\"\n"
	"        export PS1\n"
	"        unset _OLD_VIRTUAL_PS1\n"
	"    fi\n"
	"\n"
	"    unset VIRTUAL_ENV\n"
	"    unset VIRTUAL_ENV_PROMPT\n"
	"    if [ ! \"${1:-}\" = \"nondestructive\" ] ; then\n"
	"    # Self destruct!\n"
	"        unset -f deactivate\n"
	"    fi\n"
	"}\n"
	"\n"
	"# unset irrelevant variables\n"
	"deactivate nondestructive\n"
	"\n"
	"VIRTUAL_ENV=__VENV_DIR__\n"
	"export VIRTUAL_ENV\n"
	"\n"
	"_OLD_VIRTUAL_PATH=\"$PATH\"\n"
	"PATH=\"$VIRTUAL_ENV/\"__VENV_BIN_NAME__\":$PATH\"\n"
	"export PATH\n"
	"\n"
	"@new|VIRTUAL_ENV_PROMPT=__VENV_PROMPT__\n"
	"@new|export VIRTUAL_ENV_PROMPT\n"
	"@new|\n"
	"# unset PYTHONHOME if set\n"
	"# this will fail if PYTHONHOME is set to the empty string (which is bad anyway)\n"
	"# could use `if (set -u; : $PYTHONHOME) ;` in bash\n"
	"if [ -n \"${PYTHONHOME:-}\" ] ; then\n"
	"    _OLD_VIRTUAL_PYTHONHOME=\"${PYTHONHOME:-}\"\n"
	"    unset PYTHONHOME\n"
	"fi\n"
	"\n"
	"if [ -z \"${VIRTUAL_ENV_DISABLE_PROMPT:-}\" ] ; then\n"
	"    _OLD_VIRTUAL_PS1=\"${PS1:-}\"\n"
	"    PS1=\"(\"__VENV_PROMPT__\") ${PS1:-}\"\n"
	"    export PS1\n"
	"@vep|    VIRTUAL_ENV_PROMPT=__VENV_PREFIX__\n"
	"@vep|    export VIRTUAL_ENV_PROMPT\n"
	"fi\n"
	"\n"
	"# Call hash to forget past commands. Without forgetting\n"
	"# past commands the $PATH changes we made may not be respected\n"
	"hash -r 2> /dev/null || true\n";

static const char tplfish[] =
	"# This file must be used with \"source <venv>/bin/activate.fish\" *from fish*\n"
	"# (https://fishshell.com/). You cannot run it directly.\n"
	"\n"
	"function deactivate  -d \"Exit virtual environment and return to normal shell environment\"\n"
	"    # reset old environment variables\n"
	"    if test -n \"$_OLD_VIRTUAL_PATH\"\n"
	"        set -gx PATH $_OLD_VIRTUAL_PATH\n"
	"        set -e _OLD_VIRTUAL_PATH\n"
	"    end\n"
	"    if test -n \"$_OLD_VIRTUAL_PYTHONHOME\"\n"
	"        set -gx PYTHONHOME $_OLD_VIRTUAL_PYTHONHOME\n"
	"        set -e _OLD_VIRTUAL_PYTHONHOME\n"
	"    end\n"
	"\n"
	"    if test -n \"$_OLD_FISH_PROMPT_OVERRIDE\"\n"
	"        set -e _OLD_FISH_PROMPT_OVERRIDE\n"
	"        # prevents error when using nested fish instances (Issue #93858)\n"
	"        if builtin functions -q _old_fish_prompt\n"
	"            builtin functions -e fish_prompt\n"
	"            builtin functions -c _old_fish_prompt fish_prompt\n"
	"            builtin functions -e _old_fish_prompt\n"
	"        end\n"
	"    end\n"
	"\n"
	"    set -e VIRTUAL_ENV\n"
	"    set -e VIRTUAL_ENV_PROMPT\n"
	"    if test \"$argv[1]\" != \"nondestructive\"\n"
	"        # Self-destruct!\n"
	"        builtin functions -e deactivate\n"
	"    end\n"
	"end\n"
	"\n"
	"# Unset irrelevant variables.\n"
	"deactivate nondestructive\n"
	"\n"
	"set -gx VIRTUAL_ENV __VENV_DIR__\n"
	"\n"
	"set -gx _OLD_VIRTUAL_PATH $PATH\n"
	"set -gx PATH \"$VIRTUAL_ENV/\"__VENV_BIN_NAME__ $PATH\n"
	"@new|set -gx VIRTUAL_ENV_PROMPT __VENV_PROMPT__\n"
	"\n"
	"# Unset PYTHONHOME if set.\n"
	"if set -q PYTHONHOME\n"
	"    set -gx _OLD_VIRTUAL_PYTHONHOME $PYTHONHOME\n"
	"    set -e PYTHONHOME\n"
	"end\n"
	"\n"
	"if test -z \"$VIRTUAL_ENV_DISABLE_PROMPT\"\n"
	"    # fish uses a function instead of an env var to generate the prompt.\n"
	"\n"
	"    # Save the current fish_prompt function as the function _old_fish_prompt.\n"
	"    builtin functions -c fish_prompt _old_fish_prompt\n"
	"\n"
	"    # With the original prompt function renamed, we can override with our own.\n"
	"    # Call every builtin through `builtin` so a user function that shadows\n"
	"    # `printf`, `set_color`, `echo`, or `source`/`.` cannot hijack the prompt.\n"
	"    function fish_prompt\n"
	"        # Save the return status of the last command.\n"
	"        set -l old_status $status\n"
	"\n"
	"        # Output the venv prompt; color taken from the blue of the Python logo.\n"
	"@new|        builtin printf \"%s(%s)%s \" (builtin set_color 4B8BBE) __VENV_PROMPT__ (builtin set_color normal)\n"
	"@old|        builtin printf \"%s%s%s\" (builtin set_color 4B8BBE) __VENV_PREFIX__ (builtin set_color normal)\n"
	"\n"
	"        # Restore the return status of the previous command.\n"
	"        builtin echo \"exit $old_status\" | builtin source -\n"
	"        # Output the original/\"old\" prompt.\n"
	"        _old_fish_prompt\n"
	"    end\n"
	"\n"
	"    set -gx _OLD_FISH_PROMPT_OVERRIDE \"$VIRTUAL_ENV\"\n"
	"@vep|    set -gx VIRTUAL_ENV_PROMPT __VENV_PREFIX__\n"
	"end\n";

static const char tplcsh[] =
	"# This file must be used with \"source bin/activate.csh\" *from csh*.\n"
	"# You cannot run it directly.\n"
	"\n"
	"# Created by Davide Di Blasi <davidedb@gmail.com>.\n"
	"# Ported to Python 3.3 venv by Andrew Svetlov <andrew.svetlov@gmail.com>\n"
	"\n"
	"alias deactivate 'test $?_OLD_VIRTUAL_PATH != 0 && setenv PATH \"$_OLD_VIRTUAL_PATH\" && unset _OLD_VIRTUAL_PATH; rehash; test $?_OLD_VIRTUAL_PROMPT != 0 && set prompt=\"$_OLD_VIRTUAL_PROMPT\" && unset _OLD_VIRTUAL_PROMPT; unsetenv VIRTUAL_ENV; unsetenv VIRTUAL_ENV_PROMPT; test \"\\!:*\" != \"nondestructive\" && unalias deactivate'\n"
	"\n"
	"# Unset irrelevant variables.\n"
	"deactivate nondestructive\n"
	"\n"
	"setenv VIRTUAL_ENV __VENV_DIR__\n"
	"\n"
	"set _OLD_VIRTUAL_PATH=\"$PATH\"\n"
	"setenv PATH \"$VIRTUAL_ENV/\"__VENV_BIN_NAME__\":$PATH\"\n"
	"@new|setenv VIRTUAL_ENV_PROMPT __VENV_PROMPT__\n"
	"\n"
	"\n"
	"set _OLD_VIRTUAL_PROMPT=\"$prompt:q\"\n"
	"\n"
	"if (! \"$?VIRTUAL_ENV_DISABLE_PROMPT\") then\n"
	"    set prompt = \"(\"__VENV_PROMPT__\") $prompt:q\"\n"
	"@vep|    setenv VIRTUAL_ENV_PROMPT __VENV_PREFIX__\n"
	"endif\n"
	"\n"
	"alias pydoc python -m pydoc\n"
	"\n"
	"rehash\n";

static const char tplps1[] =
	"<#\n"
	".Synopsis\n"
	"Activate a Python virtual environment for the current PowerShell session.\n"
	"\n"
	".Description\n"
	"Pushes the python executable for a virtual environment to the front of the\n"
	"$Env:PATH environment variable and sets the prompt to signify that you are\n"
	"in a Python virtual environment. Makes use of the command line switches as\n"
	"well as the values the virtual environment was created with.\n"
	"\n"
	".Parameter VenvDir\n"
	"Path to the directory that contains the virtual environment to activate. The\n"
	"default value for this is the directory the environment was created in.\n"
	"\n"
	".Parameter Prompt\n"
	"The prompt prefix to display when this virtual environment is activated. By\n"
	"default, this prompt is the prompt the environment was created with,\n"
	"surrounded by parentheses and followed by a single space (ie. '(.venv) ').\n"
	"\n"
	".Example\n"
	"Activate.ps1\n"
	"Activates the Python virtual environment that contains the Activate.ps1 script.\n"
	"\n"
	".Example\n"
	"Activate.ps1 -Verbose\n"
	"Activates the Python virtual environment that contains the Activate.ps1 script,\n"
	"and shows extra information about the activation as it executes.\n"
	"\n"
	".Example\n"
	"Activate.ps1 -VenvDir C:\\Users\\MyUser\\Common\\.venv\n"
	"Activates the Python virtual environment located in the specified location.\n"
	"\n"
	".Example\n"
	"Activate.ps1 -Prompt \"MyPython\"\n"
	"Activates the Python virtual environment that contains the Activate.ps1 script,\n"
	"and prefixes the current prompt with the specified string (surrounded in\n"
	"parentheses) while the virtual environment is active.\n"
	"\n"
	".Notes\n"
	"On Windows, it may be required to enable this Activate.ps1 script by setting the\n"
	"execution policy for the user. You can do this by issuing the following PowerShell\n"
	"command:\n"
	"\n"
	"PS C:\\> Set-ExecutionPolicy -ExecutionPolicy RemoteSigned -Scope CurrentUser\n"
	"\n"
	"For more information on Execution Policies: \n"
	"https://go.microsoft.com/fwlink/?LinkID=135170\n"
	"\n"
	"#>\n"
	"Param(\n"
	"    [Parameter(Mandatory = $false)]\n"
	"    [String]\n"
	"    $VenvDir,\n"
	"    [Parameter(Mandatory = $false)]\n"
	"    [String]\n"
	"    $Prompt\n"
	")\n"
	"\n"
	"<# Function declarations --------------------------------------------------- #>\n"
	"\n"
	"<#\n"
	".Synopsis\n"
	"Remove all shell session elements added by the Activate script, including the\n"
	"addition of the virtual environment's Python executable from the beginning of\n"
	"the PATH variable.\n"
	"\n"
	".Parameter NonDestructive\n"
	"If present, do not remove this function from the global namespace for the\n"
	"session.\n"
	"\n"
	"#>\n"
	"function global:deactivate ([switch]$NonDestructive) {\n"
	"    # Revert to original values\n"
	"\n"
	"    # The prior prompt:\n"
	"    if (Test-Path -Path Function:_OLD_VIRTUAL_PROMPT) {\n"
	"        Copy-Item -Path Function:_OLD_VIRTUAL_PROMPT -Destination Function:prompt\n"
	"        Remove-Item -Path Function:_OLD_VIRTUAL_PROMPT\n"
	"    }\n"
	"\n"
	"    # The prior PYTHONHOME:\n"
	"    if (Test-Path -Path Env:_OLD_VIRTUAL_PYTHONHOME) {\n"
	"        Copy-Item -Path Env:_OLD_VIRTUAL_PYTHONHOME -Destination Env:PYTHONHOME\n"
	"        Remove-Item -Path Env:_OLD_VIRTUAL_PYTHONHOME\n"
	"    }\n"
	"\n"
	"    # The prior PATH:\n"
	"    if (Test-Path -Path Env:_OLD_VIRTUAL_PATH) {\n"
	"        Copy-Item -Path Env:_OLD_VIRTUAL_PATH -Destination Env:PATH\n"
	"        Remove-Item -Path Env:_OLD_VIRTUAL_PATH\n"
	"    }\n"
	"\n"
	"    # Just remove the VIRTUAL_ENV altogether:\n"
	"    if (Test-Path -Path Env:VIRTUAL_ENV) {\n"
	"        Remove-Item -Path env:VIRTUAL_ENV\n"
	"    }\n"
	"\n"
	"    # Just remove VIRTUAL_ENV_PROMPT altogether.\n"
	"    if (Test-Path -Path Env:VIRTUAL_ENV_PROMPT) {\n"
	"        Remove-Item -Path env:VIRTUAL_ENV_PROMPT\n"
	"    }\n"
	"\n"
	"    # Just remove the _PYTHON_VENV_PROMPT_PREFIX altogether:\n"
	"    if (Get-Variable -Name \"_PYTHON_VENV_PROMPT_PREFIX\" -ErrorAction SilentlyContinue) {\n"
	"        Remove-Variable -Name _PYTHON_VENV_PROMPT_PREFIX -Scope Global -Force\n"
	"    }\n"
	"\n"
	"    # Leave deactivate function in the global namespace if requested:\n"
	"    if (-not $NonDestructive) {\n"
	"        Remove-Item -Path function:deactivate\n"
	"    }\n"
	"}\n"
	"\n"
	"<# Begin Activate script --------------------------------------------------- #>\n"
	"\n"
	"# Determine the containing directory of this script\n"
	"$VenvExecPath = Split-Path -Parent $MyInvocation.MyCommand.Definition\n"
	"$VenvExecDir = Get-Item -Path $VenvExecPath\n"
	"\n"
	"Write-Verbose \"Activation script is located in path: '$VenvExecPath'\"\n"
	"Write-Verbose \"VenvExecDir Fullname: '$($VenvExecDir.FullName)\"\n"
	"Write-Verbose \"VenvExecDir Name: '$($VenvExecDir.Name)\"\n"
	"\n"
	"# Set values required in priority: CmdLine, then the values this script was\n"
	"# written with.\n"
	"if ($VenvDir) {\n"
	"    Write-Verbose \"VenvDir given as parameter, using '$VenvDir' to determine values\"\n"
	"}\n"
	"else {\n"
	"    Write-Verbose \"VenvDir not given as a parameter, using the directory the environment was created in.\"\n"
	"    $VenvDir = __VENV_DIR__\n"
	"    Write-Verbose \"VenvDir=$VenvDir\"\n"
	"}\n"
	"\n"
	"# Next, set the prompt from the command line, or the one the environment was\n"
	"# created with.\n"
	"if ($Prompt) {\n"
	"    Write-Verbose \"Prompt specified as argument, using '$Prompt'\"\n"
	"}\n"
	"else {\n"
	"    Write-Verbose \"Prompt not specified as argument to script, using the environment's prompt\"\n"
	"    $Prompt = __VENV_PROMPT__\n"
	"}\n"
	"\n"
	"Write-Verbose \"Prompt = '$Prompt'\"\n"
	"Write-Verbose \"VenvDir='$VenvDir'\"\n"
	"\n"
	"# Deactivate any currently active virtual environment, but leave the\n"
	"# deactivate function in place.\n"
	"deactivate -nondestructive\n"
	"\n"
	"# Now set the environment variable VIRTUAL_ENV, used by many tools to determine\n"
	"# that there is an activated venv.\n"
	"$env:VIRTUAL_ENV = $VenvDir\n"
	"\n"
	"@new|$env:VIRTUAL_ENV_PROMPT = $Prompt\n"
	"@new|\n"
	"if (-not $Env:VIRTUAL_ENV_DISABLE_PROMPT) {\n"
	"\n"
	"    Write-Verbose \"Setting prompt to '$Prompt'\"\n"
	"\n"
	"    # Set the prompt to include the env name\n"
	"    # Make sure _OLD_VIRTUAL_PROMPT is global\n"
	"    function global:_OLD_VIRTUAL_PROMPT { \"\" }\n"
	"    Copy-Item -Path function:prompt -Destination function:_OLD_VIRTUAL_PROMPT\n"
	"    New-Variable -Name _PYTHON_VENV_PROMPT_PREFIX -Description \"Python virtual environment prompt prefix\" -Scope Global -Option ReadOnly -Visibility Public -Value $Prompt\n"
	"\n"
	"    function global:prompt {\n"
	"        Write-Host -NoNewline -ForegroundColor Green \"($_PYTHON_VENV_PROMPT_PREFIX) \"\n"
	"        _OLD_VIRTUAL_PROMPT\n"
	"    }\n"
	"@vep|    $env:VIRTUAL_ENV_PROMPT = $Prompt\n"
	"}\n"
	"\n"
	"# Clear PYTHONHOME\n"
	"if (Test-Path -Path Env:PYTHONHOME) {\n"
	"    Copy-Item -Path Env:PYTHONHOME -Destination Env:_OLD_VIRTUAL_PYTHONHOME\n"
	"    Remove-Item -Path Env:PYTHONHOME\n"
	"}\n"
	"\n"
	"# Add the venv to the PATH\n"
	"Copy-Item -Path Env:PATH -Destination Env:_OLD_VIRTUAL_PATH\n"
	"$Env:PATH = \"$VenvExecDir$([System.IO.Path]::PathSeparator)$Env:PATH\"\n";

static const char tplnu[] =
	"# virtualenv activation module\n"
	"# Activate with `overlay use activate.nu`\n"
	"# Deactivate with `deactivate`, as usual\n"
	"#\n"
	"# To customize the overlay name, you can call `overlay use activate.nu as foo`,\n"
	"# but then simply `deactivate` won't work because it is just an alias to hide\n"
	"# the \"activate\" overlay. You'd need to call `overlay hide foo` manually.\n"
	"\n"
	"export-env {\n"
	"    def is-string [x] {\n"
	"        ($x | describe) == 'string'\n"
	"    }\n"
	"\n"
	"    def has-env [...names] {\n"
	"        $names | each {|n|\n"
	"            $n in $env\n"
	"        } | all {|i| $i == true}\n"
	"    }\n"
	"\n"
	"    # Emulates a `test -z`, but better as it handles e.g 'false'\n"
	"    def is-env-true [name: string] {\n"
	"      if (has-env $name) {\n"
	"        # Try to parse 'true', '0', '1', and fail if not convertible\n"
	"        let parsed = (do -i { $env | get $name | into bool })\n"
	"        if ($parsed | describe) == 'bool' {\n"
	"          $parsed\n"
	"        } else {\n"
	"          not ($env | get -i $name | is-empty)\n"
	"        }\n"
	"      } else {\n"
	"        false\n"
	"      }\n"
	"    }\n"
	"\n"
	"    let virtual_env = __VENV_DIR__\n"
	"    let bin = __VENV_BIN_NAME__\n"
	"\n"
	"    let path_name = (if (has-env 'Path') {\n"
	"            'Path'\n"
	"        } else {\n"
	"            'PATH'\n"
	"        }\n"
	"    )\n"
	"\n"
	"    let venv_path = ([$virtual_env $bin] | path join)\n"
	"    let new_path = ($env | get $path_name | prepend $venv_path)\n"
	"\n"
	"    # If there is no default prompt, then use the env name instead\n"
	"    let virtual_env_prompt = (if (__VENV_PROMPT__ | is-empty) {\n"
	"        ($virtual_env | path basename)\n"
	"    } else {\n"
	"        __VENV_PROMPT__\n"
	"    })\n"
	"\n"
	"    let new_env = {\n"
	"        $path_name         : $new_path\n"
	"        VIRTUAL_ENV        : $virtual_env\n"
	"        VIRTUAL_ENV_PROMPT : $virtual_env_prompt\n"
	"    }\n"
	"\n"
	"    let new_env = (if (is-env-true 'VIRTUAL_ENV_DISABLE_PROMPT') {\n"
	"      $new_env\n"
	"    } else {\n"
	"      # Creating the new prompt for the session\n"
	"      let virtual_prefix = $'(char lparen)($virtual_env_prompt)(char rparen) '\n"
	"\n"
	"      # Back up the old prompt builder\n"
	"      let old_prompt_command = (if (has-env 'PROMPT_COMMAND') {\n"
	"              $env.PROMPT_COMMAND\n"
	"          } else {\n"
	"              ''\n"
	"        })\n"
	"\n"
	"      let new_prompt = (if (has-env 'PROMPT_COMMAND') {\n"
	"          if 'closure' in ($old_prompt_command | describe) {\n"
	"              {|| $'($virtual_prefix)(do $old_prompt_command)' }\n"
	"          } else {\n"
	"              {|| $'($virtual_prefix)($old_prompt_command)' }\n"
	"          }\n"
	"      } else {\n"
	"          {|| $'($virtual_prefix)' }\n"
	"      })\n"
	"\n"
	"      $new_env | merge {\n"
	"        PROMPT_COMMAND : $new_prompt\n"
	"        VIRTUAL_PREFIX : $virtual_prefix\n"
	"      }\n"
	"    })\n"
	"\n"
	"    # Environment variables that will be loaded as the virtual env\n"
	"    load-env $new_env\n"
	"}\n"
	"\n"
	"export alias pydoc = python -m pydoc\n"
	"export alias deactivate = overlay hide activate\n";

/* the characters a value may hold and still go unquoted in every shell here */
static bool
plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("@+,./_:-", *s))
			return false;
	}
	return true;
}

/* bash, zsh and sh, as Python's shlex.quote: inside single quotes nothing is special */
static void
quotesh(struct buf *b, const char *s)
{
	if (plain(s)) {
		bufputs(b, s);
		return;
	}
	bufputc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			bufputs(b, "'\"'\"'");
		else
			bufputc(b, *s);
	}
	bufputc(b, '\'');
}

/*
 * csh and tcsh: single quotes, but '!' is still history there and a newline
 * ends the word unless escaped, and a quote is written outside them.
 */
static void
quotecsh(struct buf *b, const char *s)
{
	if (plain(s)) {
		bufputs(b, s);
		return;
	}
	bufputc(b, '\'');
	for (; *s; s++) {
		switch (*s) {
		case '\'':
			bufputs(b, "'\\''");
			break;
		case '!':
			bufputs(b, "\\!");
			break;
		case '\n':
			bufputs(b, "\\\n");
			break;
		default:
			bufputc(b, *s);
		}
	}
	bufputc(b, '\'');
}

/* fish: in single quotes a backslash escapes a quote or a backslash, so shlex.quote is wrong here */
static void
quotefish(struct buf *b, const char *s)
{
	if (plain(s)) {
		bufputs(b, s);
		return;
	}
	bufputc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			bufputc(b, '\\');
		bufputc(b, *s);
	}
	bufputc(b, '\'');
}

/*
 * PowerShell: single quotes, a quote doubled.  PowerShell also takes the
 * typographic quotes U+2018..U+201B for single quotes, so those are doubled too.
 */
static void
quoteps1(struct buf *b, const char *s)
{
	bufputc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'') {
			bufputs(b, "''");
		} else if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9b) {
			bufadd(b, s, 3);
			bufadd(b, s, 3);
			s += 2;
		} else {
			bufputc(b, *s);
		}
	}
	bufputc(b, '\'');
}

/* nushell, as virtualenv: a raw string r#'...'# with one '#' more than the longest run in S */
static void
quotenu(struct buf *b, const char *s)
{
	size_t run = 0, most = 0;

	for (const char *p = s; *p; p++) {
		run = *p == '#' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	bufputc(b, 'r');
	for (size_t i = 0; i <= most; i++)
		bufputc(b, '#');
	bufputc(b, '\'');
	bufputs(b, s);
	bufputc(b, '\'');
	for (size_t i = 0; i <= most; i++)
		bufputc(b, '#');
}

static const struct script {
	const char *name;
	const char *tpl;
	void (*quote)(struct buf *, const char *);
} scripts[] = {
	{"activate", tplsh, quotesh},
	{"activate.fish", tplfish, quotefish},
	{"activate.csh", tplcsh, quotecsh},
	{"Activate.ps1", tplps1, quoteps1},
	{"activate.nu", tplnu, quotenu},
};

/*
 * Whether a line tagged TAG applies to Python 3.MINOR.  From 3.13 on
 * VIRTUAL_ENV_PROMPT is the bare name and set even when the prompt is
 * disabled ("new"); before, it is "(NAME) " and set only with the prompt
 * ("vep"), and 3.9 and older do not set it at all.
 */
static bool
tagapplies(const char *tag, size_t n, int minor)
{
	if (n == 3 && memcmp(tag, "new", 3) == 0)
		return minor >= 13;
	if (n == 3 && memcmp(tag, "old", 3) == 0)
		return minor <= 12;
	if (n == 3 && memcmp(tag, "vep", 3) == 0)
		return minor >= 10 && minor <= 12;
	return false;
}

/* TPL with its tagged lines chosen for A->minor and its placeholders replaced by quoted values */
static void
expand(struct buf *b, const struct script *sc, const struct activation *a, const char *prompt, const char *prefix)
{
	const char *vars[][2] = {
		{"__VENV_DIR__", a->envdir},
		{"__VENV_BIN_NAME__", a->bin},
		{"__VENV_PROMPT__", prompt},
		{"__VENV_PREFIX__", prefix},
	};
	const char *p, *eol, *bar;
	size_t i, n;

	for (p = sc->tpl; *p; p = eol) {
		eol = strchr(p, '\n');
		eol = eol ? eol + 1 : p + strlen(p);
		if (*p == '@' && (bar = memchr(p, '|', eol - p))) {
			if (!tagapplies(p + 1, bar - p - 1, a->minor))
				continue;
			p = bar + 1;
		}
		while (p < eol) {
			if (p[0] == '_' && p[1] == '_') {
				for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
					n = strlen(vars[i][0]);
					if (strncmp(p, vars[i][0], n) == 0)
						break;
				}
				if (i < sizeof(vars) / sizeof(vars[0])) {
					sc->quote(b, vars[i][1]);
					p += n;
					continue;
				}
			}
			bufputc(b, *p++);
		}
	}
}

int
activatewrite(const char *bindir, const struct activation *a)
{
	struct buf b = {0};
	const char *prompt = a->prompt;
	char *prefix, *path;
	size_t i;
	int ret = 0;

	if (!prompt) {
		/* venv's default: the env directory's name */
		prompt = strrchr(a->envdir, '/');
		prompt = prompt ? prompt + 1 : a->envdir;
	}
	prefix = xasprintf("(%s) ", prompt);
	for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]) && ret == 0; i++) {
		bufreset(&b);
		expand(&b, &scripts[i], a, prompt, prefix);
		path = pathjoin(bindir, scripts[i].name);
		/* 0666 & ~umask, as venv writes them; not fsynced, as the env's other files:
		 * the pending mark and the state guard a new env as a whole */
		if (writefile(path, b.s, b.len, 0) < 0) {
			warn("write %s:", path);
			ret = -1;
		}
		free(path);
	}
	free(prefix);
	free(b.s);
	return ret;
}
