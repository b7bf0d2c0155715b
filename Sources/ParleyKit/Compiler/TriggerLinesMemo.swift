/// One-line `on` triggers (`on a, b -> target`, nothing indented below it)
/// kept from one parse of a file to the next (in `ParsedFiles`), keyed by
/// the line's text, so that an edit inside a state of 5,000 handlers does not
/// parse the 4,999 lines it did not change (about 12,000 instructions a line,
/// callgrind, 2026-11-30).
///
/// Exact by construction: such a trigger is a function of the line's text
/// (without its indentation) and of where the line is; it is kept with every
/// place made relative to the line (column from the line's first character,
/// byte offset from its first byte, line 0) and placed again where the line
/// now is. Only triggers whose places are all on their own line are kept
/// (no condition, which nests places, and a body of at most the `-> target`),
/// and only those whose parse reported nothing, so a line with a problem is
/// parsed, and reported, every time.
struct TriggerLinesMemo: Sendable {
    /// Lines to answer from: the triggers of the blocks being parsed again, as last parsed.
    var kept: [String: TriggerDecl]
    /// The triggers of the block being parsed now, kept with it for the next parse.
    var recorded: [String: TriggerDecl] = [:]
    /// `on` lines parsed (not answered from `kept`), for tests.
    var parsed = 0

    init(kept: [String: TriggerDecl]) { self.kept = kept }

    /// `trigger`, parsed from `line`, with its places relative to the line; nil if it cannot be kept.
    static func relative(_ trigger: TriggerDecl, to line: OutlineLine) -> TriggerDecl? {
        guard trigger.condition == nil, trigger.body.count <= 1 else { return nil }
        if let statement = trigger.body.first, case .go = statement {} else if !trigger.body.isEmpty { return nil }
        let start = line.text.fileOffset(of: line.text.startIndex)
        var allOnTheLine = true
        let moved = trigger.movingPlaces { place in
            guard place.line == line.number, let offset = place.offset else {
                allOnTheLine = false
                return place
            }
            return SourceLocation(file: "", line: 0, column: place.column - line.column, offset: offset - start)
        }
        return allOnTheLine ? moved : nil
    }

    /// A kept trigger placed at `line` of the file at `path`.
    static func placed(_ trigger: TriggerDecl, at line: OutlineLine, path: String) -> TriggerDecl {
        let start = line.text.fileOffset(of: line.text.startIndex)
        return trigger.movingPlaces { place in
            SourceLocation(file: path, line: line.number, column: line.column + place.column, offset: start + (place.offset ?? 0))
        }
    }
}

extension TriggerDecl {
    /// The trigger with each place of its kinds, `-> target` and itself mapped
    /// by `move`. Its condition and a body other than one `go` are left as
    /// they are: `TriggerLinesMemo` keeps no trigger that has them.
    fileprivate func movingPlaces(_ move: (SourceLocation) -> SourceLocation) -> TriggerDecl {
        var moved = self
        moved.location = move(location)
        moved.kinds = kinds.map { kind in
            switch kind {
            case .intent(let name): .intent(Name(name.text, at: move(name.location)))
            case .faq(let name): .faq(Name(name.text, at: move(name.location)))
            case .anyFAQ(let place): .anyFAQ(move(place))
            case .anything(let place): .anything(move(place))
            case .keywords(let place): .keywords(move(place))
            }
        }
        moved.body = body.map { statement in
            guard case .go(let target, let place) = statement else { return statement }
            if case .state(let name) = target { return .go(.state(Name(name.text, at: move(name.location))), move(place)) }
            return .go(target, move(place))
        }
        return moved
    }
}
