// A batch decided on every core. The input is cut into parts of whole lines; each part is
// decided by a session of its own on a worker thread (its own frames, its own selection cache),
// exactly as one session would decide those lines; the results are written in input order. It
// is taken only when that changes nothing: no policy of the library has limits (so no claim
// reads what another recorded in the ledger); for CSV, the header is an ordinary line and a part
// holds no quote (a quoted field may run over lines, so only the one reader may find where its
// record ends). From the first CSV part with a quote on, or a line longer than a part may hold,
// the rest of the batch is read by one session, in order, after the parts before it are written.
// JSON lines are one line a claim: any part of whole lines is a batch of its own.

import Foundation

extension BatchRunner {
    /// How many threads decide a batch: one per core, when deciding in parallel cannot change a
    /// result or the ledger.
    var workerCount: Int {
        guard library.entries.allSatisfy({ $0.program.limits.isEmpty }) else { return 1 }
        return workers ?? min(ProcessInfo.processInfo.activeProcessorCount, 8)
    }

    /// Runs a batch with `workers` threads deciding parts of it; the same results, in the same
    /// order, as `BatchSession.run`.
    func runInParallel(
        _ source: inout some ByteSource, inputFormat: BatchFormat, workers: Int,
        emit: @escaping (UnsafeRawBufferPointer) -> Bool
    ) -> BatchSummary {
        var reader = PartReader(limit: limits.maximumRecordBytes, partSize: partBytes)
        let layout: PartLayout
        var line = 1
        switch inputFormat {
        case .jsonl:
            layout = .jsonLines
        case .csv:
            // The header, read as the one reader reads it; anything unusual about it (a quote, a
            // line ended by a lone CR, a problem with its names) and the whole batch is read by
            // one session.
            let headerLine = reader.firstLine(&source)
            guard let headerLine, let header = Self.plainHeader(headerLine, limits: limits) else {
                var whole = PrefixedSource(prefix: (headerLine ?? []) + reader.takeBuffered(), rest: source)
                defer { source = whole.rest }
                var session = self.session(progress: progress, write: emit)
                return session.run(&whole, inputFormat: .csv)
            }
            layout = .csv(header)
            line = 2
        }
        // Where the one reader takes over, if it must: the bytes read and the line they start on.
        var handOver: (bytes: [UInt8], line: Int)?
        var writeFailed = false
        let parts = PartQueue(capacity: workers * 2)
        LargeStack.concurrently(workers) { _ in
            self.decideParts(parts, layout: layout)
        } alongside: {
            var written = OutputWriter(emit: emit)
            written.write(BatchSession.resultsHeader(outputFormat))
            var claimsDone = 0
            reading: while !written.failed {
                let part: Part
                switch reader.nextPart(&source) {
                case .end: break reading
                case .longLine:
                    handOver = (reader.takeBuffered(), line)
                    break reading
                case .part(let bytes):
                    if case .csv = layout, PartReader.contains(UInt8(ascii: "\""), in: bytes) {
                        handOver = (bytes + reader.takeBuffered(), line)
                        break reading
                    }
                    part = Part(bytes: bytes, firstLine: line, atStart: reader.bytesHandedOut == bytes.count)
                    line += PartReader.lineCount(bytes)
                }
                // The oldest parts are written while the queue is full.
                while !parts.submit(part), let done = parts.takeOldestDone() {
                    written.write(done.output)
                    claimsDone = report(claimsDone, done, bytesRead: reader.bytesRead)
                }
            }
            parts.close()
            while !written.failed, let done = parts.takeOldestDone() {
                written.write(done.output)
                claimsDone = report(claimsDone, done, bytesRead: reader.bytesRead)
            }
            if written.failed { parts.stop() }
            writeFailed = written.failed
        }
        var summary = BatchSummary()
        for part in parts.summaries { summary.add(part) }
        summary.outputFailed = writeFailed
        // From the first part with a quote on, the lines are read by one session, in order.
        if let (bytes, line) = handOver, !writeFailed {
            var rest = PrefixedSource(prefix: bytes, rest: source)
            defer { source = rest.rest }
            var session = self.session(progress: nil, write: emit)
            session.runPart(&rest, layout: layout, firstLine: line, atStart: reader.bytesHandedOut == 0)
            summary.add(session.finish())
        }
        summary.addTotals(of: library)
        return summary
    }

    /// Calls `progress` when a part takes the count of claims done past a multiple of the
    /// sequential session's interval.
    private func report(_ before: Int, _ part: Part, bytesRead: Int) -> Int {
        let after = before + part.claims
        let interval = BatchSession.progressInterval
        if let progress, after / interval != before / interval { progress(after, bytesRead) }
        return after
    }

    /// A worker: takes parts until there are none, decides each in its session, and leaves
    /// what the session decided in the queue.
    private func decideParts(_ parts: PartQueue, layout: PartLayout) {
        let sink = PartSink()
        var session = self.session(
            progress: nil,
            write: { bytes in
                sink.output.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
                return true
            })
        while let part = parts.next() {
            sink.output = []
            sink.output.reserveCapacity(part.bytes.count * 2)
            let before = session.claimsRead
            part.bytes.withUnsafeBufferPointer { bytes in
                session.runPart(borrowing: bytes, layout: layout, firstLine: part.firstLine, atStart: part.atStart)
            }
            part.output = sink.output
            part.claims = session.claimsRead - before
            parts.finished(part)
        }
        parts.add(session.finish())
    }

    /// The header's names, when its line is one an ordinary CSV reader reads the same way: no
    /// quote, no CR but the one before its LF, names without problems.
    private static func plainHeader(_ line: [UInt8], limits: InputLimits) -> CSVHeader? {
        guard !PartReader.contains(UInt8(ascii: "\""), in: line), !line.dropLast(2).contains(0x0D) else { return nil }
        var reader = CSVRecordReader(limits: limits)
        var source = BytesSource(line)
        guard let record = reader.next(&source), case .ok = record.status else { return nil }
        let header = CSVHeader(names: record.fields.map { $0.text })
        return header.problems.isEmpty ? header : nil
    }
}

/// Where a worker's session writes the results of the part it is deciding.
private final class PartSink {
    var output: [UInt8] = []
}

/// What the parts of a batch hold: CSV records under a header read once, or JSON lines.
enum PartLayout {
    case csv(CSVHeader)
    case jsonLines
}

/// Part of a batch: whole lines of the input, and once decided, their results.
final class Part: @unchecked Sendable {
    let bytes: [UInt8]
    let firstLine: Int
    /// Whether the part starts the input, where a byte-order mark is dropped.
    let atStart: Bool
    var output: [UInt8] = []
    var claims = 0
    var isDone = false

    init(bytes: [UInt8], firstLine: Int, atStart: Bool) {
        self.bytes = bytes
        self.firstLine = firstLine
        self.atStart = atStart
    }
}

/// The parts between the reader and the workers, and back: at most `capacity` at a time, so
/// memory does not grow with the batch.
final class PartQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    /// Submitted parts not yet written, oldest first; `waiting` of them not yet taken.
    private var inFlight: [Part] = []
    private var nextToTake = 0
    private var closed = false
    private var stopped = false
    private(set) var summaries: [BatchSummary] = []

    init(capacity: Int) { self.capacity = capacity }

    /// Queues a part for the workers; false when the queue is full.
    func submit(_ part: Part) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard inFlight.count < capacity else { return false }
        inFlight.append(part)
        condition.broadcast()
        return true
    }

    /// The next part to decide, waiting for one; nil once the reader is done and none is left.
    func next() -> Part? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped { return nil }
            if nextToTake < inFlight.count {
                nextToTake += 1
                return inFlight[nextToTake - 1]
            }
            if closed { return nil }
            condition.wait()
        }
    }

    func finished(_ part: Part) {
        condition.lock()
        part.isDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// The oldest part, once decided, taken out of the queue; nil when none is in flight.
    func takeOldestDone() -> Part? {
        condition.lock()
        defer { condition.unlock() }
        guard let oldest = inFlight.first else { return nil }
        while !oldest.isDone { condition.wait() }
        inFlight.removeFirst()
        nextToTake -= 1
        condition.broadcast()
        return oldest
    }

    /// No more parts will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The results can no longer be written: workers take nothing more.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    func add(_ summary: BatchSummary) {
        condition.lock()
        summaries.append(summary)
        condition.unlock()
    }
}

/// Cuts the input into parts of whole lines, about `partSize` bytes each. The source's bytes are
/// read straight into the array that becomes a part; only what follows its last line end is
/// copied, to start the next.
struct PartReader {
    private var buffered: [UInt8] = []
    private var atEnd = false
    private(set) var bytesRead = 0
    /// Bytes handed out as lines or parts so far.
    private(set) var bytesHandedOut = 0
    /// A line at most this long must fit in a part.
    private let limit: Int
    private let partSize: Int

    init(limit: Int, partSize: Int) {
        self.limit = limit
        self.partSize = partSize
    }

    /// The first line, with its line end; nil when the input has none within the record limit.
    mutating func firstLine(_ source: inout some ByteSource) -> [UInt8]? {
        while true {
            if let feed = buffered.firstIndex(of: 0x0A) {
                let line = Array(buffered[...feed])
                buffered.removeFirst(feed + 1)
                bytesHandedOut += line.count
                return line
            }
            guard !atEnd, buffered.count <= limit else { return nil }
            read(&source)
        }
    }

    /// The bytes read and not yet handed out, handed out.
    mutating func takeBuffered() -> [UInt8] {
        defer { buffered = [] }
        return buffered
    }

    enum Next {
        case part([UInt8])
        /// A line longer than a part may hold: the rest is for the one reader, which reads past
        /// a line over the limit without keeping it.
        case longLine
        case end
    }

    /// The next part: whole lines of about `partSize` bytes (the last may lack its line end).
    mutating func nextPart(_ source: inout some ByteSource) -> Next {
        if buffered.count < partSize, !atEnd { read(&source) }
        while true {
            if let feed = buffered.lastIndex(of: 0x0A) {
                let rest = Array(buffered[(feed + 1)...])
                buffered.removeLast(rest.count)
                let part = buffered
                buffered = rest
                bytesHandedOut += part.count
                return .part(part)
            }
            if atEnd {
                bytesHandedOut += buffered.count
                return buffered.isEmpty ? .end : .part(takeBuffered())
            }
            if buffered.count > limit + partSize { return .longLine }
            read(&source)
        }
    }

    /// Reads up to `partSize` more bytes after those buffered, into a new array of their own.
    private mutating func read(_ source: inout some ByteSource) {
        let kept = buffered
        let capacity = kept.count + partSize
        var ended = false
        buffered = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            kept.withUnsafeBufferPointer {
                if let from = $0.baseAddress { buffer.baseAddress!.update(from: from, count: kept.count) }
            }
            var filled = kept.count
            while filled < capacity {
                let count = source.read(
                    into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
                if count == 0 {
                    ended = true
                    break
                }
                filled += count
            }
            initialized = filled
        }
        bytesRead += buffered.count - kept.count
        atEnd = ended
    }

    /// Whether `bytes` holds `byte`.
    static func contains(_ byte: UInt8, in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in buffer.baseAddress.map { memchr($0, Int32(byte), buffer.count) != nil } ?? false }
    }

    /// How many lines `bytes` holds, as `InputBuffer` counts them: each LF, CRLF or lone CR.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let end = base + buffer.count
            var lines = 0
            var next = base
            while next < end, let feed = memchr(next, 0x0A, end - next) {
                lines += 1
                next = UnsafeRawPointer(feed) + 1
            }
            // A CR ends a line unless an LF follows it.
            if memchr(base, 0x0D, buffer.count) != nil {
                let bytes = buffer.assumingMemoryBound(to: UInt8.self)
                for position in bytes.indices where bytes[position] == 0x0D {
                    if position + 1 == bytes.count || bytes[position + 1] != 0x0A { lines += 1 }
                }
            }
            return lines
        }
    }
}

/// Bytes already read, then the rest of a source.
struct PrefixedSource<Rest: ByteSource>: ByteSource {
    let prefix: [UInt8]
    var offset = 0
    var rest: Rest

    init(prefix: [UInt8], rest: Rest) {
        self.prefix = prefix
        self.rest = rest
    }

    var readFailure: Int32? { rest.readFailure }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset < prefix.count else { return rest.read(into: buffer) }
        let count = min(buffer.count, prefix.count - offset)
        prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        offset += count
        return count
    }
}

/// The results as they are handed to the writer, which may refuse them.
private struct OutputWriter {
    let emit: (UnsafeRawBufferPointer) -> Bool
    private(set) var failed = false

    init(emit: @escaping (UnsafeRawBufferPointer) -> Bool) { self.emit = emit }

    mutating func write(_ bytes: [UInt8]) {
        guard !failed, !bytes.isEmpty else { return }
        failed = !bytes.withUnsafeBytes { emit($0) }
    }

    mutating func write(_ text: StaticString) {
        guard !failed, text.utf8CodeUnitCount > 0 else { return }
        failed = !emit(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
