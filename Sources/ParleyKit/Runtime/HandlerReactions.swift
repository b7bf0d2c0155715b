/// Which handler lists react to an intent, worked out once per engine from
/// the dialog's `HandlerList`s: a turn asks the safety, before and after
/// lists and the state's triggers about each match, and most say no.
/// Asked of `HandlerList.byIntent`, a dictionary keyed by intent, each
/// question hashed the intent: 550 instructions a `say` on the sample dialog
/// (callgrind, 2026-12-01). Here the global lists are bits of a byte per
/// intent, and a state's triggers a short sorted run of intents.
///
/// A list reacts to an intent when a handler names it (`byIntent`), or when
/// the intent is a FAQ and a handler takes any FAQ (`anyFAQ`): exactly when
/// `HandlerList.reacting(to:isFAQ:)` is not empty.
struct HandlerReactions: Sendable {
    /// A global handler list, as a bit of `flags`.
    enum List: UInt8 {
        case safety = 2, before = 4, after = 8
    }

    /// Per intent: bit 1 a FAQ; then one bit per `List` that reacts to it.
    private let flags: [UInt8]
    /// State `s`'s triggers name the intents `triggerIntents[triggerStarts[s]..<triggerStarts[s + 1]]`, sorted.
    private let triggerStarts: [Int32]
    private let triggerIntents: [Int32]
    /// Per state: its triggers take any FAQ.
    private let triggersTakeAnyFAQ: [Bool]

    init(_ dialog: CompiledDialog) {
        var flags = [UInt8](repeating: 0, count: dialog.intents.count)
        for intent in flags.indices {
            if case .faq = dialog.intents[intent].kind { flags[intent] = 1 }
        }
        for (list, handlers) in [(List.safety, dialog.safetyHandlers), (.before, dialog.beforeHandlers), (.after, dialog.afterHandlers)] {
            for intent in flags.indices
            where handlers.byIntent[Int32(intent)] != nil || (flags[intent] & 1 != 0 && !handlers.anyFAQ.isEmpty) {
                flags[intent] |= list.rawValue
            }
        }
        var starts: [Int32] = [0]
        var intents: [Int32] = []
        var anyFAQ: [Bool] = []
        starts.reserveCapacity(dialog.states.count + 1)
        anyFAQ.reserveCapacity(dialog.states.count)
        for state in dialog.states.indices {
            intents += dialog.states[state].triggers.byIntent.keys.sorted()
            starts.append(Int32(intents.count))
            anyFAQ.append(!dialog.states[state].triggers.anyFAQ.isEmpty)
        }
        self.flags = flags
        triggerStarts = starts
        triggerIntents = intents
        triggersTakeAnyFAQ = anyFAQ
    }

    /// Whether `intent` is a FAQ's.
    @inline(__always)
    func isFAQ(_ intent: Int32) -> Bool { flags[Int(intent)] & 1 != 0 }

    /// Whether the global list `list` reacts to `intent`.
    @inline(__always)
    func reacts(_ list: List, to intent: Int32) -> Bool { flags[Int(intent)] & list.rawValue != 0 }

    /// Whether the triggers of state `state` react to `intent`: a binary
    /// search of the state's intents (a keyword dialog's state may name
    /// thousands: a plain scan cost the 5,000-rule dialog 3,000 instructions
    /// a turn).
    func triggers(of state: Int, reactTo intent: Int32) -> Bool {
        if triggersTakeAnyFAQ[state], isFAQ(intent) { return true }
        return triggerIntents.withUnsafeBufferPointer { intents in
            var low = Int(triggerStarts[state])
            var high = Int(triggerStarts[state + 1])
            while low < high {
                let middle = low &+ (high &- low) / 2
                if intents[middle] < intent { low = middle &+ 1 } else { high = middle }
            }
            return low < Int(triggerStarts[state + 1]) && intents[low] == intent
        }
    }
}
