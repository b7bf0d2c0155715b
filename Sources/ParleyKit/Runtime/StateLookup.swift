/// A dialog's state names to their positions (`CompiledDialog.stateIDs`),
/// for the look-up every turn makes of its session's state. The dictionary
/// hashes the name with SipHash: 450 instructions a sample `say` (callgrind,
/// 2026-12-01); here a name costs an FNV-1a hash of its bytes (a dozen) and
/// one comparison, in an open-addressed table at most half full. A name
/// the table does not hold is asked of the dictionary: names compare as
/// `String`s do, by canonical equivalence, and a name written with other
/// bytes (another normalisation) hashes elsewhere.
struct StateLookup: Sendable {
    /// Per slot: a position in `names`, or -1.
    private let slots: [Int32]
    /// The names, each with its state's position.
    private let names: [String]
    private let ids: [Int32]
    private let stateIDs: [String: Int32]

    /// The table of `stateIDs`, which it answers exactly as the dictionary does.
    init(_ stateIDs: [String: Int32]) {
        var size = 4
        while size < stateIDs.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        var names: [String] = []
        var ids: [Int32] = []
        names.reserveCapacity(stateIDs.count)
        ids.reserveCapacity(stateIDs.count)
        // In the order of the states, so the table is the same for the same dialog.
        for (name, id) in stateIDs.sorted(by: { $0.value < $1.value }) {
            var slot = Int(truncatingIfNeeded: StableHash.fnv1a64(name)) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(names.count)
            names.append(name)
            ids.append(id)
        }
        self.slots = slots
        self.names = names
        self.ids = ids
        self.stateIDs = stateIDs
    }

    /// The position of the state named `name`, or nil: `stateIDs[name]`.
    func id(of name: String) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: StableHash.fnv1a64(name)) & mask
        while true {
            let entry = slots[slot]
            guard entry >= 0 else { return stateIDs[name] }
            if names[Int(entry)] == name { return ids[Int(entry)] }
            slot = (slot + 1) & mask
        }
    }
}
