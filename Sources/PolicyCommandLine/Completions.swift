// `policy completions bash|zsh|fish`: a completion script for the shell, made from the table of
// commands (Commands.swift), so that it offers every subcommand and option the help describes.
// Where a value is a policy, a program or a place, the script asks `policy complete-names` at
// completion time, reading the policies of the `--policies` on the line (default: policies).

import PolicyLanguage

enum CompletionsCommand {
    enum Shell: String, CaseIterable {
        case bash, zsh, fish
    }

    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "completions", reportingTo: console) else { return .usage }
        guard options.positional.count == 1, let shell = Shell(rawValue: options.positional[0]) else {
            let given = options.positional.joined(separator: " ")
            console.writeError(
                console.errorLine(
                    given.isEmpty
                        ? Phrase(
                            "completions needs a shell: policy completions bash, zsh or fish",
                            "completions 需要指定 shell：policy completions bash、zsh 或 fish")
                        : Phrase(
                            "completions writes for bash, zsh or fish, not \(given)",
                            "completions 只能生成 bash、zsh 或 fish 的脚本，不能是 \(given)")))
            return .usage
        }
        console.write(script(for: shell, in: console.language))
        return .success
    }

    static func script(for shell: Shell, in language: Language) -> String {
        switch shell {
        case .bash: bash()
        case .zsh: zsh(language)
        case .fish: fish(language)
        }
    }

    /// `policy complete-names policies|programs|jurisdictions [--policies DIR]`: the names the
    /// scripts offer, one a line, sorted; the policies that do not load are left out, and nothing
    /// is said about them.
    static func names(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "complete-names", reportingTo: console) else { return .usage }
        guard options.positional.count == 1, let kind = NameKind(rawValue: options.positional[0]) else {
            console.writeError(
                console.errorLine(
                    Phrase(
                        "complete-names takes policies, programs or jurisdictions",
                        "complete-names 只接受 policies、programs 或 jurisdictions")))
            return .usage
        }
        let library = PolicyLibrary.load(paths: options.paths("--policies", default: "policies"))
        let names: [String]
        switch kind {
        case .policies: names = library.entries.map(\.info.name)
        case .programs: names = library.entries.flatMap { Array($0.program.programs.keys) }
        case .jurisdictions:
            // A place by its own name (陵川县) and by its path (山西省/晋城市/陵川县).
            names = library.entries.flatMap { [$0.info.jurisdiction.last, $0.info.jurisdictionPath].compactMap { $0 } }
        }
        console.write(Set(names).filter { !$0.isEmpty }.sorted().map { $0 + "\n" }.joined())
        return .success
    }

    private static var commands: [CommandSpec] { CommandSpec.visible }
    private static var commandNames: String { commands.map(\.name).joined(separator: " ") }

    // MARK: bash

    static func bash() -> String {
        var out = """
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

            """
        for option in CommandSpec.global where option.value != nil {
            out += "        \(option.name)) \(bashAction(option.value!, indent: "")); return ;;\n"
        }
        out += """
                esac
                case $command in
                    "")
                        mapfile -t COMPREPLY < <(compgen -W "\(commandNames) --lang --color --help -h --version" -- "$current")
                        ;;

            """
        let globalNames = CommandSpec.global.map(\.name)
        for command in commands {
            out += "        \(command.name))\n"
            let valued = command.options.filter { $0.value != nil }
            if !valued.isEmpty {
                out += "            case $previous in\n"
                for option in valued {
                    out += "                \(option.name)) \(bashAction(option.value!, indent: "")); return ;;\n"
                }
                out += "            esac\n"
            }
            let names = (command.options.map(\.name) + globalNames).joined(separator: " ")
            out += "            if [[ $current == -* ]]; then\n"
            out += "                mapfile -t COMPREPLY < <(compgen -W \"\(names)\" -- \"$current\")\n"
            if let operands = command.operands {
                out += "            else\n"
                out += "                \(bashAction(operands, indent: ""))\n"
            }
            out += "            fi\n"
            out += "            ;;\n"
        }
        out += """
                esac
            }

            complete -o filenames -F _policy policy

            """
        return out
    }

    private static func bashAction(_ kind: ArgumentKind, indent: String) -> String {
        switch kind {
        case .text: ":"
        case .file, .path: "mapfile -t COMPREPLY < <(compgen -f -- \"$current\")"
        case .directory: "mapfile -t COMPREPLY < <(compgen -d -- \"$current\")"
        case .names(let kind): "_policy_names \(kind.rawValue) \"$current\""
        case .choice(let values): "mapfile -t COMPREPLY < <(compgen -W \"\(values.joined(separator: " "))\" -- \"$current\")"
        case .command: "mapfile -t COMPREPLY < <(compgen -W \"\(commandNames)\" -- \"$current\")"
        }
    }

    // MARK: zsh

    static func zsh(_ language: Language) -> String {
        var out = """
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
                _arguments -C \\
                    \(zshGlobalSpecs.joined(separator: " \\\n        ")) \\
                    '(- *)--version' \\
                    '1:command:->command' \\
                    '*::argument:->argument' && return
                case $state in
                    command)
                        local -a commands
                        commands=(

            """
        for command in commands {
            out += "                '\(command.name):\(command.summary.text(in: language))'\n"
        }
        out += """
                        )
                        _describe -t commands command commands
                        ;;
                    argument)
                        curcontext=${curcontext%:*:*}:policy-$words[1]:
                        case $words[1] in

            """
        for command in commands {
            var specs = command.options.map { option -> String in
                guard let value = option.value else { return "'\(option.name)'" }
                return "'*\(option.name):\(zshMessage(value)):\(zshAction(value))'"
            }
            specs += zshGlobalSpecs
            if let operands = command.operands {
                switch operands {
                case .choice, .command, .text: specs.append("'1:\(zshMessage(operands)):\(zshAction(operands))'")
                default: specs.append("'*:\(zshMessage(operands)):\(zshAction(operands))'")
                }
            }
            out += "                \(command.name))\n"
            out += "                    _arguments \\\n                        "
            out += specs.joined(separator: " \\\n                        ") + "\n"
            out += "                    ;;\n"
        }
        out += """
                        esac
                        ;;
                esac
            }

            if [[ $funcstack[1] == _policy ]]; then
                _policy "$@"
            else
                compdef _policy policy
            fi

            """
        return out
    }

    private static var zshGlobalSpecs: [String] {
        ["'*--lang:language:(en zh)'", "'*--color:when:(auto always never)'", "'(- *)'{-h,--help}"]
    }

    private static func zshMessage(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: "value"
        case .file: "file"
        case .directory: "directory"
        case .path: "path"
        case .names(.policies): "policy"
        case .names(.programs): "program"
        case .names(.jurisdictions): "jurisdiction"
        case .choice: "value"
        case .command: "command"
        }
    }

    private static func zshAction(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: " "
        case .file, .path: "_files"
        case .directory: "_files -/"
        case .names(let kind): "_policy_names \(kind.rawValue)"
        case .choice(let values): "(\(values.joined(separator: " ")))"
        case .command: "(\(commandNames))"
        }
    }

    // MARK: fish

    static func fish(_ language: Language) -> String {
        var out = """
            # fish completion for policy, written by `policy completions fish`.
            # Install it with: policy completions fish > ~/.config/fish/completions/policy.fish

            function __policy_names
                set -l tokens (commandline -opc)
                set -l directory policies
                for i in (seq (count $tokens))
                    if test "$tokens[$i]" = --policies; and test $i -lt (count $tokens)
                        set directory $tokens[(math $i + 1)]
                    end
                end
                policy complete-names $argv[1] --policies $directory 2>/dev/null
            end

            complete -c policy -f
            complete -c policy -l lang -x -a 'en zh'
            complete -c policy -l color -x -a 'auto always never'
            complete -c policy -s h -l help
            complete -c policy -n 'not __fish_seen_subcommand_from \(commandNames)' -l version

            """
        for command in commands {
            out +=
                "complete -c policy -n 'not __fish_seen_subcommand_from \(commandNames)' -a \(command.name) -d '\(command.summary.text(in: language))'\n"
        }
        for command in commands {
            let condition = "-n '__fish_seen_subcommand_from \(command.name)'"
            for option in command.options {
                let name = String(option.name.dropFirst(2))
                out += "complete -c policy \(condition) -l \(name)\(option.value.map { " " + fishValue($0) } ?? "")\n"
            }
            if let operands = command.operands, let arguments = fishOperands(operands) {
                out += "complete -c policy \(condition) \(arguments)\n"
            }
        }
        return out
    }

    private static func fishValue(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: "-x"
        case .file, .path: "-r -F"
        default: "-x " + (fishOperands(kind) ?? "")
        }
    }

    private static func fishOperands(_ kind: ArgumentKind) -> String? {
        switch kind {
        case .text: nil
        case .file, .path: "-F"
        case .directory: "-a '(__fish_complete_directories)'"
        case .names(let kind): "-a '(__policy_names \(kind.rawValue))'"
        case .choice(let values): "-a '\(values.joined(separator: " "))'"
        case .command: "-a '\(commandNames)'"
        }
    }
}
