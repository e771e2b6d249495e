#compdef policy
# zsh completion for policy, written by `policy completions zsh`.
# Install it as _policy in a directory of $fpath, or load it with: source <(policy completions zsh)

# _policy_names [COMPADD-OPTIONS...] KIND: _arguments puts its options for compadd first.
_policy_names() {
    local directory=policies i kind=${@[-1]}
    for ((i = 1; i < CURRENT; i++)); do
        [[ ${words[i]} == --policies ]] && directory=${words[i + 1]}
    done
    local -a names
    names=(${(f)"$(_call_program names policy complete-names $kind --policies ${(q)directory} 2>/dev/null)"})
    compadd "${@[1,-2]}" -a names
}

_policy() {
    local curcontext=$curcontext state line
    typeset -A opt_args
    _arguments -C \
        '*--lang:language:(en zh)' \
        '*--color:when:(auto always never)' \
        '(- *)'{-h,--help} \
        '(- *)--version' \
        '1:command:->command' \
        '*::argument:->argument' && return
    case $state in
        command)
            local -a commands
            commands=(
                'eval:decide one claim'
                'run:decide a batch of claims'
                'check:check policy files'
                'quota:progress against the quota tables'
                'test:run the tests written beside the rules'
                'diff:the same claims under two rule sets'
                'changes:what a policy changes'
                'fmt:lay policy files out canonically'
                'doc:write proof-reading pages'
                'timeline:which policy decides when'
                'new:the skeleton of the next version of a policy'
                'lsp:serve the language server protocol, for editors'
                'completions:print a shell completion script'
                'version:print the version'
                'help:print the help'
            )
            _describe -t commands command commands
            ;;
        argument)
            curcontext=${curcontext%:*:*}:policy-$words[1]:
            case $words[1] in
                eval)
                    _arguments \
                        '*--policies:directory:_files -/' \
                        '*--ledger:file:_files' \
                        '--wait' \
                        '*--rules:value: ' \
                        '--explain' \
                        '--json' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:file:_files'
                    ;;
                run)
                    _arguments \
                        '*--policies:directory:_files -/' \
                        '*--out:file:_files' \
                        '*--ledger:file:_files' \
                        '--wait' \
                        '*--format:value:(csv jsonl)' \
                        '*--max-record-bytes:value: ' \
                        '*--rules:value: ' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:file:_files'
                    ;;
                check)
                    _arguments \
                        '--strict' \
                        '--json' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:path:_files'
                    ;;
                quota)
                    _arguments \
                        '*--as-of:value: ' \
                        '*--policies:directory:_files -/' \
                        '--json' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:file:_files'
                    ;;
                test)
                    _arguments \
                        '*--filter:value: ' \
                        '--coverage' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:path:_files'
                    ;;
                diff)
                    _arguments \
                        '*--before:directory:_files -/' \
                        '*--after:directory:_files -/' \
                        '--json' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:file:_files'
                    ;;
                changes)
                    _arguments \
                        '*--policies:directory:_files -/' \
                        '*--before:directory:_files -/' \
                        '--json' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:policy:_policy_names policies'
                    ;;
                fmt)
                    _arguments \
                        '--check' \
                        '*--keywords:value:(en zh)' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:path:_files'
                    ;;
                doc)
                    _arguments \
                        '*--out:directory:_files -/' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:path:_files'
                    ;;
                timeline)
                    _arguments \
                        '*--policies:directory:_files -/' \
                        '*--program:program:_policy_names programs' \
                        '--json' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '*:jurisdiction:_policy_names jurisdictions'
                    ;;
                new)
                    _arguments \
                        '*--succeeds:policy:_policy_names policies' \
                        '*--extends:policy:_policy_names policies' \
                        '*--keywords:value:(en zh)' \
                        '*--policies:directory:_files -/' \
                        '*--out:file:_files' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '1:value: '
                    ;;
                lsp)
                    _arguments \
                        '--stdio' \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help}
                    ;;
                completions)
                    _arguments \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '1:value:(bash zsh fish)'
                    ;;
                version)
                    _arguments \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help}
                    ;;
                help)
                    _arguments \
                        '*--lang:language:(en zh)' \
                        '*--color:when:(auto always never)' \
                        '(- *)'{-h,--help} \
                        '1:command:(eval run check quota test diff changes fmt doc timeline new lsp completions version help)'
                    ;;
            esac
            ;;
    esac
}

if [[ $funcstack[1] == _policy ]]; then
    _policy "$@"
else
    compdef _policy policy
fi
