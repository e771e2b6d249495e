// `policy lsp` driven as an editor drives it: framed JSON-RPC bytes in, framed bytes out, every
// response checked whole. The policies sit in an in-memory directory tree (a province in
// /ws/省, a county below it in /ws/省/县), so a county's file is checked with its province's.

import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

/// One editor session with a server: sends messages, collects what comes back.
final class EditorSession {
    let server: LanguageServer
    private var reader = MessageReader()

    init(files: [String: String], language: String? = nil, locale: String? = nil) {
        let workspace = Workspace(policyFiles: { directory in
            files.keys.sorted().filter { Workspace.directory(of: $0) == directory }.map { ($0, Array(files[$0]!.utf8)) }
        })
        server = LanguageServer(workspace: workspace)
        if language != nil || locale != nil {
            var params = "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}"
            if let locale { params += ",\"locale\":\"\(locale)\"" }
            if let language { params += ",\"initializationOptions\":{\"language\":\"\(language)\"}" }
            _ = request("initialize", params + "}")
            _ = notify("initialized", "{}")
        }
    }

    /// Sends raw bytes; the messages that come back, each as compact JSON text.
    func send(bytes: some Collection<UInt8>) -> [String] {
        reader.append(server.receive(bytes))
        var out: [String] = []
        while let frame = reader.next() {
            guard case .message(let body) = frame else {
                out.append("bad frame from the server: \(frame)")
                continue
            }
            out.append(String(decoding: body, as: UTF8.self))
        }
        return out
    }

    static func framed(_ json: String) -> [UInt8] {
        let body = Array(json.utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    private var nextID = 0

    func request(_ method: String, _ params: String) -> [String] {
        nextID += 1
        return send(bytes: Self.framed("{\"jsonrpc\":\"2.0\",\"id\":\(nextID),\"method\":\"\(method)\",\"params\":\(params)}"))
    }

    func notify(_ method: String, _ params: String) -> [String] {
        send(bytes: Self.framed("{\"jsonrpc\":\"2.0\",\"method\":\"\(method)\",\"params\":\(params)}"))
    }

    /// The result of a request, alone, as compact JSON text.
    func result(_ method: String, _ params: String) -> String {
        let replies = request(method, params)
        let prefix = "{\"jsonrpc\":\"2.0\",\"id\":\(nextID),\"result\":"
        guard replies.count == 1, let reply = replies.first, reply.hasPrefix(prefix) else { return "unexpected: \(replies)" }
        return String(reply.dropFirst(prefix.count).dropLast())
    }

    func open(_ uri: String, _ text: String, version: Int = 1) -> [String] {
        notify(
            "textDocument/didOpen",
            "{\"textDocument\":{\"uri\":\"\(uri)\",\"languageId\":\"policy\",\"version\":\(version),\"text\":\(Self.quoted(text))}}"
        )
    }

    func change(_ uri: String, _ text: String, version: Int) -> [String] {
        notify(
            "textDocument/didChange",
            "{\"textDocument\":{\"uri\":\"\(uri)\",\"version\":\(version)},\"contentChanges\":[{\"text\":\(Self.quoted(text))}]}")
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        JSONWriter.appendString(text, to: &out)
        return out
    }

    static func at(_ uri: String, _ line: Int, _ character: Int) -> String {
        "{\"textDocument\":{\"uri\":\"\(uri)\"},\"position\":{\"line\":\(line),\"character\":\(character)}}"
    }
}

@Suite struct LanguageServerTests {
    static let province = """
        policy 省2021 {
          title "省2021方案"
          document "省〔2021〕6号"
          jurisdiction 山西省
          in force 2021-01-01 to 2021-12-31
        }

        enum 证书等级 {
          初级
          中级
        }

        input 等级: 证书等级
        input 培训天数: days

        // ---- 二(四) Training ----

        // "每人每天补贴150元"
        rule 日标准: yuan/day cite "二(四)" = 150 yuan/day
        program 培训补贴: yuan cite "二(四)" = 日标准 * 培训天数 at most 1000 yuan

        program 等级补贴: yuan cite "二(五)" = if 等级 == 中级 then 100 yuan else 0 yuan

        test "十天" {
          given 培训天数 = 10 days
          expect 培训补贴 = 1000 yuan
        }

        """
    static let county = """
        policy 县2021 {
          title "县方案"
          document "县〔2021〕1号"
          jurisdiction 山西省/某县
          extends 省2021
          in force 2021-01-01 to 2021-12-31
        }

        // The county pays more a day.
        rule 日标准: yuan/day cite "五(六)" = 200 yuan/day

        test "五天" {
          given 培训天数 = 5 days
          expect 培训补贴 = 1000 yuan
        }

        """
    static let provinceURI = "file:///ws/%E7%9C%81/province.policy"
    static let countyURI = "file:///ws/%E7%9C%81/%E5%8E%BF/county.policy"
    static let files = ["/ws/省/province.policy": province, "/ws/省/县/county.policy": county]

    static let city = """
        政策 某市2021 {
          标题 "某市方案"
          文号 "某〔2021〕1号"
          辖区 山西省/某市
          施行 2021-01-01 至 2021-12-31
        }

        输入 培训天数: 天
        项目 培训补贴: 元 引用 "🎓三" = if 培训天数 > 5 天 那么 100 元 否则 50 元

        """
    static let cityURI = "file:///zh/city.policy"

    static func document(_ uri: String) -> String { "{\"textDocument\":{\"uri\":\"\(uri)\"}}" }
    static func at(_ uri: String, _ line: Int, _ character: Int) -> String { EditorSession.at(uri, line, character) }

    // MARK: Lifecycle and bad input

    @Test func initializeAnnouncesWhatTheServerDoesAndShutdownThenExitEndsWithZero() {
        let session = EditorSession(files: [:])
        #expect(
            session.request("initialize", #"{"processId":null,"rootUri":null,"capabilities":{}}"#) == [
                #"{"jsonrpc":"2.0","id":1,"result":{"capabilities":{"textDocumentSync":{"openClose":true,"change":1},"hoverProvider":true,"definitionProvider":true,"referencesProvider":true,"completionProvider":{"triggerCharacters":["."]},"documentFormattingProvider":true,"documentSymbolProvider":true,"codeActionProvider":{"codeActionKinds":["quickfix"]},"codeLensProvider":{"resolveProvider":false}},"serverInfo":{"name":"policy"}}}"#
            ])
        #expect(session.notify("initialized", "{}") == [])
        #expect(session.request("shutdown", "null") == [#"{"jsonrpc":"2.0","id":2,"result":null}"#])
        #expect(
            session.request("textDocument/hover", Self.at(Self.provinceURI, 0, 0)) == [
                #"{"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"the server is shutting down"}}"#
            ])
        #expect(session.notify("exit", "null") == [])
        #expect(session.server.exitCode == 0)
    }

    @Test func requestsBeforeInitializeAreRefusedAndExitWithoutShutdownIsOne() {
        let session = EditorSession(files: [:])
        #expect(
            session.request("textDocument/hover", Self.at(Self.provinceURI, 0, 0)) == [
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"initialize first"}}"#
            ])
        // A notification before initialize is dropped, not answered.
        #expect(session.open(Self.provinceURI, Self.province) == [])
        #expect(session.notify("exit", "null") == [])
        #expect(session.server.exitCode == 1)
        // Nothing is read after exit.
        #expect(session.request("shutdown", "null") == [])
    }

    @Test func malformedMessagesAreAnsweredWithErrorsAndTheServerGoesOn() {
        let session = EditorSession(files: Self.files, language: "en")
        let parseError = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"#
        let broken = session.send(bytes: EditorSession.framed(#"{"jsonrpc":"2.0","id":7,"method":"#))
        #expect(broken == [parseError + #""parse error: line 1, column 34: the input ends where a value was expected"}}"#])
        #expect(
            session.send(bytes: EditorSession.framed("[1,2]")) == [
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"not a JSON-RPC request or notification"}}"#
            ])
        #expect(
            session.request("textDocument/rename", Self.at(Self.provinceURI, 0, 0)) == [
                #"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"unknown method textDocument/rename"}}"#
            ])
        #expect(session.notify("$/setTrace", #"{"value":"off"}"#) == [])
        #expect(session.notify("workspace/didChangeConfiguration", "{}") == [])
        #expect(
            session.request("textDocument/hover", #"{"textDocument":{}}"#) == [
                #"{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"textDocument.uri is missing"}}"#
            ])
        // A header without Content-Length is skipped to its blank line; the next message is served.
        let garbled =
            Array("Content-Type: text/plain\r\n\r\n".utf8)
            + EditorSession.framed(#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#)
        #expect(
            session.send(bytes: garbled) == [
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad message header: no Content-Length header"}}"#,
                #"{"jsonrpc":"2.0","id":9,"result":null}"#,
            ])
    }

    @Test func hugeAndGarbageInputNeitherCrashesNorHangs() {
        let session = EditorSession(files: Self.files, language: "en")
        // A body too large to accept is refused and skipped as its bytes arrive.
        let huge = Array("Content-Length: 999999999999\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 100)
        #expect(
            session.send(bytes: huge) == [
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad message header: a message of 999999999999 bytes, more than the 67108864 accepted"}}"#
            ])
        #expect(
            session.send(bytes: Array("Content-Length: -3\r\n\r\n".utf8)) == [
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad message header: Content-Length is not a number: -3"}}"#
            ])
        // Noise after a bad header is skipped to the next Content-Length, and not kept.
        var generator = SystemRandomNumberGenerator()
        var noise: [UInt8] = []
        for _ in 0..<50_000 { noise.append(UInt8.random(in: 0...255, using: &generator) | 0x80) }
        #expect(session.send(bytes: noise) == [])
        #expect(
            session.request("hover", "null") == [
                #"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"unknown method hover"}}"#
            ])
        // A header that never ends is dropped once it passes the limit.
        #expect(
            session.send(bytes: Array("Content-Length: 3\r\n".utf8) + [UInt8](repeating: 0x41, count: 9000)) == [
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad message header: a header longer than 8192 bytes"}}"#
            ])
        // Bodies of random bytes and invalid UTF-8 in a text are answered, never fatal.
        for _ in 0..<200 {
            let body = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for reply in session.send(bytes: Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body) {
                #expect(reply.contains("\"error\""))
            }
        }
        let bad = Array(
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///ws/x.policy","version":1,"text":"policy \#u{FF}"}}}"#
                .utf8)
        _ = session.send(bytes: Array("Content-Length: \(bad.count)\r\n\r\n".utf8) + bad)
        #expect(session.request("shutdown", "null") == [#"{"jsonrpc":"2.0","id":3,"result":null}"#])
    }

    @Test func messagesSplitAnywhereReadTheSameAsWhole() {
        let messages =
            EditorSession.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
            + EditorSession.framed(
                #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(Self.countyURI)","version":1,"text":\#(EditorSession.quoted(Self.county))}}}"#
            )
            + EditorSession.framed(
                #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":\#(Self.at(Self.countyURI, 9, 6))}"#)
        let whole = EditorSession(files: Self.files).send(bytes: messages)
        #expect(whole.count == 3)
        for size in [1, 2, 3, 7, 100] {
            let session = EditorSession(files: Self.files)
            var replies: [String] = []
            var index = 0
            while index < messages.count {
                replies += session.send(bytes: messages[index..<min(index + size, messages.count)])
                index += size
            }
            #expect(replies == whole, "pieces of \(size) bytes")
        }
    }

    // MARK: Diagnostics

    @Test func diagnosticsArriveOnOpenAndChangeInTheEditorsLanguage() {
        let misspelt = Self.county.replacingOccurrences(of: "200 yuan/day", with: "200 yuan/day + 日标住")
        let english = EditorSession(files: Self.files, language: "en")
        #expect(
            english.open(Self.countyURI, misspelt) == [
                #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy","version":1,"diagnostics":[{"range":{"start":{"line":9,"character":48},"end":{"line":9,"character":51}},"severity":1,"code":"unknown-name","source":"policy","message":"nothing named 日标住 is declared\nhint: did you mean '日标准'?"}]}}"#
            ])
        // Fixed: the diagnostics are cleared.
        #expect(
            english.change(Self.countyURI, Self.county, version: 2) == [
                #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy","version":2,"diagnostics":[]}}"#
            ])
        let chinese = EditorSession(files: Self.files, locale: "zh-cn")
        #expect(
            chinese.open(Self.countyURI, misspelt) == [
                #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy","version":1,"diagnostics":[{"range":{"start":{"line":9,"character":48},"end":{"line":9,"character":51}},"severity":1,"code":"unknown-name","source":"policy","message":"未声明“日标住”\n提示：是否应为“日标准”？"}]}}"#
            ])
        #expect(chinese.server.language == .zh)
        // initializationOptions win over the locale.
        #expect(EditorSession(files: [:], language: "en", locale: "zh-tw").server.language == .en)
    }

    @Test func anOpenProvinceBufferStandsForItsFileAndItsCountyIsRecheckedWhenItChanges() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.countyURI, Self.county)
        // The province (open now) drops the input the county's test gives: the county reports it.
        let opened = session.open(Self.provinceURI, Self.province)
        #expect(opened.count == 2)
        let edited = Self.province.replacingOccurrences(of: "培训天数", with: "天数")
        let replies = session.change(Self.provinceURI, edited, version: 2)
        #expect(replies.count == 2)
        #expect(replies[0].contains("county.policy") && replies[0].contains("nothing named 培训天数 is declared"))
        #expect(replies[1].contains("province.policy") && replies[1].contains(#""diagnostics":[]"#))
        // Closing a document clears its diagnostics.
        let closed = session.notify("textDocument/didClose", Self.document(Self.countyURI))
        #expect(
            closed.first
                == #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy","diagnostics":[]}}"#
        )
    }

    @Test func aFileWithSyntaxErrorsIsReportedAndStillNavigable() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.countyURI, Self.county)
        let broken = Self.county.replacingOccurrences(of: "rule 日标准: yuan/day", with: "rule 日标准: yuan/day {{ )")
        let replies = session.change(Self.countyURI, broken, version: 2)
        #expect(replies.count == 1 && replies[0].contains(#""severity":1"#))
        // The last analysis that checked still answers for names.
        #expect(session.result("textDocument/hover", Self.at(Self.countyURI, 13, 10)).contains("**program** `培训补贴`"))
        #expect(session.result("textDocument/formatting", Self.document(Self.countyURI)) == "null")
        #expect(session.result("textDocument/codeLens", Self.document(Self.countyURI)) == "[]")
        #expect(session.result("textDocument/completion", Self.at(Self.countyURI, 9, 0)).contains(#""label":"培训天数""#))
        // Opened broken, never checked: the province it extends still answers.
        let fresh = EditorSession(files: Self.files, language: "en")
        _ = fresh.open(Self.countyURI, broken)
        #expect(
            fresh.result("textDocument/definition", Self.at(Self.countyURI, 9, 6))
                == #"{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":18,"character":5},"end":{"line":18,"character":8}}}"#
        )
        #expect(fresh.result("textDocument/hover", Self.at(Self.countyURI, 13, 10)).contains("Inherited from 省2021"))
    }

    @Test func anUnsavedDocumentIsCheckedAlone() {
        var listed: [String] = []
        let workspace = Workspace(policyFiles: { directory in
            listed.append(directory)
            return []
        })
        let server = LanguageServer(workspace: workspace)
        _ = server.receive(EditorSession.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#))
        let opened = server.receive(
            EditorSession.framed(
                #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:Untitled-1","version":1,"text":\#(EditorSession.quoted(Self.province))}}}"#
            ))
        #expect(
            String(decoding: opened, as: UTF8.self).hasSuffix(
                #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"untitled:Untitled-1","version":1,"diagnostics":[]}}"#
            ))
        #expect(listed == [])
    }

    // MARK: Hover, definition, references

    @Test func hoverSaysWhatANameIsWhereItComesFromAndWhatTheDocumentSays() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.countyURI, Self.county)
        #expect(
            session.result("textDocument/hover", Self.at(Self.countyURI, 9, 6))
                == #"{"contents":{"kind":"markdown","value":"**rule** `日标准`: yuan/day — cites 县〔2021〕1号 五(六)\n\nThe county pays more a day.\n\nOverrides the definition in 省2021"},"range":{"start":{"line":9,"character":5},"end":{"line":9,"character":8}}}"#
        )
        #expect(
            session.result("textDocument/hover", Self.at(Self.countyURI, 13, 10))
                == #"{"contents":{"kind":"markdown","value":"**program** `培训补贴`: yuan — cites 省〔2021〕6号 二(四)\n\nInherited from 省2021"},"range":{"start":{"line":13,"character":9},"end":{"line":13,"character":13}}}"#
        )
        _ = session.open(Self.provinceURI, Self.province)
        #expect(
            session.result("textDocument/hover", Self.at(Self.provinceURI, 19, 34))
                == #"{"contents":{"kind":"markdown","value":"**rule** `日标准`: yuan/day — cites 省〔2021〕6号 二(四)\n\n\"每人每天补贴150元\"\n\nDefined in this policy"},"range":{"start":{"line":19,"character":33},"end":{"line":19,"character":36}}}"#
        )
        #expect(
            session.result("textDocument/hover", Self.at(Self.provinceURI, 21, 43))
                == #"{"contents":{"kind":"markdown","value":"**enum case** `中级` of 证书等级\n\nDefined in this policy"},"range":{"start":{"line":21,"character":42},"end":{"line":21,"character":44}}}"#
        )
        // Not a name: nothing to say.
        #expect(session.result("textDocument/hover", Self.at(Self.provinceURI, 19, 50)) == "null")

        let chinese = EditorSession(files: Self.files, language: "zh")
        _ = chinese.open(Self.countyURI, Self.county)
        #expect(
            chinese.result("textDocument/hover", Self.at(Self.countyURI, 9, 6))
                == #"{"contents":{"kind":"markdown","value":"**规则** `日标准`：元/天 — 引用 县〔2021〕1号 五(六)\n\nThe county pays more a day.\n\n覆盖省2021中的定义"},"range":{"start":{"line":9,"character":5},"end":{"line":9,"character":8}}}"#
        )
    }

    @Test func definitionLeadsFromAnOverrideToTheProvinceAndFromAUseToItsDeclaration() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.countyURI, Self.county)
        let provinceRule =
            #"{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":18,"character":5},"end":{"line":18,"character":8}}}"#
        #expect(session.result("textDocument/definition", Self.at(Self.countyURI, 9, 6)) == provinceRule)
        #expect(
            session.result("textDocument/definition", Self.at(Self.countyURI, 12, 9))
                == #"{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":13,"character":6},"end":{"line":13,"character":10}}}"#
        )
        // In the province, a use of 日标准 leads to its own declaration, which is the first.
        _ = session.open(Self.provinceURI, Self.province)
        #expect(session.result("textDocument/definition", Self.at(Self.provinceURI, 19, 34)) == provinceRule)
        #expect(session.result("textDocument/definition", Self.at(Self.provinceURI, 18, 6)) == provinceRule)
    }

    @Test func aTableReadLeadsToTheRowItReads() {
        let text = """
            policy 表2021 {
              title "表"
              document "表〔2021〕1号"
              jurisdiction 山西省
              in force 2021-01-01 to 2021-12-31
            }
            enum 等级 {
              初级
              中级
            }
            table 证书补贴 by 等级 cite "一" {
              等级 | 补贴
              初级 | 400 yuan
              中级 | 600 yuan
            }
            program 中级补贴: yuan cite "一" = 证书补贴[中级].补贴

            """
        let uri = "file:///t/table.policy"
        let session = EditorSession(files: ["/t/table.policy": text], language: "en")
        _ = session.open(uri, text)
        #expect(
            session.result("textDocument/hover", Self.at(uri, 15, 36))
                == #"{"contents":{"kind":"markdown","value":"**row** of `证书补贴` (表2021): 等级 = 中级, 补贴 = 600 yuan"},"range":{"start":{"line":15,"character":35},"end":{"line":15,"character":37}}}"#
        )
        #expect(
            session.result("textDocument/definition", Self.at(uri, 15, 36))
                == #"{"uri":"file:///t/table.policy","range":{"start":{"line":13,"character":2},"end":{"line":13,"character":15}}}"#
        )
        // A tier schedule's brackets, as written.
        let bundled = Repository.path("policies/shanxi-2022.policy")
        let provinceText = (try? Repository.read("policies/shanxi-2022.policy")) ?? ""
        let tiers = LanguageServer()
        _ = tiers.receive(EditorSession.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#))
        _ = tiers.receive(
            EditorSession.framed(
                #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(DocumentURI.uri(of: bundled))","version":1,"text":\#(EditorSession.quoted(provinceText))}}}"#
            ))
        let line = provinceText.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.hasPrefix("rule 阶梯式补贴")
        }!
        let hover = String(
            decoding: tiers.receive(
                EditorSession.framed(
                    #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":\#(Self.at(DocumentURI.uri(of: bundled), line, 6))}"#
                )),
            as: UTF8.self)
        #expect(hover.contains(#"```\nup to 10 days => 150 yuan/day\nabove 10 days => 100 yuan/day\n```"#))
        // The table's own name is the table.
        #expect(
            session.result("textDocument/hover", Self.at(uri, 15, 31)).contains(
                "**table** `证书补贴`: 等级 (等级), 补贴 (yuan); 2 rows — cites 表〔2021〕1号 一"))
    }

    @Test func referencesAreFoundInTheProvinceAndInEveryPolicyOnTopOfIt() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.provinceURI, Self.province)
        // The county is below the province's directory: found once it is open.
        _ = session.open(Self.countyURI, Self.county)
        let at = Self.at(Self.provinceURI, 13, 7)
        #expect(
            session.result("textDocument/references", at.dropLast() + #","context":{"includeDeclaration":true}}"#)
                == #"[{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":13,"character":6},"end":{"line":13,"character":10}}},{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":19,"character":39},"end":{"line":19,"character":43}}},{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":24,"character":8},"end":{"line":24,"character":12}}},{"uri":"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy","range":{"start":{"line":12,"character":8},"end":{"line":12,"character":12}}}]"#
        )
        #expect(
            session.result("textDocument/references", at.dropLast() + #","context":{"includeDeclaration":false}}"#)
                == #"[{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":19,"character":39},"end":{"line":19,"character":43}}},{"uri":"file:///ws/%E7%9C%81/province.policy","range":{"start":{"line":24,"character":8},"end":{"line":24,"character":12}}},{"uri":"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy","range":{"start":{"line":12,"character":8},"end":{"line":12,"character":12}}}]"#
        )
    }

    // MARK: Completion, formatting, outline

    @Test func completionOffersAnEnumsCasesWhereOneIsExpectedAndTheFilesOwnKeywords() {
        let session = EditorSession(files: Self.files.merging(["/zh/city.policy": Self.city]) { a, _ in a }, language: "en")
        _ = session.open(Self.provinceURI, Self.province)
        #expect(
            session.result("textDocument/completion", Self.at(Self.provinceURI, 21, 42))
                == #"[{"label":"初级","kind":20,"detail":"证书等级"},{"label":"中级","kind":20,"detail":"证书等级"}]"#)
        let everything = session.result("textDocument/completion", Self.at(Self.provinceURI, 19, 50))
        #expect(
            everything.hasPrefix(#"[{"label":"日标准","kind":3,"detail":"yuan/day"},{"label":"培训补贴","kind":9,"detail":"yuan"},"#))
        #expect(everything.contains(#"{"label":"days","kind":11}"#) && everything.contains(#"{"label":"if","kind":14}"#))
        #expect(!everything.contains(#""label":"如果""#))
        _ = session.open(Self.cityURI, Self.city)
        let chinese = session.result("textDocument/completion", Self.at(Self.cityURI, 9, 0))
        #expect(chinese.contains(#"{"label":"天","kind":11}"#) && chinese.contains(#"{"label":"如果","kind":14}"#))
        #expect(chinese.contains(#"{"label":"至多","kind":14}"#) && !chinese.contains(#""label":"if""#))
    }

    @Test func formattingReplacesTheWholeDocumentWithPolicyFmtsLayout() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.countyURI, Self.county)
        #expect(
            session.result("textDocument/formatting", Self.document(Self.countyURI))
                == #"[{"range":{"start":{"line":0,"character":0},"end":{"line":15,"character":0}},"newText":"policy 县2021 {\n  title        \"县方案\"\n  document     \"县〔2021〕1号\"\n  jurisdiction 山西省/某县\n  extends      省2021\n  in force     2021-01-01 to 2021-12-31\n}\n\n// The county pays more a day.\nrule 日标准: yuan/day cite \"五(六)\" = 200 yuan/day\n\ntest \"五天\" {\n  given 培训天数 = 5 days\n  expect 培训补贴 = 1000 yuan\n}\n"}]"#
        )
        // Already formatted: no edit.
        let formatted = Formatter.format(SourceFile(path: "x", text: Self.county)).text!
        _ = session.change(Self.countyURI, formatted, version: 2)
        #expect(session.result("textDocument/formatting", Self.document(Self.countyURI)) == "[]")
    }

    @Test func theOutlineHasTheHeaderSectionsAndDeclarations() {
        let session = EditorSession(files: Self.files, language: "en")
        _ = session.open(Self.provinceURI, Self.province)
        #expect(
            session.result("textDocument/documentSymbol", Self.document(Self.provinceURI))
                == #"[{"name":"省2021","kind":4,"range":{"start":{"line":0,"character":0},"end":{"line":5,"character":1}},"selectionRange":{"start":{"line":0,"character":7},"end":{"line":0,"character":12}}},{"name":"证书等级","kind":10,"range":{"start":{"line":7,"character":0},"end":{"line":10,"character":1}},"selectionRange":{"start":{"line":7,"character":5},"end":{"line":7,"character":9}},"children":[{"name":"初级","kind":22,"range":{"start":{"line":8,"character":2},"end":{"line":8,"character":4}},"selectionRange":{"start":{"line":8,"character":2},"end":{"line":8,"character":4}}},{"name":"中级","kind":22,"range":{"start":{"line":9,"character":2},"end":{"line":9,"character":4}},"selectionRange":{"start":{"line":9,"character":2},"end":{"line":9,"character":4}}}]},{"name":"等级","kind":13,"range":{"start":{"line":12,"character":0},"end":{"line":12,"character":14}},"selectionRange":{"start":{"line":12,"character":6},"end":{"line":12,"character":8}}},{"name":"培训天数","kind":13,"range":{"start":{"line":13,"character":0},"end":{"line":13,"character":16}},"selectionRange":{"start":{"line":13,"character":6},"end":{"line":13,"character":10}}},{"name":"二(四) Training","kind":3,"range":{"start":{"line":15,"character":0},"end":{"line":26,"character":1}},"selectionRange":{"start":{"line":15,"character":0},"end":{"line":15,"character":26}},"children":[{"name":"日标准","kind":12,"range":{"start":{"line":18,"character":0},"end":{"line":18,"character":45}},"selectionRange":{"start":{"line":18,"character":5},"end":{"line":18,"character":8}}},{"name":"培训补贴","kind":6,"range":{"start":{"line":19,"character":0},"end":{"line":19,"character":61}},"selectionRange":{"start":{"line":19,"character":8},"end":{"line":19,"character":12}}},{"name":"等级补贴","kind":6,"range":{"start":{"line":21,"character":0},"end":{"line":21,"character":70}},"selectionRange":{"start":{"line":21,"character":8},"end":{"line":21,"character":12}}},{"name":"十天","kind":24,"range":{"start":{"line":23,"character":0},"end":{"line":26,"character":1}},"selectionRange":{"start":{"line":23,"character":5},"end":{"line":23,"character":9}}}]}]"#
        )
    }

    // MARK: Code actions and lenses

    @Test func quickFixesWriteWhatTheDiagnosticSays() {
        let session = EditorSession(files: Self.files.merging(["/zh/city.policy": Self.city]) { a, _ in a }, language: "zh")
        _ = session.open(Self.countyURI, Self.county.replacingOccurrences(of: "200 yuan/day", with: "200 yuan/day + 日标住"))
        let line9 =
            #"{"textDocument":{"uri":"\#(Self.countyURI)"},"range":{"start":{"line":9,"character":0},"end":{"line":9,"character":60}},"context":{"diagnostics":[]}}"#
        #expect(
            session.result("textDocument/codeAction", line9)
                == #"[{"title":"改为 日标准","kind":"quickfix","diagnostics":[{"range":{"start":{"line":9,"character":48},"end":{"line":9,"character":51}},"severity":1,"code":"unknown-name","source":"policy","message":"未声明“日标住”\n提示：是否应为“日标准”？"}],"isPreferred":true,"edit":{"changes":{"file:///ws/%E7%9C%81/%E5%8E%BF/county.policy":[{"range":{"start":{"line":9,"character":48},"end":{"line":9,"character":51}},"newText":"日标准"}]}}}]"#
        )
        // A range elsewhere: no fix.
        #expect(
            session.result("textDocument/codeAction", line9.replacingOccurrences(of: "\"line\":9", with: "\"line\":2")) == "[]")
        // `if` in a file of Chinese keywords: write 如果 (the emoji before it is two UTF-16 units).
        _ = session.open(Self.cityURI, Self.city)
        let line8 =
            #"{"textDocument":{"uri":"\#(Self.cityURI)"},"range":{"start":{"line":8,"character":23},"end":{"line":8,"character":23}},"context":{"diagnostics":[]}}"#
        let fix = session.result("textDocument/codeAction", line8)
        #expect(
            fix.hasPrefix(
                #"[{"title":"改为 如果","kind":"quickfix","diagnostics":[{"range":{"start":{"line":8,"character":22},"end":{"line":8,"character":24}},"severity":1,"code":"other-keyword-set""#
            ))
        #expect(
            fix.hasSuffix(
                #""edit":{"changes":{"file:///zh/city.policy":[{"range":{"start":{"line":8,"character":22},"end":{"line":8,"character":24}},"newText":"如果"}]}}}]"#
            ))
    }

    @Test func lensesRunTheWorkedExamplesAndCountThemPerProgram() {
        let failing = Self.county.replacingOccurrences(of: "expect 培训补贴 = 1000 yuan", with: "expect 培训补贴 = 900 yuan")
        let files = Self.files.merging(["/ws/省/县/county.policy": failing]) { _, b in b }
        let session = EditorSession(files: files, language: "en")
        _ = session.open(Self.provinceURI, Self.province)
        #expect(
            session.result("textDocument/codeLens", Self.document(Self.provinceURI))
                == #"[{"range":{"start":{"line":19,"character":0},"end":{"line":19,"character":0}},"command":{"title":"1 worked example","command":""}},{"range":{"start":{"line":21,"character":0},"end":{"line":21,"character":0}},"command":{"title":"no worked example exercises it","command":""}},{"range":{"start":{"line":23,"character":0},"end":{"line":23,"character":0}},"command":{"title":"✓ passes","command":""}}]"#
        )
        _ = session.open(Self.countyURI, failing)
        #expect(
            session.result("textDocument/codeLens", Self.document(Self.countyURI))
                == #"[{"range":{"start":{"line":11,"character":0},"end":{"line":11,"character":0}},"command":{"title":"✗ fails: expected 900 yuan, got 1000 yuan","command":""}}]"#
        )
        let chinese = EditorSession(files: files, language: "zh")
        _ = chinese.open(Self.countyURI, failing)
        #expect(
            chinese.result("textDocument/codeLens", Self.document(Self.countyURI))
                == #"[{"range":{"start":{"line":11,"character":0},"end":{"line":11,"character":0}},"command":{"title":"✗ 未通过：期望 900 元，实际 1000 元","command":""}}]"#
        )
    }

    // MARK: Positions

    @Test func positionsCountUTF16UnitsWhileTheEngineCountsBytes() {
        let source = SourceFile(path: "p", text: "ab\r\n培训🎓x\n\rlast")
        // Line 1: 培 (3 bytes, 1 unit), 训 (3, 1), 🎓 (4 bytes, 2 units), x.
        #expect(source.position(of: 4) == LSPPosition(line: 1, character: 0))
        #expect(source.position(of: 10) == LSPPosition(line: 1, character: 2))
        #expect(source.position(of: 14) == LSPPosition(line: 1, character: 4))
        #expect(source.offset(of: LSPPosition(line: 1, character: 4)) == 14)
        // Inside the emoji: its start. Past a line's end: before its break. Past the last line: the end.
        #expect(source.offset(of: LSPPosition(line: 1, character: 3)) == 10)
        #expect(source.offset(of: LSPPosition(line: 1, character: 99)) == 15)
        #expect(source.offset(of: LSPPosition(line: 0, character: 99)) == 2)
        #expect(source.offset(of: LSPPosition(line: 3, character: 2)) == 19)
        #expect(source.offset(of: LSPPosition(line: 9, character: 0)) == source.bytes.count)
        #expect(source.offset(of: LSPPosition(line: -1, character: 0)) == 0)
        for offset in [0, 1, 2, 4, 7, 10, 14, 15, 16, 17, 21] {
            #expect(source.offset(of: source.position(of: offset)) == offset)
        }
        // Invalid UTF-8 counts a byte as a unit, and does not stop the count.
        let broken = SourceFile(path: "p", bytes: [0x61, 0xFF, 0x62])
        #expect(broken.position(of: 3) == LSPPosition(line: 0, character: 3))
    }

    @Test func urisArePercentEncodedPaths() {
        #expect(DocumentURI.path(of: Self.countyURI) == "/ws/省/县/county.policy")
        #expect(DocumentURI.uri(of: "/ws/省/县/county.policy") == Self.countyURI)
        #expect(DocumentURI.path(of: "file://localhost/a%20b.policy") == "/a b.policy")
        #expect(DocumentURI.path(of: "file://server/share/a.policy") == nil)
        #expect(DocumentURI.path(of: "untitled:Untitled-1") == nil)
        #expect(DocumentURI.path(of: "file:///bad%zz%") == "/bad%zz%")
    }

    // MARK: The command and the bundled policies

    @Test func theCommandServesStandardInputUntilExit() {
        let session =
            EditorSession.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"locale":"zh-CN"}}"#)
            + EditorSession.framed(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
            + EditorSession.framed(#"{"jsonrpc":"2.0","method":"exit"}"#)
        let console = Console(input: session)
        #expect(LspCommand.run(["--stdio"], console: console) == .success)
        var reader = MessageReader()
        reader.append(Array(console.output.utf8))
        var replies: [MessageReader.Frame] = []
        while let frame = reader.next() { replies.append(frame) }
        #expect(replies.count == 2)
        #expect(replies.last == .message(Array(#"{"jsonrpc":"2.0","id":2,"result":null}"#.utf8)))
        #expect(console.errors == "")

        // The input ends without shutdown: exit code 1, as the protocol asks.
        let cut = Console(input: EditorSession.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#))
        #expect(LspCommand.run([], console: cut) == .invalidClaim)
        let unknown = Console(input: [])
        #expect(LspCommand.run(["--tcp"], console: unknown) == .usage)
        #expect(unknown.errors.contains("--tcp"))
    }

    @Test func theServerRunsOverReadsOfAnySizeToTheEnd() {
        let server = LanguageServer(workspace: Workspace(policyFiles: { _ in [] }))
        var input =
            EditorSession.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
            + EditorSession.framed(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
            + EditorSession.framed(#"{"jsonrpc":"2.0","method":"exit"}"#)
            + EditorSession.framed(#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#)
        var written: [UInt8] = []
        let code = server.run(
            read: {
                guard !input.isEmpty else { return nil }
                let piece = Array(input.prefix(5))
                input.removeFirst(piece.count)
                return piece
            },
            write: { written += $0 })
        #expect(code == 0)
        // Nothing after exit is read or answered.
        #expect(String(decoding: written, as: UTF8.self).hasSuffix(#"{"jsonrpc":"2.0","id":2,"result":null}"#))
        #expect(!input.isEmpty)
    }

    @Test func theBundledCountyChecksCleanAndLeadsToItsProvince() {
        let county = Repository.path("policies/lingchuan-2020.policy")
        let uri = DocumentURI.uri(of: county)
        // The real disk this time.
        let server = LanguageServer()
        var reader = MessageReader()
        func send(_ json: String) -> [String] {
            reader.append(server.receive(EditorSession.framed(json)))
            var out: [String] = []
            while case .message(let body)? = reader.next() { out.append(String(decoding: body, as: UTF8.self)) }
            return out
        }
        _ = send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
        let text = (try? Repository.read("policies/lingchuan-2020.policy")) ?? ""
        let opened = send(
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","version":1,"text":\#(EditorSession.quoted(text))}}}"#
        )
        // Notes only (the deep checks' remarks), as `policy check --strict` passes it.
        #expect(opened.count == 1 && opened[0].contains(#""severity":3"#))
        #expect(!opened[0].contains(#""severity":1"#) && !opened[0].contains(#""severity":2"#))
        // The county's 职业技能等级证书补贴 overrides the province's.
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("项目 职业技能等级证书补贴") }!
        let definition = send(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":\#(Self.at(uri, line, 4))}"#)
        #expect(
            definition.count == 1 && definition[0].contains(DocumentURI.uri(of: Repository.path("policies/shanxi-2021.policy"))))
        let hover = send(#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":\#(Self.at(uri, line, 4))}"#)
        #expect(hover.count == 1 && hover[0].contains("Overrides the definition in 山西省2021"))
    }
}
