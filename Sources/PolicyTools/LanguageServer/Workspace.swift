// The documents the editor has open, and what the engine makes of them. A document is checked
// with the policies beside it on disk (the `.policy` files of its directory and of each directory
// above it, so a county's file finds its province's), the open buffers standing in for their
// files on disk. The last analysis that checked is kept per document, so that hover, completion and
// navigation keep working while the file being typed has an error.

import Foundation
import PolicyLanguage

package final class Workspace {
    package struct Document {
        package let uri: String
        package let path: String
        package var version: Int
        package var source: SourceFile
    }

    /// One check of the policies around a directory: the library, its deep checks, and each
    /// file's parse, by path.
    package final class Analysis {
        package let library: PolicyLibrary
        package let diagnostics: [Diagnostic]
        package let sources: [String: SourceFile]
        private var parsed: [String: PolicyFile] = [:]

        init(library: PolicyLibrary, diagnostics: [Diagnostic], sources: [String: SourceFile]) {
            self.library = library
            self.diagnostics = diagnostics
            self.sources = sources
        }

        /// The policy whose own file is `path`, when it checked.
        package func entry(at path: String) -> PolicyLibrary.Entry? {
            library.entries.first { $0.info.source.path == path }
        }

        package func parse(_ source: SourceFile) -> PolicyFile {
            if let file = parsed[source.path], file.source === source { return file }
            let file = Parser.parse(source).0
            parsed[source.path] = file
            return file
        }
    }

    package private(set) var documents: [String: Document] = [:]
    /// The last analysis in which each open document's policy checked, by URI.
    private var lastGood: [String: Analysis] = [:]
    /// The latest analysis of each directory's neighbourhood, by directory.
    private var latest: [String: Analysis] = [:]
    /// Reads a directory's `.policy` files; the tests give their own.
    private let policyFiles: (String) -> [(path: String, bytes: [UInt8])]

    package init(policyFiles: @escaping (String) -> [(path: String, bytes: [UInt8])] = Workspace.policyFilesOnDisk) {
        self.policyFiles = policyFiles
    }

    // MARK: Documents

    package func open(uri: String, text: String, version: Int) {
        let path = DocumentURI.path(of: uri) ?? uri
        documents[uri] = Document(uri: uri, path: path, version: version, source: SourceFile(path: path, text: text))
        invalidate()
    }

    package func change(uri: String, text: String, version: Int) {
        guard var document = documents[uri] else { return }
        document.version = version
        document.source = SourceFile(path: document.path, text: text)
        documents[uri] = document
        invalidate()
    }

    package func close(uri: String) {
        documents[uri] = nil
        lastGood[uri] = nil
        invalidate()
    }

    private func invalidate() { latest = [:] }

    // MARK: Analysis

    /// The analysis a document is checked in: its directory's policies and those above it, the
    /// open documents in place of their files.
    package func analysis(of document: Document) -> Analysis {
        let directory = Self.directory(of: document.path)
        if let analysis = latest[directory] { return analysis }
        var byPath: [String: SourceFile] = [:]
        var order: [String] = []
        // An unsaved document (`untitled:…`) has no place on disk: only the open documents.
        var current: String? = document.path.hasPrefix("/") ? directory : nil
        while let folder = current {
            for file in policyFiles(folder) where byPath[file.path] == nil {
                byPath[file.path] = SourceFile(path: file.path, bytes: file.bytes)
                order.append(file.path)
            }
            current = Self.parent(of: folder)
        }
        for open in documents.values.sorted(by: { $0.path < $1.path }) {
            // An open buffer stands for its file; an open file elsewhere (or unsaved) joins only
            // when it is in this neighbourhood or is the document itself.
            if byPath[open.path] != nil || open.uri == document.uri || isAbove(Self.directory(of: open.path), directory) {
                if byPath[open.path] == nil { order.append(open.path) }
                byPath[open.path] = open.source
            }
        }
        let sources = order.sorted().compactMap { byPath[$0] }
        let library = PolicyLibrary.load(sources: sources)
        let diagnostics = (library.diagnostics + Analyzer.review(library)).sortedByLocation()
        let analysis = Analysis(library: library, diagnostics: diagnostics, sources: byPath)
        latest[directory] = analysis
        for open in documents.values where Self.directory(of: open.path) == directory && analysis.entry(at: open.path) != nil {
            lastGood[open.uri] = analysis
        }
        return analysis
    }

    /// The analysis in which the document's policy last checked (this one when it checks now).
    package func checkedAnalysis(of document: Document) -> Analysis? {
        let analysis = analysis(of: document)
        if analysis.entry(at: document.path) != nil {
            lastGood[document.uri] = analysis
            return analysis
        }
        return lastGood[document.uri]
    }

    /// Whether `folder` is `directory` or one above it.
    private func isAbove(_ folder: String, _ directory: String) -> Bool {
        folder == directory || directory.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func parent(of directory: String) -> String? {
        guard directory != "/", directory != "." else { return nil }
        return Self.directory(of: directory)
    }

    /// The `.policy` files directly in a directory, in name order; none when it cannot be read.
    package static func policyFilesOnDisk(_ directory: String) -> [(path: String, bytes: [UInt8])] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".policy") }.sorted().compactMap { name in
            let path = directory == "/" ? "/" + name : directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return (path, [UInt8](data))
        }
    }
}
