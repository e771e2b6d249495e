// `policy-bench --lsp [--edits N] [--policies DIR]`: the language server as an editor uses it. The
// largest bundled policy (lingchuan-2020.policy, with its province beside it) is opened, then
// changed N times (a rate rewritten each time, as a person types); each change is a
// `didChange` whose reply is the published diagnostics: the whole library around the file
// parsed, checked and given the deep checks again. Reported: the time from a change to its
// diagnostics (median, 95th percentile, slowest), and the resident memory (VmRSS) along the way,
// which must stay flat.

import Foundation
import PolicyLanguage
import PolicyTools

enum LanguageServerBench {
    static func run(_ arguments: [String]) {
        var edits = 10_000
        var policies = "policies"
        var rest = arguments
        while !rest.isEmpty {
            let flag = rest.removeFirst()
            guard let value = rest.first else { fail("\(flag) needs a value", code: 64) }
            rest.removeFirst()
            switch flag {
            case "--edits":
                guard let count = Int(value), count > 0 else { fail("--edits takes a number above 0, not \(value)", code: 64) }
                edits = count
            case "--policies": policies = value
            default: fail("unknown option \(flag)", code: 64)
            }
        }
        let directory = URL(fileURLWithPath: policies).standardizedFileURL.path
        let path = directory + "/lingchuan-2020.policy"
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        let rate = "150 元/天"
        guard text.contains(rate) else { fail("\(path) no longer holds \(rate): choose another edit") }
        let uri = DocumentURI.uri(of: path)
        let server = LanguageServer()
        func send(_ message: JSONValue) -> [UInt8] { server.receive(MessageWriter.frame(message)) }
        func change(_ version: Int) -> JSONValue {
            let edited = text.replacingOccurrences(of: rate, with: "\(100 + version % 100) 元/天")
            return .object([
                JSONMember(key: "jsonrpc", value: .string("2.0")),
                JSONMember(key: "method", value: .string("textDocument/didChange")),
                JSONMember(
                    key: "params",
                    value: .object([
                        JSONMember(
                            key: "textDocument",
                            value: .object([
                                JSONMember(key: "uri", value: .string(uri)),
                                JSONMember(key: "version", value: .number("\(version)")),
                            ])),
                        JSONMember(
                            key: "contentChanges", value: .array([.object([JSONMember(key: "text", value: .string(edited))])])),
                    ])),
            ])
        }
        _ = send(
            .object([
                JSONMember(key: "jsonrpc", value: .string("2.0")), JSONMember(key: "id", value: .number("1")),
                JSONMember(key: "method", value: .string("initialize")), JSONMember(key: "params", value: .object([])),
            ]))
        let opened = send(
            .object([
                JSONMember(key: "jsonrpc", value: .string("2.0")),
                JSONMember(key: "method", value: .string("textDocument/didOpen")),
                JSONMember(
                    key: "params",
                    value: .object([
                        JSONMember(
                            key: "textDocument",
                            value: .object([
                                JSONMember(key: "uri", value: .string(uri)),
                                JSONMember(key: "languageId", value: .string("policy")),
                                JSONMember(key: "version", value: .number("0")), JSONMember(key: "text", value: .string(text)),
                            ]))
                    ])),
            ]))
        guard String(decoding: opened, as: UTF8.self).contains("publishDiagnostics") else {
            fail("no diagnostics were published on open")
        }
        print("policy-bench --lsp: \(edits) edits of \(path) (\(data.count / 1024) KB), the policies of \(directory) around it")
        var times: [Int64] = []
        times.reserveCapacity(edits)
        var memory: [(edit: Int, kilobytes: Int)] = [(0, residentKilobytes())]
        let checkpoints = Set(stride(from: edits / 10, through: edits, by: max(edits / 10, 1)))
        for version in 1...edits {
            var reply: [UInt8] = []
            let elapsed = measure { reply = send(change(version)) }
            if reply.isEmpty { fail("edit \(version) published nothing") }
            times.append(elapsed)
            if checkpoints.contains(version) { memory.append((version, residentKilobytes())) }
        }
        let sorted = times.sorted()
        print(
            "  change → diagnostics           median \(milliseconds(sorted[sorted.count / 2])), 95th percentile \(milliseconds(sorted[sorted.count * 95 / 100])), slowest \(milliseconds(sorted.last!))"
        )
        print(
            "  resident memory (VmRSS)        " + memory.map { "\($0.edit): \($0.kilobytes / 1024) MB" }.joined(separator: ", "))
        let settled = memory.count > 2 ? memory[1].kilobytes : memory[0].kilobytes
        let growth = memory.last!.kilobytes - settled
        print("  growth after the first tenth   \(growth) KB over \(edits - (memory.count > 2 ? memory[1].edit : 0)) edits")
    }

    /// The process's resident set, from /proc/self/status; 0 where there is none.
    static func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
