// Room for evaluation to recurse. A rule is evaluated by recursing through its expressions and
// the rules it uses; the parser bounds how deeply an expression nests and the checker how deep a
// rule goes with the rules it uses (`maximumEvaluationDepth`), and work that evaluates runs on
// these threads, with a stack large enough for the deepest rule the checker lets through. A
// secondary thread's default stack (512 KB) is not.

import Foundation

package enum LargeStack {
    /// Bytes of stack: the deepest allowed rule, explained and in a debug build, takes a few MB.
    package static let size = 64 << 20

    /// Runs `body` on a thread with a large stack and waits for its result.
    package static func run<T>(_ body: () -> T) -> T {
        var result: T?
        concurrently(1) { _ in result = body() }
        return result!
    }

    /// Runs `body(0)` … `body(count - 1)` at once, each on its own thread with a large stack, and
    /// waits for all of them.
    package static func concurrently(_ count: Int, _ body: (Int) -> Void) {
        concurrently(count, body, alongside: {})
    }

    /// Runs `body(0)` … `body(count - 1)` at once, each on its own thread with a large stack,
    /// while `alongside` runs on the calling thread, and waits for all of them.
    package static func concurrently(_ count: Int, _ body: (Int) -> Void, alongside: () -> Void) {
        withoutActuallyEscaping(body) { body in
            // The threads hold the box, not the closure, which is let go before returning: the
            // closure must not outlive this call.
            let work = Work(body)
            let group = DispatchGroup()
            for index in 0..<count {
                group.enter()
                let thread = Thread {
                    work.body?(index)
                    group.leave()
                }
                thread.stackSize = size
                thread.start()
            }
            alongside()
            group.wait()
            work.body = nil
        }
    }

    private final class Work: @unchecked Sendable {
        var body: ((Int) -> Void)?
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }
}
