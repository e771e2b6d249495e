// Draws a schedule as an inline SVG chart: the amount against the quantity, the bands' edges
// marked, the cap a dashed line the curve stops at. Money never passes through floating point:
// every coordinate is an `ExactDecimal`, scaled and rounded to a hundredth of a pixel, and written
// as decimal text, so the cap line and the curve's plateau have the very same coordinate.

import PolicyLanguage

struct ScheduleChart {
    let schedule: Schedule

    // The canvas, in pixels: the plot area and the margins for the tick labels around it.
    static let width = 680
    static let height = 330
    static let plotLeft = 76
    static let plotTop = 34
    static let plotWidth = 560
    static let plotHeight = 236
    /// How finely a point where the curve meets the cap is placed, when it is not a decimal:
    /// to four significant digits.
    static let crossingDigits: Int32 = 4

    /// The axes' extent and steps, and the curve's pieces in quantity and amount.
    struct Layout {
        let quantityTop: ExactDecimal
        let quantityStep: ExactDecimal
        let amountTop: ExactDecimal
        let amountStep: ExactDecimal
        /// Continuous runs of the curve, already stopped at the cap.
        let pieces: [[Point]]
        /// The band edges inside the chart.
        let edges: [ExactDecimal]
        /// Where the curve first reaches the cap, and whether that quantity is exact.
        let reach: (quantity: ExactDecimal, exact: Bool)?
    }

    struct Point {
        let quantity: ExactDecimal
        let amount: ExactDecimal
    }

    /// The chart's layout, or nil when its arithmetic does not fit (a schedule in the billions
    /// of billions).
    func layout() -> Layout? {
        try? makeLayout()
    }

    private func makeLayout() throws(ArithmeticError) -> Layout {
        let edges = schedule.edges
        let highestEdge = edges.last ?? .zero
        // Beyond the highest edge the amount is a straight line; the chart shows where it meets the cap.
        var reach: (quantity: ExactDecimal, exact: Bool)?
        if let cap = schedule.cap {
            reach = try reachOfCap(cap.amount, beyond: highestEdge, edges: edges)
        }
        var needed = ExactDecimal.maximum(highestEdge, reach?.quantity ?? .zero)
        if needed.isZero { needed = ExactDecimal(10) }
        // A quarter more than needed, so the last band or the plateau shows.
        let shown = try ExactDecimal.dividing(try .multiplying(needed, ExactDecimal(5)), by: ExactDecimal(4))
        let quantityStep = Self.step(toShow: shown)
        let quantityTop = try Self.ceiling(shown, to: quantityStep)

        let pieces = try clipped(try rawPieces(upTo: quantityTop, edges: edges))
        var highest = schedule.cap?.amount ?? .zero
        for piece in pieces { for point in piece { highest = ExactDecimal.maximum(highest, point.amount) } }
        if highest <= .zero { highest = ExactDecimal(10) }
        let amountNeeded = try ExactDecimal.dividing(try .multiplying(highest, ExactDecimal(11)), by: ExactDecimal(10))
        let amountStep = Self.step(toShow: amountNeeded)
        let amountTop = try Self.ceiling(amountNeeded, to: amountStep)
        return Layout(
            quantityTop: quantityTop, quantityStep: quantityStep, amountTop: amountTop, amountStep: amountStep,
            pieces: pieces, edges: edges.filter { $0 < quantityTop }, reach: reach)
    }

    /// Where the amount first reaches the cap: at a band edge, inside a band, or on the line
    /// beyond the highest edge. Rounded to the crossing's precision when it is not exact.
    private func reachOfCap(
        _ cap: ExactDecimal, beyond highestEdge: ExactDecimal, edges: [ExactDecimal]
    ) throws(ArithmeticError) -> (quantity: ExactDecimal, exact: Bool)? {
        let beyond = try ExactDecimal.adding(highestEdge, ExactDecimal(1))
        let pieces = try rawPieces(upTo: beyond, edges: edges)
        for piece in pieces {
            if let first = piece.first, first.amount >= cap { return (first.quantity, true) }
            for (a, b) in zip(piece, piece.dropFirst()) where a.amount < cap && b.amount >= cap {
                return try crossing(a, b, at: cap, quantum: quantum(for: beyond))
            }
        }
        // Beyond the highest edge: a straight line from the last point at the final rate.
        guard let last = pieces.last?.last, cap > last.amount, schedule.finalRate > ExactDecimal.zero else { return nil }
        switch schedule.shape {
        case .marginal, .rate:
            // amount(q) = amount(last) + rate × (q − last)
            return try quotient(try .subtracting(cap, last.amount), schedule.finalRate, plus: last.quantity)
        case .banded:
            // amount(q) = rate × q
            return try quotient(cap, schedule.finalRate, plus: .zero)
        }
    }

    /// `a / b + offset`, exact when it terminates, else rounded finely enough to draw.
    private func quotient(
        _ a: ExactDecimal, _ b: ExactDecimal, plus offset: ExactDecimal
    ) throws(ArithmeticError) -> (quantity: ExactDecimal, exact: Bool) {
        if let exact = try? ExactDecimal.dividing(a, by: b) { return (try .adding(offset, exact), true) }
        let rough = try ExactDecimal.dividing(a, by: b, roundedTo: ExactDecimal(significand: 1, exponent: -2))
        let magnitude = try ExactDecimal.adding(offset, rough)
        return (try .adding(offset, try ExactDecimal.dividing(a, by: b, roundedTo: quantum(for: magnitude))), false)
    }

    /// The curve before the cap, as runs of points from zero to `top`: a marginal schedule is one
    /// run through every edge; a banded one is a run per band, jumping at the edges between them.
    private func rawPieces(upTo top: ExactDecimal, edges: [ExactDecimal]) throws(ArithmeticError) -> [[Point]] {
        switch schedule.shape {
        case .marginal, .rate:
            var points: [Point] = []
            for quantity in [ExactDecimal.zero] + edges.filter({ $0 < top }) + [top] {
                points.append(Point(quantity: quantity, amount: try schedule.amount(at: quantity) ?? .zero))
            }
            return [points]
        case .banded:
            var pieces: [[Point]] = []
            for band in schedule.bands {
                let low = ExactDecimal.maximum(band.lower?.value ?? .zero, .zero)
                let high = ExactDecimal.minimum(band.upper?.value ?? top, top)
                guard low < high else { continue }
                pieces.append([
                    Point(quantity: low, amount: try .multiplying(band.rate, low)),
                    Point(quantity: high, amount: try .multiplying(band.rate, high)),
                ])
            }
            return pieces
        }
    }

    /// The runs stopped at the cap: a point above it comes down onto it, and where a segment
    /// crosses it the crossing becomes a point, so the curve runs along the cap exactly.
    private func clipped(_ pieces: [[Point]]) throws(ArithmeticError) -> [[Point]] {
        guard let cap = schedule.cap?.amount else { return pieces }
        var result: [[Point]] = []
        for piece in pieces {
            var points: [Point] = []
            for (index, point) in piece.enumerated() {
                if index > 0 {
                    let previous = piece[index - 1]
                    if (previous.amount < cap && point.amount > cap) || (previous.amount > cap && point.amount < cap) {
                        let crossing = try crossing(previous, point, at: cap, quantum: quantum(for: point.quantity))
                        points.append(Point(quantity: crossing.quantity, amount: cap))
                    }
                }
                points.append(Point(quantity: point.quantity, amount: ExactDecimal.minimum(point.amount, cap)))
            }
            result.append(points)
        }
        return result
    }

    /// Where the segment from `a` to `b` meets `amount`.
    private func crossing(
        _ a: Point, _ b: Point, at amount: ExactDecimal, quantum: ExactDecimal
    ) throws(ArithmeticError) -> (quantity: ExactDecimal, exact: Bool) {
        // q = a.q + (amount − a.amount) × (b.q − a.q) / (b.amount − a.amount)
        let rise = try ExactDecimal.subtracting(b.amount, a.amount)
        let part = try ExactDecimal.multiplying(
            try .subtracting(amount, a.amount), try .subtracting(b.quantity, a.quantity))
        if let exact = try? ExactDecimal.dividing(part, by: rise) { return (try .adding(a.quantity, exact), true) }
        return (try .adding(a.quantity, try .dividing(part, by: rise, roundedTo: quantum)), false)
    }

    /// The unit of the fourth significant digit of `value`: how finely a crossing is placed.
    private func quantum(for value: ExactDecimal) -> ExactDecimal {
        let digits = Int32(value.normalized.significand.magnitude.description.count) + value.normalized.exponent
        return ExactDecimal(significand: 1, exponent: digits - Self.crossingDigits)
    }

    // MARK: Axes

    /// The step of 1, 2 or 5 times a power of ten that reaches `maximum` in at most eight steps.
    static func step(toShow maximum: ExactDecimal) -> ExactDecimal {
        for exponent in Int32(-6)...Int32(17) {
            for digit: Int64 in [1, 2, 5] {
                let step = ExactDecimal(significand: digit, exponent: exponent)
                if let reach = try? ExactDecimal.multiplying(step, ExactDecimal(8)), reach >= maximum { return step }
            }
        }
        return ExactDecimal(significand: 1, exponent: 18)
    }

    /// The smallest multiple of `step` at or above `value`.
    static func ceiling(_ value: ExactDecimal, to step: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        let count = try ExactDecimal.dividing(value, by: step, roundedTo: .one)
        let multiple = try ExactDecimal.multiplying(count, step)
        return multiple < value ? try .adding(multiple, step) : multiple
    }

    /// The horizontal pixel of a quantity, to a hundredth.
    static func x(_ quantity: ExactDecimal, in layout: Layout) throws(ArithmeticError) -> ExactDecimal {
        let offset = try ExactDecimal.dividing(
            try .multiplying(quantity, ExactDecimal(plotWidth)), by: layout.quantityTop, roundedTo: hundredth)
        return try .adding(ExactDecimal(plotLeft), offset)
    }

    /// The vertical pixel of an amount, to a hundredth; SVG's y grows downwards.
    static func y(_ amount: ExactDecimal, in layout: Layout) throws(ArithmeticError) -> ExactDecimal {
        let offset = try ExactDecimal.dividing(
            try .multiplying(amount, ExactDecimal(plotHeight)), by: layout.amountTop, roundedTo: hundredth)
        return try .subtracting(ExactDecimal(plotTop + plotHeight), offset)
    }

    static let hundredth = ExactDecimal(significand: 1, exponent: -2)
}

// MARK: - Drawing

extension ScheduleChart {
    /// Writes the chart as a `<figure>` with an inline `<svg>`, its labels and caption in
    /// `language` (the formatter speaks it too) and titled with the schedule as written, or as
    /// `title` gives it; nothing when it cannot be laid out.
    func draw(into writer: inout HTMLWriter, formatter: ValueFormatter, language: Language, title: String? = nil) {
        guard let layout = layout(),
            let drawing = try? svg(layout, formatter: formatter, language: language, title: title ?? schedule.text)
        else { return }
        writer.element("figure", ["class": "chart"]) { writer in
            writer.append(drawing)
            writer.element("figcaption") { writer in
                writer.text(caption(layout, formatter: formatter).text(in: language))
            }
        }
    }

    private func caption(_ layout: Layout, formatter: ValueFormatter) -> Phrase {
        let shape =
            switch schedule.shape {
            case .rate: Phrase("a rate times the quantity", "标准乘以数量")
            case .marginal:
                Phrase(
                    "marginal: the rate of each band applies to the part of the quantity inside it", "累进：各档标准只适用于数量落在该档内的部分")
            case .banded:
                Phrase(
                    "banded: the band holding the whole quantity sets the rate for all of it; at an edge, the filled dot is the band the edge belongs to",
                    "分档：数量整体所在的档决定全部数量的标准；在档的边界上，实心点表示边界所属的档")
            }
        let quantity = schedule.quantity
        var text =
            Phrase(
                "\(Self.unitName(schedule.amountType, in: .en)) against \(quantity); ",
                "\(Self.unitName(schedule.amountType, in: .zh))随\(quantity)变化；") + shape
        if let cap = schedule.cap {
            text = text + Phrase("; dashed: \(cap.label(formatter, in: .en))", "；虚线：\(cap.label(formatter, in: .zh))")
            if let reach = layout.reach {
                let at = formatter.phrase { $0.format(reach.quantity, as: schedule.quantityType) }
                text =
                    text
                    + Phrase(
                        ", reached at \(reach.exact ? "" : "about ")\(at.english)",
                        "，在 \(reach.exact ? "" : "约 ")\(at.chinese)处达到")
            }
        }
        if let limit = schedule.quantityLimit {
            let upTo = formatter.phrase { $0.format(limit, as: schedule.quantityType) }
            text = text + Phrase("; \(quantity) counts up to \(upTo.english)", "；\(quantity)至多计 \(upTo.chinese)")
        } else if !layout.edges.isEmpty {
            let edges = layout.edges.map { edge in formatter.phrase { $0.format(edge, as: schedule.quantityType) } }
            text = text + Phrase("; band edges at ", "；分档边界：") + edges.joined(", ", "、")
        }
        return text + Phrase(".", "。")
    }

    /// The `<svg>` element, written by its own writer so a failed computation leaves no half a chart.
    private func svg(
        _ layout: Layout, formatter: ValueFormatter, language: Language, title: String
    ) throws(ArithmeticError) -> HTMLWriter {
        var svg = HTMLWriter()
        let left = ExactDecimal(Self.plotLeft)
        let right = ExactDecimal(Self.plotLeft + Self.plotWidth)
        let top = ExactDecimal(Self.plotTop)
        let bottom = ExactDecimal(Self.plotTop + Self.plotHeight)
        let amountUnit = Self.unitName(schedule.amountType, in: language)
        let quantityUnit = Self.unitName(schedule.quantityType, in: language)
        svg.start(
            "svg",
            [
                "class": "schedule", "data-shape": schedule.shape.rawValue,
                "viewBox": "0 0 \(Self.width) \(Self.height)", "width": "\(Self.width)", "height": "\(Self.height)",
                "role": "img", "aria-label": title,
            ])
        svg.element("title", text: title)

        // Grid and ticks: amounts up the left, quantities along the bottom.
        var amount = ExactDecimal.zero
        while amount <= layout.amountTop {
            let y = try Self.y(amount, in: layout)
            svg.empty("line", ["class": "grid", "x1": "\(left)", "y1": "\(y)", "x2": "\(right)", "y2": "\(y)"])
            svg.element(
                "text",
                [
                    "class": "tick", "x": "\(try ExactDecimal.subtracting(left, ExactDecimal(6)))", "y": "\(y)", "dy": "4",
                    "text-anchor": "end",
                ],
                text: Self.plain(amount, as: schedule.amountType))
            amount = try .adding(amount, layout.amountStep)
        }
        var quantity = ExactDecimal.zero
        while quantity <= layout.quantityTop {
            let x = try Self.x(quantity, in: layout)
            svg.empty(
                "line",
                [
                    "class": "tick-mark", "x1": "\(x)", "y1": "\(bottom)", "x2": "\(x)",
                    "y2": "\(try ExactDecimal.adding(bottom, ExactDecimal(5)))",
                ])
            svg.element(
                "text",
                [
                    "class": "tick", "x": "\(x)", "y": "\(try ExactDecimal.adding(bottom, ExactDecimal(18)))",
                    "text-anchor": "middle",
                ],
                text: Self.plain(quantity, as: schedule.quantityType))
            quantity = try .adding(quantity, layout.quantityStep)
        }

        // Band edges: a dotted line and the edge's value at the top of the plot.
        for edge in layout.edges {
            let x = try Self.x(edge, in: layout)
            svg.empty("line", ["class": "edge", "x1": "\(x)", "y1": "\(top)", "x2": "\(x)", "y2": "\(bottom)"])
            svg.element(
                "text",
                [
                    "class": "edge-label", "x": "\(x)", "y": "\(try ExactDecimal.subtracting(top, ExactDecimal(6)))",
                    "text-anchor": "middle",
                ],
                text: formatter.format(edge, as: schedule.quantityType))
        }

        // Axes, and what they measure.
        svg.empty("line", ["class": "axis", "x1": "\(left)", "y1": "\(bottom)", "x2": "\(right)", "y2": "\(bottom)"])
        svg.empty("line", ["class": "axis", "x1": "\(left)", "y1": "\(top)", "x2": "\(left)", "y2": "\(bottom)"])
        svg.element(
            "text",
            [
                "class": "axis-label", "x": "\(try ExactDecimal.subtracting(left, ExactDecimal(6)))",
                "y": "\(try ExactDecimal.subtracting(top, ExactDecimal(12)))", "text-anchor": "end",
            ],
            text: amountUnit)
        svg.element(
            "text",
            [
                "class": "axis-label", "x": "\(Self.plotLeft + Self.plotWidth / 2)", "y": "\(Self.height - 6)",
                "text-anchor": "middle",
            ],
            text: quantityUnit.isEmpty ? schedule.quantity : "\(schedule.quantity) (\(quantityUnit))")

        // The curve, a polyline per continuous run.
        for piece in layout.pieces {
            var points: [String] = []
            for point in piece {
                points.append("\(try Self.x(point.quantity, in: layout)),\(try Self.y(point.amount, in: layout))")
            }
            svg.empty("polyline", ["class": "curve", "points": points.joined(separator: " ")])
        }

        // The cap, over the curve so that its dashes show where the curve runs along it.
        if let cap = schedule.cap {
            let y = try Self.y(cap.amount, in: layout)
            svg.empty("line", ["class": "cap", "x1": "\(left)", "y1": "\(y)", "x2": "\(right)", "y2": "\(y)"])
            // Its label at the left, above the line: the curve starts low there, and rises to
            // the cap only further right.
            svg.element(
                "text",
                [
                    "class": "cap-label", "x": "\(try ExactDecimal.adding(left, ExactDecimal(6)))",
                    "y": "\(try ExactDecimal.subtracting(y, ExactDecimal(7)))", "text-anchor": "start",
                ],
                text: cap.label(formatter, in: language))
            // Where the curve reaches the cap, when that is inside the chart.
            if let reach = layout.reach, reach.quantity <= layout.quantityTop {
                let x = try Self.x(reach.quantity, in: layout)
                svg.empty("circle", ["class": "dot reach", "cx": "\(x)", "cy": "\(y)", "r": "3.5"])
                svg.element(
                    "text",
                    [
                        "class": "reach-label", "x": "\(try ExactDecimal.adding(x, ExactDecimal(6)))",
                        "y": "\(try ExactDecimal.adding(y, ExactDecimal(16)))", "text-anchor": "start",
                    ],
                    text: (reach.exact ? "" : "≈ ") + formatter.format(reach.quantity, as: schedule.quantityType))
            }
        }

        try markEdges(layout, into: &svg, formatter: formatter)
        svg.end("svg")
        return svg
    }

    /// The amount at each band edge: a dot on the curve with its value. A banded schedule has
    /// two there, filled on the band the edge belongs to and hollow on the band it does not.
    private func markEdges(_ layout: Layout, into svg: inout HTMLWriter, formatter: ValueFormatter) throws(ArithmeticError) {
        let cap = schedule.cap?.amount
        func dot(_ quantity: ExactDecimal, _ amount: ExactDecimal, filled: Bool) throws(ArithmeticError) {
            // On the cap the curve's value is the cap's, which its label says already.
            if let cap, amount >= cap, schedule.shape != .banded { return }
            let shown = cap.map { ExactDecimal.minimum($0, amount) } ?? amount
            let x = try Self.x(quantity, in: layout)
            let y = try Self.y(shown, in: layout)
            svg.empty("circle", ["class": filled ? "dot" : "dot open", "cx": "\(x)", "cy": "\(y)", "r": "3.5"])
            svg.element(
                "text",
                [
                    "class": "value", "x": "\(try ExactDecimal.subtracting(x, ExactDecimal(7)))",
                    "y": "\(try ExactDecimal.subtracting(y, ExactDecimal(7)))", "text-anchor": "end",
                ],
                text: Self.plain(shown, as: schedule.amountType))
        }
        for edge in layout.edges {
            switch schedule.shape {
            case .marginal, .rate:
                try dot(edge, try schedule.amount(at: edge) ?? .zero, filled: true)
            case .banded:
                for band in schedule.bands {
                    if let lower = band.lower, lower.value == edge {
                        try dot(edge, try .multiplying(band.rate, edge), filled: lower.inclusive)
                    }
                    if let upper = band.upper, upper.value == edge {
                        try dot(edge, try .multiplying(band.rate, edge), filled: upper.inclusive)
                    }
                }
            }
        }
    }

    /// A tick's number: plain, or in percent for a percentage.
    static func plain(_ value: ExactDecimal, as type: ValueType) -> String {
        if case .quantity(let unit) = type, unit.isPercent {
            return "\((try? ExactDecimal.multiplying(value, ExactDecimal(100))) ?? value)%"
        }
        return value.description
    }

    /// `yuan`, `days` (`元`, `天`); empty for a plain number or a percentage.
    static func unitName(_ type: ValueType, in language: Language) -> String {
        guard case .quantity(let unit) = type, !unit.isDimensionless, !unit.isPercent else { return "" }
        return ValueFormatter.unitName(unit.description, in: language)
    }
}
