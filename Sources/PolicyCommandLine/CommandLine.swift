// `policy`: the command line. `PolicyCommandLine.run` parses the subcommand and hands over to
// one file per subcommand (Eval.swift, Check.swift). It returns the exit code instead of
// exiting, so tests call it in-process.

import PolicyLanguage

/// Exit codes, documented in `policy --help` and the README.
public enum ExitCode: Int32, Sendable {
    /// The claim was evaluated: granted or refused. For `check`: no errors; for `test`: no
    /// failure; for `diff`: nothing changed.
    case success = 0
    /// The claim is invalid: unreadable, malformed, or its facts do not fit the policy. For
    /// `run`: a claim of the batch was; for `test`: a test failed; for `diff`: an outcome changed.
    case invalidClaim = 1
    /// A policy file has errors; nothing is evaluated under a broken policy set.
    case invalidPolicy = 2
    /// The command line itself is wrong.
    case usage = 64
}

public enum PolicyCommandLine {
    public static let help = """
        policy: evaluate vocational-skills subsidy claims against policy files.

        USAGE
          policy eval [CLAIM.json | -] [--policies DIR] [--ledger FILE] [--explain] [--json]
              Decide one claim (from the file, or standard input when the file is - or omitted).
              --policies DIR   the directory of .policy files (default: policies)
              --ledger FILE    judge the claim against the limits used by earlier batches (read only)
              --explain        print the derivation: every rule, fact, table row and branch
              --json           print the decision as JSON
          policy run CLAIMS [--policies DIR] [--out FILE] [--ledger FILE] [--format csv|jsonl]
              Decide a batch of claims (CSV with a header row, or JSON lines; - for standard
              input), one result per claim in input order, with limits across claims kept in a
              ledger. --ledger FILE continues from the ledger of earlier batches and saves it.
              The summary goes to standard error.
          policy check [PATHS...] [--strict] [--json]
              Check policy files and directories (default: policies) and print every problem:
              errors, and the warnings of the deep checks (branches and brackets no claim can
              reach, gaps and overlaps in a schedule, enum cases a table does not price,
              declarations nothing uses, idle tests, a county above its province's cap,
              periods in force that overlap or leave a gap), each with a code and a hint.
              --strict   warnings are errors (exit 2)
              --json     print the diagnostics as one JSON object, for editors and CI
          policy quota PROGRESS.csv --as-of YYYY-MM-DD [--policies DIR] [--json]
              Progress against the policies' quota tables: each unit's target, done, share, and
              whether it is behind the milestone in force on that day. PROGRESS.csv has the
              columns quota,unit,column,done (or 任务表,单位,指标,完成数).
          policy test [PATHS...] [--filter TEXT]
              Run the tests written beside the rules (default: policies), print each failure
              with its claim, the expected and actual outcome and the derivation; the last
              line is "N passed, M failed". --filter runs the tests whose name or policy
              contains TEXT.
          policy diff --before DIR --after DIR CLAIMS [--json]
              Decide the same claims (CSV or JSON lines; - for standard input) under two
              directories of policies and print only the claims whose outcome changed, with
              the rules whose values differ, then the claims changed and the yuan delta by
              policy and by program. Exit 0 when nothing changed, 1 when something did.
          policy fmt [--check] [PATHS... | -]
              Lay policy files out canonically, in place: indentation, spacing, aligned table
              columns and arrows (Chinese characters count two columns). Comments and line
              breaks stay. --check changes nothing and lists the files that would change
              (exit 1 if any); - formats standard input to standard output.
          policy doc [PATHS...] --out DIR
              Write proof-reading pages (static HTML: index.html and a page per policy) for
              the policy files and directories (default: policies) into DIR.
          policy help
              Print this help.

        EXIT CODES
          0   evaluated (granted, refused; compliant or not); for check, no errors
              (warnings and notes allowed, unless --strict)
          1   invalid claim: unreadable, malformed, or its facts do not fit the policy;
              for run, at least one claim of the batch was invalid;
              for test, at least one test failed; for diff, a claim's outcome changed;
              for quota, lines of the progress file that could not be used;
              for fmt --check, a file is not formatted
          2   invalid policy: a policy file has errors, so nothing is evaluated
          64  usage error: unknown subcommand or option, or a file that cannot be read

        LANGUAGE
          --lang en|zh   before or after the subcommand: the language of messages,
                         derivations and this help; without it, LANG (zh_CN.UTF-8 is
                         Chinese), else English.

        Set NO_COLOR to turn off colour on a terminal.

        """

    public static func run(_ arguments: [String], console: Console) -> ExitCode {
        // `--lang en|zh` may come anywhere; without it, LANG decides.
        var arguments = arguments
        var option: String?
        if let index = arguments.firstIndex(of: "--lang") {
            guard index + 1 < arguments.count else {
                console.writeError("error: --lang needs a value: en or zh\n")
                return .usage
            }
            option = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        guard let language = Language.choose(option: option, environment: console.environment) else {
            console.writeError("error: unknown language \(option ?? ""); --lang en or --lang zh\n")
            return .usage
        }
        return Localization.$language.withValue(language) { dispatch(arguments, console: console) }
    }

    private static func dispatch(_ arguments: [String], console: Console) -> ExitCode {
        guard let command = arguments.first else {
            console.writeError(help)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "eval": return EvalCommand.run(rest, console: console)
        case "check": return CheckCommand.run(rest, console: console)
        case "quota": return QuotaCommand.run(rest, console: console)
        case "run": return RunCommand.run(rest, console: console)
        case "test": return TestCommand.run(rest, console: console)
        case "diff": return DiffCommand.run(rest, console: console)
        case "fmt": return FmtCommand.run(rest, console: console)
        case "doc": return DocCommand.run(rest, console: console)
        case "help", "--help", "-h":
            console.write(help)
            return .success
        default:
            console.writeError("error: unknown subcommand '\(command)'\n\n" + help)
            return .usage
        }
    }
}

/// Options parsed by hand: `--flag`, `--option VALUE`, and positional arguments.
struct Options {
    var flags: Set<String> = []
    var values: [String: String] = [:]
    var positional: [String] = []

    /// Parses `arguments`; a usage error is printed, and nil returned.
    static func parse(_ arguments: [String], flags: Set<String>, options: Set<String>, reportingTo console: Console) -> Options? {
        switch parse(arguments, flags: flags, options: options) {
        case .success(let parsed): return parsed
        case .failure(let error):
            console.writeError("error: \(error.message)\n")
            return nil
        }
    }

    /// Parses `arguments`, or returns the usage error to print.
    static func parse(_ arguments: [String], flags: Set<String>, options: Set<String>) -> Result<Options, UsageError> {
        var result = Options()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if flags.contains(argument) {
                result.flags.insert(argument)
            } else if options.contains(argument) {
                guard index + 1 < arguments.count else { return .failure(UsageError("\(argument) needs a value")) }
                index += 1
                result.values[argument] = arguments[index]
            } else if argument.hasPrefix("--"), argument != "--" {
                let known = (flags.union(options)).sorted()
                return .failure(UsageError("unknown option \(argument); options: \(known.joined(separator: ", "))"))
            } else {
                result.positional.append(argument)
            }
            index += 1
        }
        return .success(result)
    }
}

struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
