// `policy timeline`: for one place, the stretches of days over which the same policies are in
// force, and for each stretch how every program is decided there: the policy a claim is routed
// to, the policy whose definition prices it, and whether that definition applies (a county's
// fallback to its province holds only while the province's policy is in force). Days between
// the first policy's start and the last one's end on which nothing is in force are gaps. The
// routing is the engine's own (`PolicyLibrary.route`), asked once per stretch.

import PolicyLanguage

package struct Timeline: Sendable {
    /// Programs decided the same way on a stretch.
    package struct Group: Equatable, Sendable {
        /// The policy a claim is routed to first, then the policies it extends up to the one whose
        /// definition prices the programs: `[陵川县2020, 山西省2021]`, or just `[陵川县2020]`.
        package let layers: [String]
        /// The policy the definition comes from, when it is not in force on the stretch: the
        /// programs are not priced here, and a claim is refused.
        package let notInForce: String?
        /// Policies not in force whose rules the definition reads (a fallback to the province):
        /// a claim that needs them is refused.
        package let readsNotInForce: [String]
        package internal(set) var programs: [String]

        package var routedThrough: String { layers[0] }
        package var pricedBy: String { layers[layers.count - 1] }
    }

    package struct Stretch: Equatable, Sendable {
        /// The days; open-ended when the last policy in force has no end.
        package let period: Period
        /// The policies in force for the place, the one that decides first.
        package let inForce: [String]
        package let groups: [Group]
        /// With a program asked for: it, when no policy in force on the stretch has it.
        package let absent: [String]

        /// No policy is in force for the place on these days.
        package var isGap: Bool { inForce.isEmpty }
    }

    /// The place, resolved as a claim's is.
    package let jurisdiction: [String]
    package let stretches: [Stretch]
    /// Every program some policy for the place has, at any time, sorted.
    package let programs: [String]

    /// The timeline of a place written as a claim writes it (`陵川县` or `山西省/晋城市/陵川县`);
    /// nil when no policy covers it. With `program`, only that program is shown.
    package init?(library: PolicyLibrary, place: String, program: String? = nil) {
        let path = library.resolve(written: place)
        let relevant = library.entries.filter { path.starts(with: $0.info.jurisdiction) }
        guard !relevant.isEmpty else { return nil }
        self.jurisdiction = path
        self.programs = Set(relevant.flatMap { $0.program.programs.keys }).sorted()

        // Within these bounds nothing that routing reads changes: the periods of the policies for
        // the place and of every policy their definitions come from.
        let first = relevant.map(\.info.period.start).min()!
        let last = relevant.map(\.info.period.end).max()!
        var bounds: Set<CalendarDate> = [first]
        for info in relevant.flatMap(\.program.chain) {
            for day in [info.period.start, info.period.isOpenEnded ? nil : info.period.end.next] {
                if let day, first < day, day <= last { bounds.insert(day) }
            }
        }
        let starts = bounds.sorted()
        var stretches: [Stretch] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].previous : last
            let stretch = Self.stretch(Period(start: start, end: end), at: path, in: library, program: program)
            if let previous = stretches.last, previous.sameDecisions(as: stretch) {
                stretches[stretches.count - 1] = previous.extended(to: end)
            } else {
                stretches.append(stretch)
            }
        }
        self.stretches = stretches
    }

    private static func stretch(_ period: Period, at path: [String], in library: PolicyLibrary, program: String?) -> Stretch {
        let inForce = library.policiesInForce(at: path, on: period.start)
        let offered = Set(inForce.flatMap { $0.program.programs.keys })
        let names = program.map { [$0] } ?? offered.sorted()
        var groups: [Group] = []
        var absent: [String] = []
        for name in names {
            guard let route = library.route(program: name, among: inForce, on: period.start) else {
                absent.append(name)
                continue
            }
            let group = Group(
                layers: route.layers, notInForce: route.notInForce?.name, readsNotInForce: route.readsNotInForce.map(\.name),
                programs: [name])
            if let index = groups.firstIndex(where: { $0.sameDecision(as: group) }) {
                groups[index].programs.append(name)
            } else {
                groups.append(group)
            }
        }
        // Priced programs first, by the policy they are routed to (the one that decides first
        // first), each policy's own definitions before those it takes from a parent; then those
        // not priced here.
        let rank = Dictionary(uniqueKeysWithValues: inForce.enumerated().map { ($0.element.info.name, $0.offset) })
        groups.sort { a, b in
            let keyA = (a.notInForce == nil ? 0 : 1, rank[a.routedThrough] ?? 0, a.layers.count, a.readsNotInForce.count)
            let keyB = (b.notInForce == nil ? 0 : 1, rank[b.routedThrough] ?? 0, b.layers.count, b.readsNotInForce.count)
            if keyA != keyB { return keyA < keyB }
            return (a.layers + [a.notInForce ?? ""] + a.readsNotInForce).lexicographicallyPrecedes(
                b.layers + [b.notInForce ?? ""] + b.readsNotInForce)
        }
        return Stretch(period: period, inForce: inForce.map(\.info.name), groups: groups, absent: absent)
    }
}

extension Timeline.Group {
    func sameDecision(as other: Self) -> Bool {
        layers == other.layers && notInForce == other.notInForce && readsNotInForce == other.readsNotInForce
    }
}

extension Timeline.Stretch {
    func sameDecisions(as other: Self) -> Bool {
        inForce == other.inForce && groups == other.groups && absent == other.absent
    }

    func extended(to end: CalendarDate) -> Self {
        Self(period: Period(start: period.start, end: end), inForce: inForce, groups: groups, absent: absent)
    }
}

extension CalendarDate {
    fileprivate var next: CalendarDate { CalendarDate(dayNumber: dayNumber + 1) }
    fileprivate var previous: CalendarDate { CalendarDate(dayNumber: dayNumber - 1) }
}
