// `policy timeline JURISDICTION [--policies DIR] [--program NAME] [--json]`: for each stretch of
// days with the same policies in force for a place, which policy decides each program there
// and through which layers, with the gaps where nothing is in force (PolicyTools/Timeline.swift).

import PolicyLanguage
import PolicyTools

enum TimelineCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(arguments, command: "timeline", reportingTo: console)
        else {
            return .usage
        }
        // One place, with a name in it: `""` or `/` names none.
        guard options.positional.count == 1,
            options.positional[0].contains(where: { $0 != "/" && $0 != "／" && !$0.isWhitespace })
        else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "timeline takes one jurisdiction: policy timeline 陵川县 (or 山西省/晋城市/陵川县)",
                        "timeline 只接受一个辖区：policy timeline 陵川县（或 山西省/晋城市/陵川县）")))
            return .usage
        }
        let paths = options.paths("--policies", default: "policies")
        let library = PolicyLibrary.load(paths: paths)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no timeline is made", "不生成时间线"), option: "--policies", paths: paths)
        {
            return code
        }
        let place = options.positional[0]
        let program = options.values["--program"]
        guard let timeline = Timeline(library: library, place: place, program: program) else {
            let known = Set(library.entries.map(\.info.jurisdictionPath)).sorted()
            // A place with no policy of its own under a province is written with its path.
            let roots = Set(library.entries.compactMap(\.info.jurisdiction.first)).sorted()
            let example =
                place.contains(where: { $0 == "/" || $0 == "／" || $0.isWhitespace }) || roots.isEmpty
                ? nil : roots.map { "\($0)/\(place)" }
            let english = example.map { " (a place within one of them is written with its path: \($0.joined(separator: ", ")))" }
            let chinese = example.map { "（其下的地方写明路径：\($0.joined(separator: "、"))）" }
            console.writeError(
                console.errorLine(
                    console.say(
                        "no policy covers the jurisdiction \(place); the policies cover \(known.joined(separator: ", "))\(english ?? "")",
                        "没有政策适用于辖区\(place)；现有政策适用的辖区为：\(known.joined(separator: "、"))\(chinese ?? "")")))
            return .usage
        }
        if let program, !timeline.programs.contains(program) {
            let place = timeline.jurisdiction.joined(separator: "/")
            let suggestion = closest(to: program, among: timeline.programs)
            let english = suggestion.map { "did you mean \($0)? " } ?? ""
            let chinese = suggestion.map { "是否应为\($0)？" } ?? ""
            console.writeError(
                console.errorLine(
                    console.say(
                        "no policy for \(place) has the program \(program); \(english)programs: \(timeline.programs.joined(separator: ", "))",
                        "适用于\(place)的政策中没有项目\(program)；\(chinese)现有项目为：\(timeline.programs.joined(separator: "、"))")))
            return .usage
        }
        if options.flags.contains("--json") {
            console.write(JSONWriter.write(json(timeline), indent: 2) + "\n")
        } else {
            console.write(text(timeline, console: console))
        }
        return .success
    }

    /// The timeline as a proof-reader reads it: a header per stretch, then the programs grouped
    /// by how they are decided.
    static func text(_ timeline: Timeline, console: Console) -> String {
        let place = timeline.jurisdiction.joined(separator: "/")
        let comma = console.say(", ", "、")
        var out = console.say("Timeline of \(place)\n", "\(place) 的政策时间线\n")
        for stretch in timeline.stretches {
            out += "\n" + console.say(stretch.period.phrase) + "\n"
            if stretch.isGap {
                out += console.say("  gap: no policy in force here\n", "  空档：本辖区没有施行中的政策\n")
                continue
            }
            out += console.say("  in force: ", "  施行：") + stretch.inForce.joined(separator: comma) + "\n"
            for group in stretch.groups {
                let programs = group.programs.joined(separator: comma)
                if let policy = group.notInForce {
                    out += console.say(
                        "  not priced here: \(programs) (\(policy) not in force)\n", "  未定价：\(programs)（\(policy) 未施行）\n")
                    continue
                }
                var label = group.pricedBy
                if group.layers.count > 1 {
                    let through = group.layers.dropLast().joined(separator: comma)
                    label += console.say(" through \(through)", "（经由 \(through)）")
                }
                if !group.readsNotInForce.isEmpty {
                    let read = group.readsNotInForce.joined(separator: comma)
                    label += console.say(
                        " (reads rules of \(read), not in force: refused where needed)", "（所用的 \(read) 规则未施行，用到时拒绝）")
                }
                out += "  " + label + console.say(": ", "：") + programs + "\n"
            }
            for program in stretch.absent {
                out += console.say("  no policy in force here has \(program)\n", "  施行中的政策没有项目\(program)\n")
            }
        }
        return out
    }

    /// The same content as JSON; its keys the same in every language.
    static func json(_ timeline: Timeline) -> JSONValue {
        func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
        return .object([
            JSONMember(key: "jurisdiction", value: .string(timeline.jurisdiction.joined(separator: "/"))),
            JSONMember(
                key: "stretches",
                value: .array(
                    timeline.stretches.map { stretch in
                        .object([
                            JSONMember(key: "from", value: .string(stretch.period.start.description)),
                            JSONMember(
                                key: "to", value: stretch.period.isOpenEnded ? .null : .string(stretch.period.end.description)),
                            JSONMember(key: "gap", value: .bool(stretch.isGap)),
                            JSONMember(key: "inForce", value: strings(stretch.inForce)),
                            JSONMember(
                                key: "groups",
                                value: .array(
                                    stretch.groups.map { group in
                                        .object([
                                            JSONMember(key: "routedThrough", value: .string(group.routedThrough)),
                                            JSONMember(key: "pricedBy", value: .string(group.pricedBy)),
                                            JSONMember(key: "layers", value: strings(group.layers)),
                                            JSONMember(key: "priced", value: .bool(group.notInForce == nil)),
                                            JSONMember(key: "notInForce", value: group.notInForce.map { .string($0) } ?? .null),
                                            JSONMember(key: "readsNotInForce", value: strings(group.readsNotInForce)),
                                            JSONMember(key: "programs", value: strings(group.programs)),
                                        ])
                                    })),
                            JSONMember(key: "absent", value: strings(stretch.absent)),
                        ])
                    })),
        ])
    }
}
