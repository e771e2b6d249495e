// `policy lsp`: the Language Server Protocol over a byte stream (JSON-RPC 2.0 framed by
// `Content-Length`), read and written with the engine's own JSON. The server is a value that takes
// bytes and gives bytes, so the tests drive it exactly as an editor does, without a process.
//
// Lifecycle: `initialize` (the editor's language from its `locale` or
// `initializationOptions.language`), `initialized`, the documents' notifications, requests,
// `shutdown`, `exit`. Malformed JSON is answered with -32700, an unknown request with -32601; an
// unknown notification is ignored. Every open document's diagnostics are published again after
// each change, since a change to a province's file changes what its counties report.

import PolicyLanguage

package final class LanguageServer {
    /// JSON-RPC's error codes, and the protocol's.
    package enum ErrorCode: Int {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case serverNotInitialized = -32002
    }

    struct RequestError: Error {
        let code: ErrorCode
        let message: String
    }

    /// The language diagnostics, hovers and lenses are written in.
    package private(set) var language: Language = .en
    package let workspace: Workspace
    /// The exit code once `exit` has been received: 0 after `shutdown`, 1 without.
    package private(set) var exitCode: Int32?
    private var initialized = false
    private var shuttingDown = false
    private var reader = MessageReader()

    package init(workspace: Workspace = Workspace()) {
        self.workspace = workspace
    }

    // MARK: Bytes

    /// Takes bytes from the editor and returns the bytes to send back (possibly none).
    package func receive(_ bytes: some Collection<UInt8>) -> [UInt8] {
        reader.append(bytes)
        var out: [UInt8] = []
        while exitCode == nil, let frame = reader.next() {
            switch frame {
            case .message(let body):
                for message in handle(body) { out += MessageWriter.frame(message) }
            case .badHeader(let problem):
                out += MessageWriter.frame(Self.error(id: .null, .parseError, "bad message header: \(problem)"))
            }
        }
        return out
    }

    /// Serves until `exit` or the end of the input: `read` gives the next bytes (nil at the end),
    /// `write` sends. The exit code: 0 after `shutdown` then `exit`, 1 otherwise.
    package func run(read: () -> [UInt8]?, write: ([UInt8]) -> Void) -> Int32 {
        while exitCode == nil, let bytes = read() {
            let out = receive(bytes)
            if !out.isEmpty { write(out) }
        }
        return exitCode ?? (shuttingDown ? 0 : 1)
    }

    // MARK: Messages

    /// The messages one message's body calls for: a response to a request, notifications.
    package func handle(_ body: [UInt8]) -> [JSONValue] {
        let message: JSONValue
        do {
            message = try JSONParser.parse(body)
        } catch {
            return [Self.error(id: .null, .parseError, "parse error: " + error.located.english)]
        }
        guard case .object = message, let method = message["method"]?.stringValue else {
            // A response to a request of ours (we send none) or not a message at all.
            if case .object = message, message["result"] != nil || message["error"] != nil { return [] }
            return [Self.error(id: message["id"] ?? .null, .invalidRequest, "not a JSON-RPC request or notification")]
        }
        let params = message["params"] ?? .null
        guard let id = message["id"] else { return notification(method, params) }
        do {
            let result = try request(method, params)
            return [.object(["jsonrpc": .string("2.0"), "id": id, "result": result.response])] + result.then
        } catch {
            return [Self.error(id: id, error.code, error.message)]
        }
    }

    private func request(_ method: String, _ params: JSONValue) throws(RequestError) -> (response: JSONValue, then: [JSONValue]) {
        if method == "initialize" {
            initialized = true
            return (initialize(params), [])
        }
        guard initialized else { throw RequestError(code: .serverNotInitialized, message: "initialize first") }
        guard !shuttingDown else { throw RequestError(code: .invalidRequest, message: "the server is shutting down") }
        switch method {
        case "shutdown":
            shuttingDown = true
            return (.null, [])
        case "textDocument/hover": return (try hover(params), [])
        case "textDocument/definition": return (try definition(params), [])
        case "textDocument/references": return (try references(params), [])
        case "textDocument/completion": return (try completion(params), [])
        case "textDocument/formatting": return (try formatting(params), [])
        case "textDocument/documentSymbol": return (try documentSymbols(params), [])
        case "textDocument/codeAction": return (try codeActions(params), [])
        case "textDocument/codeLens": return (try codeLenses(params), [])
        default: throw RequestError(code: .methodNotFound, message: "unknown method \(method)")
        }
    }

    private func notification(_ method: String, _ params: JSONValue) -> [JSONValue] {
        if method == "exit" {
            exitCode = shuttingDown ? 0 : 1
            return []
        }
        guard initialized, !shuttingDown else { return [] }
        let document = params["textDocument"]
        guard let uri = document?["uri"]?.stringValue else { return [] }
        switch method {
        case "textDocument/didOpen":
            guard let text = document?["text"]?.stringValue else { return [] }
            workspace.open(uri: uri, text: text, version: document?["version"]?.intValue ?? 0)
        case "textDocument/didChange":
            // Full synchronisation: the last change holds the whole text.
            guard case .array(let changes) = params["contentChanges"], let text = changes.last?["text"]?.stringValue else {
                return []
            }
            workspace.change(uri: uri, text: text, version: document?["version"]?.intValue ?? 0)
        case "textDocument/didClose":
            guard workspace.documents[uri] != nil else { return [] }
            workspace.close(uri: uri)
            return [publish(uri: uri, diagnostics: [])] + publishAll()
        default:
            return []
        }
        return publishAll()
    }

    private func initialize(_ params: JSONValue) -> JSONValue {
        let chosen = params["initializationOptions"]?["language"]?.stringValue ?? params["locale"]?.stringValue ?? "en"
        language = chosen.lowercased().hasPrefix("zh") ? .zh : .en
        return .object([
            "capabilities": .object([
                "textDocumentSync": .object(["openClose": .bool(true), "change": .int(1)]),
                "hoverProvider": .bool(true),
                "definitionProvider": .bool(true),
                "referencesProvider": .bool(true),
                "completionProvider": .object(["triggerCharacters": .array([.string(".")])]),
                "documentFormattingProvider": .bool(true),
                "documentSymbolProvider": .bool(true),
                "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
                "codeLensProvider": .object(["resolveProvider": .bool(false)]),
            ]),
            "serverInfo": .object(["name": .string("policy")]),
        ])
    }

    static func error(id: JSONValue, _ code: ErrorCode, _ message: String) -> JSONValue {
        .object([
            "jsonrpc": .string("2.0"), "id": id,
            "error": .object(["code": .int(code.rawValue), "message": .string(message)]),
        ])
    }

    // MARK: Diagnostics

    /// `textDocument/publishDiagnostics` for every open document, in URI order.
    package func publishAll() -> [JSONValue] {
        workspace.documents.keys.sorted().compactMap { uri in
            guard let document = workspace.documents[uri] else { return nil }
            let analysis = workspace.analysis(of: document)
            let own = analysis.diagnostics.filter { $0.file?.path == document.path }
            return publish(uri: uri, diagnostics: own.map { lspDiagnostic($0, uri: uri) }, version: document.version)
        }
    }

    private func publish(uri: String, diagnostics: [JSONValue], version: Int? = nil) -> JSONValue {
        .object([
            "jsonrpc": .string("2.0"), "method": .string("textDocument/publishDiagnostics"),
            "params": .object(["uri": .string(uri), "version": version.map { .int($0) }, "diagnostics": .array(diagnostics)]),
        ])
    }

    /// A diagnostic as the protocol has it: the message with the label under its span, its notes
    /// and its hint, as the command line prints them; its secondary labels as related information.
    func lspDiagnostic(_ diagnostic: Diagnostic, uri: String) -> JSONValue {
        let say = { (phrase: Phrase) in phrase.text(in: self.language) }
        var text = say(diagnostic.message)
        if let label = diagnostic.primaryLabel.map(say), !label.isEmpty, !text.contains(label) { text += "\n" + label }
        for note in diagnostic.notes { text += "\n" + say(Phrase("note: ", "注：") + note) }
        if let hint = diagnostic.hint { text += "\n" + say(Phrase("hint: ", "提示：") + hint) }
        let severity =
            switch diagnostic.severity {
            case .error: 1
            case .warning: 2
            case .note: 3
            }
        let file = diagnostic.file
        let related: [JSONValue] = diagnostic.labels.compactMap { label in
            guard let file else { return nil }
            return .object([
                "location": .object(["uri": .string(uri), "range": file.lspRange(label.range)]),
                "message": .string(say(label.text)),
            ])
        }
        return .object([
            "range": file.map { $0.lspRange(diagnostic.range ?? .none) } ?? SourceFile(path: "", bytes: []).lspRange(.none),
            "severity": .int(severity),
            "code": .string(diagnostic.code.rawValue),
            "source": .string("policy"),
            "message": .string(text),
            "relatedInformation": related.isEmpty ? nil : .array(related),
        ])
    }

    // MARK: Parameters

    /// The open document a request names, and the byte offset of its position (when it gives one).
    func target(_ params: JSONValue) throws(RequestError) -> (document: Workspace.Document, offset: Int)? {
        guard let uri = params["textDocument"]?["uri"]?.stringValue else {
            throw RequestError(code: .invalidParams, message: "textDocument.uri is missing")
        }
        guard let document = workspace.documents[uri] else { return nil }
        guard let positionValue = params["position"] else { return (document, 0) }
        guard let position = LSPPosition(positionValue) else {
            throw RequestError(code: .invalidParams, message: "position needs a line and a character")
        }
        return (document, document.source.offset(of: position))
    }
}
