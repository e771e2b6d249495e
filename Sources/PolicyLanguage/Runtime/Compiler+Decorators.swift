// The wrappers an explained program adds around what it compiles: trace nodes for conditions
// and values, and coverage points for the arms and branches tests can exercise.

extension Compiler {
    // MARK: Tracing

    /// Records a condition as a node whose children are what deciding it read. The label is
    /// given in both languages and chosen when it is recorded; true and false are the keywords.
    func notingCondition(
        _ kind: TraceNode.Kind, label: (english: String, chinese: String), _ test: @escaping Test,
        describe: @escaping (Bool) -> Phrase = { $0 ? Phrase("true", "是") : Phrase("false", "否") }
    ) -> Test {
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else { return try test(frame) }
            return try Self.recording(kind, label, in: recorder, { () throws(Stop) in try test(frame) }, describe: describe)
        }
    }

    func noting(
        _ node: Node, _ evaluate: @escaping Evaluate, kind: TraceNode.Kind, label: (english: String, chinese: String)
    ) -> Evaluate {
        let program = program
        let type = node.type
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else { return try evaluate(frame) }
            return try Self.recording(kind, label, in: recorder, { () throws(Stop) in try evaluate(frame) }) {
                ValueFormatter(program: program, frame: frame).phrase($0, as: type)
            }
        }
    }

    /// Runs `body` as one node of the derivation: opened with its label, closed with its value
    /// in words, or, when the evaluation stops inside it, with why.
    private static func recording<T>(
        _ kind: TraceNode.Kind, _ label: (english: String, chinese: String), in recorder: TraceRecorder,
        _ body: () throws(Stop) -> T, describe: (T) -> Phrase
    ) throws(Stop) -> T {
        let depth = recorder.depth
        recorder.begin(kind, Phrase(label.english, label.chinese))
        do throws(Stop) {
            let result = try body()
            recorder.end(describe(result))
            return result
        } catch {
            recorder.unwind(to: depth, marking: Self.describe(error))
            throw error
        }
    }

    // MARK: Coverage

    /// `evaluate`, noting a coverage point each time it runs, when the program is explained.
    func covering(
        _ evaluate: @escaping Evaluate, _ kind: CoveragePoint.Kind, _ english: @autoclosure () -> String,
        _ chinese: @autoclosure () -> String, _ span: SourceSpan
    ) -> Evaluate {
        guard traced else { return evaluate }
        let point = points.add(kind, english(), chinese(), span)
        return { frame throws(Stop) in
            frame.recorder?.cover(point)
            return try evaluate(frame)
        }
    }
}
