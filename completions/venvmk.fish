# fish completion for venvmk
#
# Installed in $(datadir)/fish/vendor_completions.d, where fish looks for it the first
# time venvmk is completed. The env names come from "venvmk list" (run with the -C, -f
# and --no-conf of the line being completed); tests/scenario/cli/completion-*.sh hold
# it to src/main.c's options and commands.

# the command and the operands typed so far, one a line: the words that are no option nor
# an option's value; "--" and what follows it as they are
function __venvmk_operands
    set -l toks (commandline -opc)
    set -e toks[1]
    set -l skip 0
    set -l dashes 0
    for t in $toks
        if test $dashes = 1
            echo -- $t
        else if test $skip = 1
            set skip 0
        else
            switch $t
                case --
                    set dashes 1
                    echo -- --
                case -f -C -o -r -c -e --file --directory --output --dir --python --requirement \
                    --constraint --package --editable --backend --prompt --pip-arg --track-env \
                    --extra --group --cache-dir --link-mode --lock --older-than --format \
                    --upgrade-package --from --with --remote-cache --exclude-newer
                    set skip 1
                case '-*'
                case '*'
                    echo -- $t
            end
        end
    end
end

# are the operands so far exactly the words given?
function __venvmk_at
    set -l ops (__venvmk_operands)
    test "$ops" = "$argv"
end

# is the first operand (the command) one of the words given?
function __venvmk_command_in
    set -l ops (__venvmk_operands)
    set -q ops[1]; and contains -- $ops[1] $argv; and not contains -- -- $ops
end

# the envs venv.conf declares: each one's name, or its dir when it has none
function __venvmk_envs
    set -l toks (commandline -opc)
    set -l pre
    set -l n (count $toks)
    for i in (seq 2 $n)
        switch $toks[$i]
            case -C --directory -f --file
                if test $i -lt $n
                    set -a pre $toks[$i] $toks[(math $i + 1)]
                end
            case '--directory=*' '--file=*' --no-conf
                set -a pre $toks[$i]
            case --
                break
        end
    end
    command $toks[1] $pre list 2>/dev/null | while read -l -d \t name dir
        if test "$name" = -
            echo $dir
        else
            echo $name
        end
    end
end

# after "--" (run ENV -- CMD..., tool run -- CMD...): complete as the command line it starts
function __venvmk_after_dashes
    set -l ops (__venvmk_operands)
    contains -- -- $ops
end

function __venvmk_complete_rest
    set -l toks (commandline -opc)
    set -l i (contains -i -- -- $toks)
    set -l rest $toks[(math $i + 1)..-1]
    complete -C (string join ' ' -- (string escape -- $rest) (commandline -ct))
end

# files only where a file is wanted: the arguments of the command run starts
complete -c venvmk -f
complete -c venvmk -n __venvmk_after_dashes -xa '(__venvmk_complete_rest)'

complete -c venvmk -n '__venvmk_at' -a sync -d 'Create or refresh each env'
complete -c venvmk -n '__venvmk_at' -a check -d 'Exit 0 if fresh, 1 if a sync would do work'
complete -c venvmk -n '__venvmk_at' -a run -d 'Sync, then run a command inside the env'
complete -c venvmk -n '__venvmk_at' -a show -d 'Describe the env, its inputs and its state'
complete -c venvmk -n '__venvmk_at' -a fingerprint -d "Print each env's portable fingerprint"
complete -c venvmk -n '__venvmk_at' -a inputs -d 'Print the input files and requirement lines'
complete -c venvmk -n '__venvmk_at' -a deps -d 'Print Make rules: the stamp depends on every input'
complete -c venvmk -n '__venvmk_at' -a clean -d 'Remove the env, only if it is an environment'
complete -c venvmk -n '__venvmk_at' -a list -d 'List the declared envs'
complete -c venvmk -n '__venvmk_at' -a lock -d "Write a lock file of the env's packages"
complete -c venvmk -n '__venvmk_at' -a cache -d 'The cache: dir or prune'
complete -c venvmk -n '__venvmk_at' -a tool -d 'One-off tools in envs of their own'

# env names
complete -c venvmk -n '__venvmk_command_in sync check show fingerprint inputs deps clean lock' -a '(__venvmk_envs)' -d env
complete -c venvmk -n '__venvmk_at run' -a '(__venvmk_envs)' -d env
complete -c venvmk -n '__venvmk_at run' -a '(__fish_complete_command)'
complete -c venvmk -n '__venvmk_command_in run; and not __venvmk_at run' -F

complete -c venvmk -n '__venvmk_at cache' -a dir -d 'Print the cache dir'
complete -c venvmk -n '__venvmk_at cache' -a prune -d 'Remove cache entries unused for DAYS days'
complete -c venvmk -n '__venvmk_at tool' -a run -d 'Run a tool from an env of its own'
complete -c venvmk -n '__venvmk_at tool' -a sync -d 'Make the tool env fresh'
complete -c venvmk -n '__venvmk_at tool' -a list -d 'List the tool envs'
complete -c venvmk -n '__venvmk_at tool' -a dir -d 'Print the tools dir'
complete -c venvmk -n '__venvmk_at tool run' -a '(__fish_complete_command)'
complete -c venvmk -n '__venvmk_command_in tool; and not __venvmk_at tool run; and test (count (__venvmk_operands)) -gt 2' -F

# options
complete -c venvmk -s f -l file -r -F -d 'Read FILE instead of ./venv.conf'
complete -c venvmk -l no-conf -d 'Ignore ./venv.conf: the flags alone declare the env'
complete -c venvmk -s C -l directory -x -a '(__fish_complete_directories)' -d 'Change to DIR first'
complete -c venvmk -s v -l verbose -d 'Explain every decision'
complete -c venvmk -s q -l quiet -d 'Say nothing but errors'
complete -c venvmk -s o -l output -r -F -d 'deps, lock: write FILE'
complete -c venvmk -s h -l help -d 'Print the help and exit'
complete -c venvmk -l version -d 'Print the version and exit'
complete -c venvmk -l json -d 'show: print JSON'
complete -c venvmk -l no-sync -d 'run: do not sync first'
complete -c venvmk -l make-deps -d 'sync: also write the files venv.mk reads'
complete -c venvmk -l cache-dir -x -a '(__fish_complete_directories)' -d 'The cache'
complete -c venvmk -l link-mode -x -a 'auto clone hardlink copy' -d 'How files come from the cache'
complete -c venvmk -l older-than -x -d 'cache prune: entries unused for DAYS days'
complete -c venvmk -l dir -x -a '(__fish_complete_directories)' -d 'The env directory'
complete -c venvmk -l python -r -F -a '(complete -C python | string match -r "^(?:python|pypy)[0-9.]*\t.*|^(?:python|pypy)[0-9.]*\$")' -d 'The base interpreter'
complete -c venvmk -s r -l requirement -r -F -d 'A requirements file'
complete -c venvmk -l no-requirements -d 'No requirements files'
complete -c venvmk -s c -l constraint -r -F -d 'A constraints file'
complete -c venvmk -l package -x -d 'An inline requirement'
complete -c venvmk -s e -l editable -x -a '(__fish_complete_directories)' -d 'A local project installed with -e'
complete -c venvmk -l backend -x -a 'native venv virtualenv' -d 'How the env is made'
complete -c venvmk -l system-site-packages -d 'Give the env the system site-packages'
complete -c venvmk -l no-system-site-packages -d 'No system site-packages'
complete -c venvmk -l prompt -x -d 'The prompt the activate script shows'
complete -c venvmk -l no-pip -d 'Do not seed pip into the env'
complete -c venvmk -l pip -d 'Seed pip into the env'
complete -c venvmk -l pip-arg -x -d 'An argument for every pip install'
complete -c venvmk -l track-env -x -a '(set -xn)' -d 'An environment variable that is an input'
complete -c venvmk -l extra -x -d 'An extra of each -r pyproject.toml'
complete -c venvmk -l group -x -d 'A dependency group, [PATH:]NAME'
complete -c venvmk -l lock -r -F -d 'A pylock.toml, Pipfile.lock or uv.lock that is the whole env'
complete -c venvmk -l format -x -a 'pylock requirements pipfile-lock' -d "lock: the lock file's format"
complete -c venvmk -l upgrade -d 'lock, sync: resolve every package afresh'
complete -c venvmk -l upgrade-package -x -d 'lock, sync: resolve this package afresh'
complete -c venvmk -l exclude-newer -x -d 'lock, sync: only files uploaded before this date'
complete -c venvmk -l from -x -d 'tool run: the requirement the tool comes from'
complete -c venvmk -l with -x -d 'tool run: another requirement in the tool env'
complete -c venvmk -l remote-cache -x -d 'A shared cache at URL'
complete -c venvmk -l remote-cache-write -d 'Also upload to the remote cache'
