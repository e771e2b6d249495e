// The engine's stages are folders of one target (a target boundary would keep the optimiser from
// inlining a decimal's arithmetic into the compiled rules), so the compiler cannot keep data and
// code flowing forward. This test does: a file may use what its own folder and earlier folders
// declare, never what a later one does. The tools on top of the engine are a target of their own,
// which the package keeps out of the engine's reach.

import Foundation
import Testing

@Suite struct DirectionTests {
    /// The engine's folders, in the pipeline's order (ARCHITECTURE.md).
    static let stages = [
        "Values", "Diagnostics", "Storage", "Syntax", "Semantics", "Runtime", "Formats", "Library", "Batch", "Analysis",
    ]

    static let engine = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PolicyLanguage")

    @Test func everyFolderHasItsPlaceInThePipeline() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.engine.path).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(Self.stages), "a new folder needs its place in `stages` and in ARCHITECTURE.md")
    }

    @Test func noFileUsesALaterStage() throws {
        let files = try Self.sourceFiles()
        try #require(files.count > 40, "the engine's sources were not found at \(Self.engine.path)")
        // The stage that declares each top-level name, and the first stage that declares it at
        // all: a name a stage nests (the syntax's `RangeSyntax.Limit`) is its own there, not a use
        // of a later stage's top-level `Limit`.
        var owner: [String: Int] = [:]
        var firstDeclared: [String: Int] = [:]
        for file in files {
            for name in file.declaredAtTopLevel { owner[name] = min(owner[name] ?? .max, file.stage) }
            for name in file.declared { firstDeclared[name] = min(firstDeclared[name] ?? .max, file.stage) }
        }
        var backwards: [String] = []
        for file in files {
            for name in file.usedNames.sorted() {
                guard let stage = owner[name], stage > file.stage, (firstDeclared[name] ?? .max) > file.stage else { continue }
                backwards.append("\(Self.stages[file.stage])/\(file.name) uses \(name) of \(Self.stages[stage])/")
            }
        }
        #expect(backwards.isEmpty, "\(backwards.joined(separator: "\n"))")
    }

    @Test func theCheckFindsABackwardUse() {
        let file = SourceText(name: "Token.swift", stage: 3, text: "struct Token { let program: Program } // Frame\n")
        #expect(file.usedNames.contains("Program"))
        #expect(!file.usedNames.contains("Frame"), "comments are not code")
        #expect(file.declaredAtTopLevel == ["Token"])
    }

    // MARK: Reading the sources

    struct SourceText {
        let name: String
        let stage: Int
        /// The types, protocols, aliases and functions it declares outside any other declaration.
        let declaredAtTopLevel: Set<String>
        /// The types, protocols and aliases it declares, nested or not.
        let declared: Set<String>
        let usedNames: Set<String>

        init(name: String, stage: Int, text: String) {
            self.name = name
            self.stage = stage
            let code = Self.strippingCommentsAndText(text)
            let topLevel =
                /^(?:(?:public|package|internal|fileprivate|private|final|indirect|@inline\(__always\))\s+)*(?:struct|enum|class|protocol|typealias|actor|func)\s+([A-Za-z_]\w*)/
                .anchorsMatchLineEndings()
            declaredAtTopLevel = Set(code.matches(of: topLevel).map { String($0.output.1) })
            let type = /(?:struct|enum|class|protocol|typealias|actor)\s+([A-Za-z_]\w*)/
            declared = Set(code.matches(of: type).map { String($0.output.1) })
            // A name followed by a colon is an argument's label (`message:`), not a use.
            usedNames = Set(code.matches(of: /[A-Za-z_][A-Za-z0-9_]*+(?!\s*:)/).map { String($0.output) })
        }

        /// The code with comments and string literals removed, so a name in prose is not a use.
        static func strippingCommentsAndText(_ text: String) -> String {
            // One pass, so a `//` inside a text is not a comment and a quote in a comment is no text.
            text.replacing(/\/\*[\s\S]*?\*\/|"""[\s\S]*?"""|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"/, with: " ")
        }
    }

    static func sourceFiles() throws -> [SourceText] {
        var files: [SourceText] = []
        for (stage, folder) in stages.enumerated() {
            let directory = engine.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                files.append(SourceText(name: name, stage: stage, text: text))
            }
        }
        return files
    }
}
