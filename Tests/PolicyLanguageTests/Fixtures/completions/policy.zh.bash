# bash completion for policy, written by `policy completions bash`.
# Load it with: source <(policy completions bash)

_policy_names() {
    local directory=policies i
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} == --policies ]]; then
            directory=${COMP_WORDS[i + 1]}
        fi
    done
    mapfile -t COMPREPLY < <(compgen -W "$(policy complete-names "$1" --policies "$directory" 2>/dev/null)" -- "$2")
}

_policy() {
    local current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD - 1]}
    local command="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --lang | --color) ((i++)) ;;
            -*) ;;
            *)
                command=${COMP_WORDS[i]}
                break
                ;;
        esac
    done
    COMPREPLY=()
    case $previous in
        --lang) mapfile -t COMPREPLY < <(compgen -W "en zh" -- "$current"); return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$current"); return ;;
    esac
    case $command in
        "")
            mapfile -t COMPREPLY < <(compgen -W "eval run check quota test diff changes fmt doc timeline new lsp completions version help --lang --color --help -h --version" -- "$current")
            ;;
        eval)
            case $previous in
                --policies) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
                --ledger) mapfile -t COMPREPLY < <(compgen -f -- "$current"); return ;;
                --rules) :; return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--policies --ledger --wait --rules --explain --json --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        run)
            case $previous in
                --policies) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
                --out) mapfile -t COMPREPLY < <(compgen -f -- "$current"); return ;;
                --ledger) mapfile -t COMPREPLY < <(compgen -f -- "$current"); return ;;
                --format) mapfile -t COMPREPLY < <(compgen -W "csv jsonl" -- "$current"); return ;;
                --max-record-bytes) :; return ;;
                --rules) :; return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--policies --out --ledger --wait --format --max-record-bytes --rules --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        check)
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--strict --json --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        quota)
            case $previous in
                --as-of) :; return ;;
                --policies) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--as-of --policies --json --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        test)
            case $previous in
                --filter) :; return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--filter --coverage --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        diff)
            case $previous in
                --before) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
                --after) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--before --after --json --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        changes)
            case $previous in
                --policies) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
                --before) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--policies --before --json --lang --color --help -h" -- "$current")
            else
                _policy_names policies "$current"
            fi
            ;;
        fmt)
            case $previous in
                --keywords) mapfile -t COMPREPLY < <(compgen -W "en zh" -- "$current"); return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--check --keywords --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        doc)
            case $previous in
                --out) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--out --lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$current")
            fi
            ;;
        timeline)
            case $previous in
                --policies) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
                --program) _policy_names programs "$current"; return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--policies --program --json --lang --color --help -h" -- "$current")
            else
                _policy_names jurisdictions "$current"
            fi
            ;;
        new)
            case $previous in
                --succeeds) _policy_names policies "$current"; return ;;
                --extends) _policy_names policies "$current"; return ;;
                --keywords) mapfile -t COMPREPLY < <(compgen -W "en zh" -- "$current"); return ;;
                --policies) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
                --out) mapfile -t COMPREPLY < <(compgen -f -- "$current"); return ;;
            esac
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--succeeds --extends --keywords --policies --out --lang --color --help -h" -- "$current")
            else
                :
            fi
            ;;
        lsp)
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--stdio --lang --color --help -h" -- "$current")
            fi
            ;;
        completions)
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -W "bash zsh fish" -- "$current")
            fi
            ;;
        version)
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--lang --color --help -h" -- "$current")
            fi
            ;;
        help)
            if [[ $current == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--lang --color --help -h" -- "$current")
            else
                mapfile -t COMPREPLY < <(compgen -W "eval run check quota test diff changes fmt doc timeline new lsp completions version help" -- "$current")
            fi
            ;;
    esac
}

complete -o filenames -F _policy policy
