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
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -l version
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a eval -d 'decide one claim'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a run -d 'decide a batch of claims'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a check -d 'check policy files'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a quota -d 'progress against the quota tables'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a test -d 'run the tests written beside the rules'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a diff -d 'the same claims under two rule sets'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a changes -d 'what a policy changes'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a fmt -d 'lay policy files out canonically'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a doc -d 'write proof-reading pages'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a timeline -d 'which policy decides when'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a new -d 'the skeleton of the next version of a policy'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a lsp -d 'serve the language server protocol, for editors'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a completions -d 'print a shell completion script'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a version -d 'print the version'
complete -c policy -n 'not __fish_seen_subcommand_from eval run check quota test diff changes fmt doc timeline new lsp completions version help' -a help -d 'print the help'
complete -c policy -n '__fish_seen_subcommand_from eval' -l policies -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from eval' -l ledger -r -F
complete -c policy -n '__fish_seen_subcommand_from eval' -l wait
complete -c policy -n '__fish_seen_subcommand_from eval' -l rules -x
complete -c policy -n '__fish_seen_subcommand_from eval' -l explain
complete -c policy -n '__fish_seen_subcommand_from eval' -l json
complete -c policy -n '__fish_seen_subcommand_from eval' -F
complete -c policy -n '__fish_seen_subcommand_from run' -l policies -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from run' -l out -r -F
complete -c policy -n '__fish_seen_subcommand_from run' -l ledger -r -F
complete -c policy -n '__fish_seen_subcommand_from run' -l wait
complete -c policy -n '__fish_seen_subcommand_from run' -l format -x -a 'csv jsonl'
complete -c policy -n '__fish_seen_subcommand_from run' -l max-record-bytes -x
complete -c policy -n '__fish_seen_subcommand_from run' -l rules -x
complete -c policy -n '__fish_seen_subcommand_from run' -F
complete -c policy -n '__fish_seen_subcommand_from check' -l strict
complete -c policy -n '__fish_seen_subcommand_from check' -l json
complete -c policy -n '__fish_seen_subcommand_from check' -F
complete -c policy -n '__fish_seen_subcommand_from quota' -l as-of -x
complete -c policy -n '__fish_seen_subcommand_from quota' -l policies -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from quota' -l json
complete -c policy -n '__fish_seen_subcommand_from quota' -F
complete -c policy -n '__fish_seen_subcommand_from test' -l filter -x
complete -c policy -n '__fish_seen_subcommand_from test' -l coverage
complete -c policy -n '__fish_seen_subcommand_from test' -F
complete -c policy -n '__fish_seen_subcommand_from diff' -l before -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from diff' -l after -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from diff' -l json
complete -c policy -n '__fish_seen_subcommand_from diff' -F
complete -c policy -n '__fish_seen_subcommand_from changes' -l policies -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from changes' -l before -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from changes' -l json
complete -c policy -n '__fish_seen_subcommand_from changes' -a '(__policy_names policies)'
complete -c policy -n '__fish_seen_subcommand_from fmt' -l check
complete -c policy -n '__fish_seen_subcommand_from fmt' -l keywords -x -a 'en zh'
complete -c policy -n '__fish_seen_subcommand_from fmt' -F
complete -c policy -n '__fish_seen_subcommand_from doc' -l out -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from doc' -F
complete -c policy -n '__fish_seen_subcommand_from timeline' -l policies -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from timeline' -l program -x -a '(__policy_names programs)'
complete -c policy -n '__fish_seen_subcommand_from timeline' -l json
complete -c policy -n '__fish_seen_subcommand_from timeline' -a '(__policy_names jurisdictions)'
complete -c policy -n '__fish_seen_subcommand_from new' -l succeeds -x -a '(__policy_names policies)'
complete -c policy -n '__fish_seen_subcommand_from new' -l extends -x -a '(__policy_names policies)'
complete -c policy -n '__fish_seen_subcommand_from new' -l keywords -x -a 'en zh'
complete -c policy -n '__fish_seen_subcommand_from new' -l policies -x -a '(__fish_complete_directories)'
complete -c policy -n '__fish_seen_subcommand_from new' -l out -r -F
complete -c policy -n '__fish_seen_subcommand_from lsp' -l stdio
complete -c policy -n '__fish_seen_subcommand_from completions' -a 'bash zsh fish'
complete -c policy -n '__fish_seen_subcommand_from help' -a 'eval run check quota test diff changes fmt doc timeline new lsp completions version help'
