// Folder listings for tests that take their cases from the repository's files. A folder that
// cannot be read, or holds none of the files asked for, throws: used in `@Test(arguments:)` the
// test fails (Swift Testing records an error thrown while evaluating arguments) instead of
// running zero cases and passing, as `(try? …) ?? []` would when a folder moves.

import Foundation

enum Listing {
    struct Empty: Error, CustomStringConvertible {
        let folder: String
        let suffix: String
        var description: String { "no \(suffix.isEmpty ? "files" : "*\(suffix) files") in \(folder)" }
    }

    /// The names of the files in `folder` (an absolute path) that end with `suffix`, sorted.
    /// Throws when the folder cannot be read or holds none.
    static func names(inDirectory folder: String, endingWith suffix: String = "") throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) }.sorted()
        guard !names.isEmpty else { throw Empty(folder: folder, suffix: suffix) }
        return names
    }

    /// The paths, from the repository's root, of the files under each of `folders` (also from
    /// the root), in their subfolders too, that end with `suffix`, sorted; a folder whose name
    /// ends with `suffix` is not a file and is left out. Throws when a folder cannot be read or
    /// holds none.
    static func paths(under folders: [String], endingWith suffix: String) throws -> [String] {
        try folders.flatMap { folder in
            let root = Repository.path(folder)
            let paths = try FileManager.default.subpathsOfDirectory(atPath: root).filter { path in
                var isDirectory: ObjCBool = false
                return path.hasSuffix(suffix)
                    && FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
            guard !paths.isEmpty else { throw Empty(folder: root, suffix: suffix) }
            return paths.map { "\(folder)/\($0)" }
        }.sorted()
    }

    /// The paths, from the repository's root, of the files in each of `folders` (also from the
    /// root) that end with `suffix`, folder by folder, each sorted. Throws when a folder cannot be
    /// read or holds none.
    static func paths(in folders: [String], endingWith suffix: String) throws -> [String] {
        try folders.flatMap { folder in
            try names(inDirectory: Repository.path(folder), endingWith: suffix).map { "\(folder)/\($0)" }
        }
    }
}
