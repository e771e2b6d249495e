// Nothing lost, nothing corrupted: what a batch and its ledger do when a write fails, a reader
// closes the pipe, an output names an input, two runs share a ledger, the ledger is a device, a
// link or damaged, and when the input has lone CRs, quoted line breaks, odd dates or a record too
// long to keep. Most run the built `policy` executable, as a bureau's scripts would.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

/// An identity number with a right check character, one for each serial: 陵川县's area code, a
/// birth date from 1950-01-01 on (a new one every thousand serials), a sequence number.
func identityNumber(_ serial: Int) -> String {
    let (year, month, day) = CalendarDate(dayNumber: CalendarDate(year: 1950, month: 1, day: 1)!.dayNumber + serial / 1000)
        .components
    let body = "140524" + String(format: "%04d%02d%02d%03d", year, month, day, serial % 1000)
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    return body + String(Array("10X98765432")[sum % 11])
}

/// A batch of 普惠制 claims in 陵川县 (at most three a person a year): `count` claims over
/// `people` people, ids starting with `prefix`.
func trainingBatch(_ count: Int, people: Int, prefix: String = "K", day: String = "2021-05-01") -> String {
    var batch = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
    for index in 0..<count {
        batch += "\(prefix)\(index),\(day),陵川县,普惠制培训补贴,\(identityNumber(index % people)),工种\(index % 7),初级,5,退役军人\n"
    }
    return batch
}

/// A run of the built executable: its exit status (or the signal that ended it), and what it said.
struct ExecutableRun {
    var status: Int32
    var signalled: Bool
    var output: String
    var errors: String
}

/// Runs the built `policy` with `arguments`. Standard output goes to `output` when given (a file
/// such as /dev/full), else to a pipe that is read.
func runPolicy(
    _ arguments: [String], input: String = "", output: FileHandle? = nil, closeOutputEarly: Bool = false,
    directory: URL = Repository.root
) throws -> ExecutableRun {
    let process = Process()
    process.executableURL = Repository.productsDirectory.appendingPathComponent("policy")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["LANG"] = "C"
    process.environment = environment
    let outputPipe = Pipe()
    let errors = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output ?? outputPipe
    process.standardError = errors
    process.standardInput = standardInput
    // A run that stops early (refused, or waiting) leaves its input unread: the test writes on
    // into a closed pipe, which must be an error here, not the end of the test process.
    signal(SIGPIPE, SIG_IGN)
    try process.run()
    if closeOutputEarly { try outputPipe.fileHandleForReading.close() }
    let writer = Thread {
        try? standardInput.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? standardInput.fileHandleForWriting.close()
    }
    writer.start()
    let out = output == nil && !closeOutputEarly ? outputPipe.fileHandleForReading.readDataToEndOfFile() : Data()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ExecutableRun(
        status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
        output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
}

/// A fresh directory for one test's files; the caller removes it.
func scratchDirectory(_ name: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

@Suite struct IntegrityTests {
    private let policies = Repository.path("policies")

    // MARK: Writes that fail

    @Test func resultsOnAFullDiskAreAnErrorAndTheLedgerIsNotSaved() throws {
        let directory = try scratchDirectory("full")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let claims = directory.appendingPathComponent("claims.csv")
        try trainingBatch(5000, people: 1000).write(to: claims, atomically: true, encoding: .utf8)

        let toFile = try runPolicy(["run", claims.path, "--policies", policies, "--ledger", ledger, "--out", "/dev/full"])
        #expect(toFile.status == 74, "\(toFile.errors)")
        #expect(
            toFile.errors.hasSuffix(
                "error: cannot write the results to /dev/full: no space left on the device; the ledger \(ledger) is not saved\n"))
        #expect(!toFile.errors.contains("claims read"))
        #expect(!FileManager.default.fileExists(atPath: ledger), "a ledger without its results is never saved")

        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let toStandardOutput = try runPolicy(["run", claims.path, "--policies", policies, "--ledger", ledger], output: full)
        #expect(toStandardOutput.status == 74)
        #expect(toStandardOutput.errors.contains("cannot write the results to standard output: no space left on the device"))
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    @Test(arguments: [
        ["check", "policies", "--json"], ["eval", "examples/forklift.json"], ["eval", "examples/forklift.json", "--json"],
        ["diff", "--before", "policies", "--after", "policies", "examples/batch-lingchuan.csv"], ["help"],
        ["changes", "山西省2022"],
    ])
    func everyCommandReportsAFullDiskInsteadOfCrashing(_ arguments: [String]) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let run = try runPolicy(arguments, output: full)
        #expect(!run.signalled, "\(run.errors)")
        #expect(run.status == 74, "\(run.errors)")
        #expect(run.errors.hasSuffix("error: cannot write to standard output: no space left on the device\n"), "\(run.errors)")
    }

    @Test func fmtOfStandardInputToAFullDisk() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let run = try runPolicy(["fmt", "-"], input: try Repository.read("policies/shanxi-2021.policy"), output: full)
        #expect(run.status == 74, "\(run.errors)")
        #expect(run.errors.contains("no space left on the device"))
    }

    @Test func aClosedPipeEndsTheCommandQuietlyAndSavesNoLedger() throws {
        let directory = try scratchDirectory("pipe")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let claims = directory.appendingPathComponent("claims.csv")
        // More results than a pipe holds, so the run is still writing when the reader has gone.
        try trainingBatch(40_000, people: 10_000).write(to: claims, atomically: true, encoding: .utf8)
        let run = try runPolicy(["run", claims.path, "--policies", policies, "--ledger", ledger], closeOutputEarly: true)
        #expect(run.signalled && run.status == SIGPIPE, "status \(run.status): \(run.errors)")
        #expect(
            run.errors
                == "note: there is no ledger at \(ledger) yet: this batch starts one\nnote: standard output was closed before every result was written: the ledger \(ledger) is not saved\n"
        )
        #expect(!FileManager.default.fileExists(atPath: ledger))

        let check = try runPolicy(["check", "policies", "--json"], closeOutputEarly: true)
        #expect(check.errors.isEmpty)
        #expect(!check.signalled || check.status == SIGPIPE)
    }

    @Test func inProcessAFailingOutputStopsTheBatch() {
        for (code, exit) in [(ENOSPC, ExitCode.writeFailed), (EPIPE, .closedPipe)] {
            let console = Console(input: Array(trainingBatch(10, people: 10).utf8), failingOutput: code)
            #expect(PolicyCommandLine.run(["run", "-", "--policies", policies], console: console) == exit)
            #expect(!console.errors.contains("claims read"), "\(console.errors)")
        }
        let help = Console(failingOutput: EIO)
        #expect(PolicyCommandLine.run(["help"], console: help) == .writeFailed)
        #expect(help.errors == "error: cannot write to standard output: input/output error\n")
    }

    @Test func resultsReplaceTheFileWholeAndKeepItsPermissions() throws {
        let directory = try scratchDirectory("out")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("results.csv").path
        try "old results\n".write(toFile: out, atomically: true, encoding: .utf8)
        chmod(out, 0o640)
        let console = Console()
        let code = PolicyCommandLine.run(
            ["run", Repository.path("examples/batch-lingchuan.csv"), "--policies", policies, "--out", out], console: console)
        #expect(code == .success)
        #expect(
            try String(contentsOfFile: out, encoding: .utf8).hasPrefix(
                "line,id,policy,program,status,amount,reasons,priced_by,priced_clause,fingerprint\n2,"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["results.csv"])
        #expect(permissions(out) == 0o640)
    }

    // MARK: Outputs that are inputs

    @Test func anOutputThatIsAnInputIsRefusedBeforeAnythingIsTouched() throws {
        let directory = try scratchDirectory("same")
        defer { try? FileManager.default.removeItem(at: directory) }
        let claims = directory.appendingPathComponent("x.csv").path
        let hardLink = directory.appendingPathComponent("hard.csv").path
        let ledger = directory.appendingPathComponent("L").path
        let batch = trainingBatch(3, people: 3)
        try batch.write(toFile: claims, atomically: true, encoding: .utf8)
        #expect(link(claims, hardLink) == 0)
        for (arguments, message) in [
            (
                ["run", claims, "--out", claims],
                "error: --out \(claims) is the same file as the claims file \(claims): it would be written over\n"
            ),
            (
                ["run", claims, "--out", hardLink],
                "error: --out \(hardLink) is the same file as the claims file \(claims): it would be written over\n"
            ),
            (
                ["run", hardLink, "--ledger", claims],
                "error: --ledger \(claims) is the same file as the claims file \(hardLink): it would be written over\n"
            ),
            (
                ["run", claims, "--out", ledger, "--ledger", ledger],
                "error: --out \(ledger) and --ledger \(ledger) are the same file: the results and the ledger need a file each\n"
            ),
            (
                ["run", claims, "--out", policies + "/shanxi-2021.policy"],
                "error: --out \(policies)/shanxi-2021.policy is the same file as the policy \(policies)/shanxi-2021.policy: it would be written over\n"
            ),
        ] {
            let console = Console()
            #expect(PolicyCommandLine.run(arguments + ["--policies", policies], console: console) == .usage)
            #expect(console.errors == message)
            #expect(console.output.isEmpty)
        }
        #expect(try String(contentsOfFile: claims, encoding: .utf8) == batch)
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    /// One rule for every command: a path the command line names that cannot be read is a
    /// usage error, 64.
    @Test(arguments: [
        ["check", "/no/such/dir"], ["test", "/no/such/dir"], ["fmt", "/no/such/dir"], ["doc", "/no/such/dir", "--out", "/tmp/x"],
        ["eval", "/no/such.json"], ["eval", "examples/forklift.json", "--policies", "/no/such/dir"],
        ["run", "/no/such.csv"], ["run", "examples/batch-lingchuan.csv", "--policies", "/no/such/dir"],
        ["quota", "/no/such.csv", "--as-of", "2022-06-30"],
        ["diff", "--before", "policies", "--after", "policies", "/no/such.csv"],
        ["diff", "--before", "/no/such/dir", "--after", "policies", "examples/batch-lingchuan.csv"],
        ["eval", "examples/forklift.json", "--ledger", "/no/such.ledger"],
    ])
    func aPathThatCannotBeReadIsAUsageError(_ arguments: [String]) throws {
        let run = try runPolicy(arguments)
        #expect(run.status == 64, "\(run.errors)")
        #expect(run.errors.contains("/no/such"), "\(run.errors)")
        #expect(run.output.isEmpty)
    }

    @Test func aDirectoryIsNotAFileOfClaims() {
        let console = Console()
        #expect(PolicyCommandLine.run(["run", Repository.path("examples"), "--policies", policies], console: console) == .usage)
        #expect(console.errors == "error: cannot read the claims file \(Repository.path("examples")): it is a directory\n")
        #expect(console.output.isEmpty)
    }

    // MARK: Two runs, one ledger

    @Test func aSecondRunOnALedgerInUseIsRefusedAndWaitsWhenAsked() throws {
        let directory = try scratchDirectory("busy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path

        // This process holds the ledger, as a run in progress would.
        let held = try #require(try FileLock.lock(ledger, exclusive: true, wait: false).get())
        let second = Console(input: Array(trainingBatch(3, people: 1).utf8))
        #expect(PolicyCommandLine.run(["run", "-", "--policies", policies, "--ledger", ledger], console: second) == .ledgerBusy)
        #expect(
            second.errors
                == "error: the ledger \(ledger) is in use by another run (process \(getpid())); wait for it to finish, or give --wait\n"
        )
        #expect(second.output.isEmpty)
        try Ledger().save(to: ledger).get()
        let reader = Console(input: Array(claimJSON(identityNumber(0)).utf8))
        #expect(PolicyCommandLine.run(["eval", "-", "--policies", policies, "--ledger", ledger], console: reader) == .ledgerBusy)
        #expect(reader.errors.contains("is being updated by another run (process \(getpid()))"))
        withExtendedLifetime(held) {}
    }

    @Test func twoRunsAtOnceLoseNoUpdate() throws {
        let directory = try scratchDirectory("concurrent")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let first = trainingBatch(3000, people: 1000, prefix: "A")
        let second = trainingBatch(3000, people: 1000, prefix: "B")

        // What running them one after the other gives.
        let expectedLedger = Ledger()
        for batch in [first, second] {
            var source = BytesSource(Array(batch.utf8))
            _ = BatchRunner(library: PolicyLibrary.load(paths: [policies]), ledger: expectedLedger, outputFormat: .csv)
                .run(&source, inputFormat: .csv) { _ in }
        }

        // The first run reads its claims from a pipe kept open, so it holds the ledger while the
        // second starts: without --wait the second is refused, with it the second runs after.
        let process = Process()
        process.executableURL = Repository.productsDirectory.appendingPathComponent("policy")
        process.arguments = [
            "run", "-", "--policies", policies, "--ledger", ledger, "--out", directory.appendingPathComponent("a.csv").path,
        ]
        let claims = Pipe()
        process.standardInput = claims
        process.standardError = FileHandle.nullDevice
        try process.run()
        signal(SIGPIPE, SIG_IGN)
        try claims.fileHandleForWriting.write(contentsOf: Data(first.utf8))
        let lockFile = ledger + ".lock"
        let deadline = Date().addingTimeInterval(30)
        while (try? String(contentsOfFile: lockFile, encoding: .utf8)) != "\(process.processIdentifier)\n", Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let refused = try runPolicy(["run", "-", "--policies", policies, "--ledger", ledger], input: second)
        #expect(refused.status == 75)
        #expect(refused.errors.contains("is in use by another run (process \(process.processIdentifier))"))
        #expect(refused.output.isEmpty)

        let waiter = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            try? claims.fileHandleForWriting.close()
        }
        waiter.start()
        let waited = try runPolicy(
            [
                "run", "-", "--policies", policies, "--ledger", ledger, "--wait", "--out",
                directory.appendingPathComponent("b.csv").path,
            ],
            input: second)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(waited.status == 0, "\(waited.errors)")
        #expect(
            waited.errors.hasPrefix(
                "note: waiting for the ledger \(ledger), in use by another run (process \(process.processIdentifier))\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == Data(expectedLedger.serialized()))
    }

    // MARK: Saving the ledger

    @Test func aLedgerThatIsNotARegularFileIsRefusedBeforeAnyClaim() throws {
        let directory = try scratchDirectory("device")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, kind) in [("/dev/null", "a character device"), (directory.path, "a directory")] {
            let run = Console(input: Array(trainingBatch(3, people: 1).utf8))
            #expect(PolicyCommandLine.run(["run", "-", "--policies", policies, "--ledger", path], console: run) == .usage)
            #expect(run.errors == "error: the ledger \(path) is not a regular file (\(kind))\n")
            #expect(run.output.isEmpty, "nothing is decided")
            let eval = Console(input: Array(claimJSON(identityNumber(0)).utf8))
            #expect(PolicyCommandLine.run(["eval", "-", "--policies", policies, "--ledger", path], console: eval) == .usage)
            #expect(eval.output.isEmpty, "a directory is not an empty year")
        }
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
        #expect(throws: FileError.self) { try ReplacementFile(replacing: "/dev/null", newFileMode: 0o600) }
        let missing = Console(input: Array(trainingBatch(3, people: 1).utf8))
        let nowhere = directory.appendingPathComponent("no/such/dir/year.ledger").path
        #expect(PolicyCommandLine.run(["run", "-", "--policies", policies, "--ledger", nowhere], console: missing) == .usage)
        #expect(missing.errors.hasPrefix("error: cannot write the ledger \(nowhere): there is no directory"))
        #expect(missing.output.isEmpty)
    }

    @Test func aLedgerKeepsItsPermissionsAndALinkStaysALink() throws {
        let directory = try scratchDirectory("modes")
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ ledger: String, people: Int = 2) -> ExitCode {
            let batch = Array(trainingBatch(6, people: people).utf8)
            return PolicyCommandLine.run(
                ["run", "-", "--policies", policies, "--ledger", ledger], console: Console(input: batch))
        }
        // A new ledger holds identity numbers: its owner alone reads it.
        let fresh = directory.appendingPathComponent("new.ledger").path
        #expect(run(fresh) == .success)
        #expect(permissions(fresh) == 0o600)
        let shared = directory.appendingPathComponent("shared.ledger").path
        try Ledger().save(to: shared).get()
        chmod(shared, 0o640)
        #expect(run(shared) == .success)
        #expect(permissions(shared) == 0o640)

        // Through a link, the file it names is updated and the link stays.
        let link = directory.appendingPathComponent("current.ledger").path
        #expect(symlink("shared.ledger", link) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: shared))
        #expect(run(link, people: 6) == .success)
        var status = stat()
        #expect(lstat(link, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
        #expect(try Data(contentsOf: URL(fileURLWithPath: shared)) != before)
        #expect(permissions(shared) == 0o640)
    }

    @Test func aPlantedLinkAtTheOldTemporaryNameIsNeverWrittenThrough() throws {
        let directory = try scratchDirectory("planted")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let victim = directory.appendingPathComponent("victim").path
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        // The name the save used to write to, predictable from the process id.
        #expect(symlink(victim, directory.appendingPathComponent(".year.ledger.\(getpid()).tmp").path) == 0)
        let ledgerValue = Ledger()
        try ledgerValue.record("甲/限额", key: "K", amount: ExactDecimal(1), id: "C1")
        try ledgerValue.save(to: ledger).get()
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try Ledger.load(from: ledger).get().usage(of: "甲/限额", key: "K")?.claims == 1)
        // Each save writes under a name nobody can guess.
        let a = try ReplacementFile(replacing: ledger, newFileMode: 0o600)
        let b = try ReplacementFile(replacing: ledger, newFileMode: 0o600)
        #expect(a.temporaryPath != b.temporaryPath)
        a.abandon()
        b.abandon()
    }

    @Test func anAbandonedTemporaryFileIsRemovedAndALiveOneKept() throws {
        let directory = try scratchDirectory("abandoned")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let abandoned = directory.appendingPathComponent(".year.ledger.0123456789abcdef.tmp").path
        try "half a ledger".write(toFile: abandoned, atomically: false, encoding: .utf8)
        // One being written holds its lock: another run must leave it alone.
        let live = try ReplacementFile(replacing: ledger, newFileMode: 0o600)
        #expect(ReplacementFile.removeAbandoned(beside: ledger) == 1)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live.temporaryPath))
        live.abandon()
    }

    // MARK: A damaged ledger

    @Test func aNegativeAmountIsDamageAndAnUndeclaredLimitIsKept() throws {
        let directory = try scratchDirectory("damage")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let key = "[\"\(identityNumber(0))\",\"2021\"]"
        try #"{"limit":"陵川县2020/每人每年补贴性培训次数","key":\#(key),"claims":1,"amount":"-750","ids":["X"]}"#
            .write(toFile: ledger, atomically: true, encoding: .utf8)
        let damaged = Console(input: Array(trainingBatch(3, people: 1).utf8))
        #expect(
            PolicyCommandLine.run(["run", "-", "--policies", policies, "--ledger", ledger], console: damaged) == .damagedLedger)
        #expect(
            damaged.errors
                == "error: the ledger \(ledger) is damaged at line 1: the amount -750 is negative; no claim is decided against it\n"
        )
        #expect(damaged.output.isEmpty)

        let gone =
            #"{"limit":"旧政策/已删除的限额","key":["A"],"claims":1,"amount":"10","ids":["X"]}"# + "\n"
            + #"{"limit":"旧政策/已删除的限额","key":["B"],"claims":1,"amount":"10","ids":["Y"]}"# + "\n"
        try gone.write(toFile: ledger, atomically: true, encoding: .utf8)
        let kept = Console(input: Array(trainingBatch(3, people: 1).utf8))
        #expect(PolicyCommandLine.run(["run", "-", "--policies", policies, "--ledger", ledger], console: kept) == .success)
        #expect(
            kept.errors.hasPrefix(
                "note: the ledger holds 2 keys of the limit 旧政策/已删除的限额, which no policy declares; they are kept\n"))
        #expect(try String(contentsOfFile: ledger, encoding: .utf8).hasPrefix(gone))
    }

    /// A ledger written before identity numbers were read as one: a person's padded and
    /// full-width keys are one key now, so their trainings count together.
    @Test func anOldLedgersKeysAreRewrittenAsClaimsGiveThem() throws {
        let directory = try scratchDirectory("old-keys")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("year.ledger").path
        let person = identityNumber(7)
        let fullWidth = String(String.UnicodeScalarView(person.unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! }))
        let limit = "陵川县2020/每人每年补贴性培训次数"
        let lines = [
            #"{"limit":"\#(limit)","key":[" \#(person) ","2021"],"claims":1,"amount":"750","ids":["A1"]}"#,
            #"{"limit":"\#(limit)","key":["\#(fullWidth)","2021"],"claims":1,"amount":"750","ids":["A2"]}"#,
            #"{"limit":"\#(limit)","key":["140524199203150017","2021"],"claims":3,"amount":"2250","ids":["Z1"]}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: ledger, atomically: true, encoding: .utf8)
        let batch =
            "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
            + "B1,2021-06-01,陵川县,普惠制培训补贴,\(person),电工,初级,5,退役军人\n"
            + "B2,2021-07-01,陵川县,普惠制培训补贴,\(person),焊工,初级,5,退役军人\n"
        let console = Console(input: Array(batch.utf8))
        #expect(PolicyCommandLine.run(["run", "-", "--policies", policies, "--ledger", ledger], console: console) == .success)
        #expect(
            console.errors.hasPrefix(
                "note: the ledger's keys of the limit \(limit) are now written as claims give them (identity numbers in 18 characters, text trimmed and folded): 2 rewritten, 1 of them joined to a key already there\n"
                    + "note: the ledger's keys of the limit \(limit) include 1 whose identity number no claim can give (a wrong check character or birth date): kept, but no claim will count against them\n"
            ), "\(console.errors)")
        let results = console.output.split(separator: "\n")
        #expect(results[1].hasPrefix("2,B1,陵川县2020,普惠制培训补贴,granted,750,"))
        #expect(results[2].contains("refused") && results[2].contains("A1, A2, B1"), "\(results[2])")
        let saved = try Ledger.load(from: ledger).get()
        #expect(saved.usage(of: limit, key: "\(person)\u{1F}2021")?.claims == 3)
        #expect(saved.usage(of: limit, key: " \(person) \u{1F}2021") == nil)
        #expect(saved.usage(of: limit, key: "140524199203150017\u{1F}2021")?.claims == 3)
    }

    // MARK: Reading input

    @Test func loneCarriageReturnsEndLinesInBothFormats() {
        let csv = trainingBatch(5, people: 5).replacingOccurrences(of: "\n", with: "\r")
        let (csvSummary, csvOutput) = batch(csv, .csv)
        #expect(csvSummary.read == 5 && csvSummary.granted == 5, "\(csvOutput)")
        #expect(csvOutput.split(separator: "\n").map { $0.prefix(3) } == ["lin", "2,K", "3,K", "4,K", "5,K", "6,K"])
        let claims = (0..<3).map { claimJSON(identityNumber($0), id: "J\($0)") }
        let (jsonSummary, _) = batch(claims.joined(separator: "\r") + "\r\n", .jsonl)
        #expect(jsonSummary.read == 3 && jsonSummary.granted == 3)
    }

    @Test func aQuotedLineBreakIsOneFieldAndAStrayQuoteHidesNoClaim() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let row = { (id: String, person: Int) in
            "\(id),2021-05-01,陵川县,普惠制培训补贴,\(identityNumber(person)),电工,初级,5,退役军人\n"
        }
        // RFC 4180: the id holds a line break, and the record is one claim.
        let (split, splitOutput) = batch(header + "\"once upon\na time\"" + row("", 1) + row("N", 2), .csv)
        #expect(split.read == 2 && split.granted == 2, "\(splitOutput)")
        #expect(splitOutput.contains("2,\"once upon\na time\",陵川县2020,普惠制培训补贴,granted,750,,陵川县2020,"))
        #expect(splitOutput.contains("\n4,N,"), "the next record starts on line 4")

        // A quote opened and never closed: its line is invalid and every line after it decided.
        let (open, openOutput) = batch(header + "\"A" + row("", 1) + row("B", 2) + row("C", 3), .csv)
        #expect(open.read == 3 && open.invalid == 1 && open.granted == 2, "\(openOutput)")
        #expect(openOutput.contains("2,,,,invalid,,line 2: a quoted field opens on this line and is not closed before the end"))

        // A quote that closes lines later into a ragged record: the fragment is never decided.
        let stray = header + "\"P" + row("", 1) + "a time\",x\n" + row("Q", 3)
        let (ragged, raggedOutput) = batch(stray, .csv)
        #expect(ragged.read == 3 && ragged.invalid == 2 && ragged.granted == 1, "\(raggedOutput)")
        #expect(
            raggedOutput.contains(
                "line 2: a quoted field opens on this line and runs to line 3, but the record it makes has 2 fields, the header 9"
            ))
        #expect(raggedOutput.contains("line 3: a quote inside a field that does not start with one"))
        #expect(!raggedOutput.contains("a time\",陵川县"))
    }

    @Test func datesReadInCSVAsInJSONAndTheirProblemsNamed() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let row = { (id: String, date: String) in
            "\(id),\(date),陵川县,普惠制培训补贴,\(identityNumber(Int(id.dropFirst())!)),电工,初级,5,退役军人\n"
        }
        let (summary, output) = batch(
            header + row("D1", "2021-3-2") + row("D2", "\" 2021-02-28\"") + row("D3", "2021年5月20日") + row("D4", "0000-01-01")
                + row("D5", "2021-02-29") + row("D6", "2021-13-01") + row("D7", "3/2/2021"), .csv)
        #expect(summary.granted == 3, "\(output)")
        #expect(output.contains("line 5: the claim's date 0000-01-01 is outside the calendar: years run from 1 to 9999"))
        #expect(output.contains("line 6: the claim's date 2021-02-29 is not a day: 2021-02 has 28 days"))
        #expect(output.contains("line 7: the claim's date 2021-13-01 has no month 13"))
        #expect(output.contains("line 8: the claim's date \"\"3/2/2021\"\" should be written YYYY-MM-DD or 2022年6月1日"))
        let json = claimJSON(identityNumber(1)).replacingOccurrences(of: "2021-05-01", with: "2021-3-2")
        #expect(Engine(library: PolicyLibrary.load(paths: [policies])).decide(json: Array(json.utf8)).status == .granted)
    }

    @Test func aRecordLongerThanTheLimitIsInvalidAndTheRestIsRead() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let long = "L," + String(repeating: "x", count: 3000) + "\n"
        let csv = header + long + trainingBatch(2, people: 2).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let (summary, output) = batch(csv, .csv, limits: InputLimits(maximumRecordBytes: 1000))
        #expect(summary.read == 3 && summary.invalid == 1 && summary.granted == 2, "\(output)")
        #expect(
            output.contains(
                "2,,,,invalid,,line 2: the record is longer than 1000 bytes (3002 bytes); it is not read (--max-record-bytes allows longer),,,\n"
            ))
        #expect(output.contains("\n3,K0,") && output.contains("\n4,K1,"))
        // A quoted field that runs past the limit is its first line's problem; the next line is read.
        let unclosed =
            header + "\"" + String(repeating: "y\n", count: 1000) + trainingBatch(1, people: 1).split(separator: "\n")[1] + "\n"
        let (quoted, _) = batch(unclosed, .csv, limits: InputLimits(maximumRecordBytes: 1000))
        #expect(quoted.read == 1001 && quoted.granted == 1)
    }

    /// The reader's result does not depend on where the input's chunks end: a CR and its LF, a
    /// doubled quote, a quoted line break split across two reads read as they do whole.
    @Test func recordsReadTheSameWhateverTheChunks() {
        let header = "\u{FEFF}id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\r\n"
        var text = header
        for index in 0..<40 {
            let id = ["Q\(index)", "\"Q\(index) \"\"x\"\"\"", "\"Q\(index)\r\nsecond\"", "\"Q\(index)\rthird\""][index % 4]
            let end = ["\n", "\r\n", "\r"][index % 3]
            text += "\(id),2021-05-01,陵川县,普惠制培训补贴,\(identityNumber(index)),电工,初级,5,退役军人\(end)"
            if index % 5 == 0 { text += end }  // a blank line
        }
        text += "\"open,2021-05-01\r\nZ,2021-05-01,陵川县,普惠制培训补贴,\(identityNumber(99)),电工,初级,5,退役军人"
        let (whole, expected) = batch(text, .csv)
        #expect(whole.read == 42 && whole.granted == 41 && whole.invalid == 1, "\(expected)")
        for chunk in [1, 2, 3, 7, 64] {
            var source = ChunkedSource(Array(text.utf8), chunk: chunk)
            var output: [UInt8] = []
            _ = BatchRunner(library: PolicyLibrary.load(paths: [policies]), ledger: Ledger(), outputFormat: .csv)
                .run(&source, inputFormat: .csv) { output.append(contentsOf: $0) }
            #expect(String(decoding: output, as: UTF8.self) == expected, "chunks of \(chunk) bytes")
        }
        let lines =
            "\u{FEFF}" + (0..<12).map { claimJSON(identityNumber($0), id: "J\($0)") + ["\n", "\r\n", "\r"][$0 % 3] }.joined()
        let (jsonWhole, jsonExpected) = batch(lines, .jsonl)
        #expect(jsonWhole.read == 12 && jsonWhole.granted == 12)
        for chunk in [1, 2, 5] {
            var source = ChunkedSource(Array(lines.utf8), chunk: chunk)
            var output: [UInt8] = []
            _ = BatchRunner(library: PolicyLibrary.load(paths: [policies]), ledger: Ledger(), outputFormat: .csv)
                .run(&source, inputFormat: .jsonl) { output.append(contentsOf: $0) }
            #expect(String(decoding: output, as: UTF8.self) == jsonExpected, "JSON lines in chunks of \(chunk) bytes")
        }
    }

    /// `policy diff` finds the claim on its line however the lines end, and names what moved.
    @Test func diffNamesTheRulesOfAClaimInACarriageReturnFile() throws {
        let after = try copyOfPolicies(editing: [
            "lingchuan-2020.policy": { $0.replacingOccurrences(of: "150 元/天", with: "160 元/天") }
        ])
        defer { try? FileManager.default.removeItem(at: after) }
        let claims = trainingBatch(3, people: 3).replacingOccurrences(of: "\n", with: "\r")
        let report = try RuleSetDiff.compare(
            claims: Array(claims.utf8), format: .csv, before: PolicyLibrary.load(paths: [policies]),
            after: PolicyLibrary.load(paths: [after.path]))
        #expect(report.changes.map(\.line) == [2, 3, 4])
        #expect(report.changes.allSatisfy { !$0.rules.isEmpty }, "\(report.changes.map(\.rules))")
    }

    /// `policy diff` reads a claim whose quoted field spans lines whole, as the batch does: the
    /// rules that moved are named, not taken for a limit's effect, and no fragment is read.
    @Test func diffReadsAClaimWhoseQuotedFieldSpansLines() throws {
        let after = try copyOfPolicies(editing: [
            "lingchuan-2020.policy": { $0.replacingOccurrences(of: "150 元/天", with: "160 元/天") }
        ])
        defer { try? FileManager.default.removeItem(at: after) }
        let rows = trainingBatch(2, people: 2).split(separator: "\n")
        let claims =
            [String(rows[0]), "\"first\nsecond line\"" + rows[1].drop { $0 != "," }, "\"P\nQ\",x", String(rows[2])]
            .joined(separator: "\n") + "\n"
        let report = try RuleSetDiff.compare(
            claims: Array(claims.utf8), format: .csv, before: PolicyLibrary.load(paths: [policies]),
            after: PolicyLibrary.load(paths: [after.path]))
        #expect(report.changes.map(\.line) == [2, 6])
        #expect(report.changes.first?.id == "first\nsecond line")
        #expect(report.changes.allSatisfy { !$0.rules.isEmpty }, "\(report.changes.map(\.rules))")
    }

    // MARK: Helpers

    private func batch(_ text: String, _ format: BatchFormat, limits: InputLimits = InputLimits()) -> (BatchSummary, String) {
        var source = BytesSource(Array(text.utf8))
        var output: [UInt8] = []
        let summary = BatchRunner(
            library: PolicyLibrary.load(paths: [policies]), ledger: Ledger(), outputFormat: .csv, limits: limits
        ).run(&source, inputFormat: format) { output.append(contentsOf: $0) }
        return (summary, String(decoding: output, as: UTF8.self))
    }
}

/// One 普惠制 claim in 陵川县 as JSON, on one line.
func claimJSON(_ person: String, id: String = "E1") -> String {
    #"{"id": "\#(id)", "date": "2021-05-01", "jurisdiction": "陵川县", "program": "普惠制培训补贴", "facts": {"身份证号": "\#(person)", "培训工种": "电工", "培训等级": "初级", "培训天数": 5, "就业群体": "退役军人"}}"#
}

func permissions(_ path: String) -> mode_t {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
}

/// Bytes handed out a few at a time, as a slow pipe would.
struct ChunkedSource: ByteSource {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(chunk, buffer.count, bytes.count - offset)
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }
}
