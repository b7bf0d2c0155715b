/// The last `capacity` elements appended, oldest dropped first: a ring
/// buffer, so appending to a full history moves nothing. Trimming an array
/// with `removeFirst()` moved every kept element on every line: a third of a
/// piped `parley chat` turn once 200 turns were kept (issue 12).
struct BoundedHistory<Element> {
    let capacity: Int
    private var storage: [Element] = []
    /// The position of the oldest element in `storage`.
    private var start = 0
    private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a history keeps at least one element")
        self.capacity = capacity
    }

    var isEmpty: Bool { count == 0 }

    /// Appends `element`; when full, the oldest element is dropped and returned.
    @discardableResult
    mutating func append(_ element: Element) -> Element? {
        if count == capacity {
            let dropped = storage[start]
            storage[start] = element
            start = (start + 1) % capacity
            return dropped
        }
        let position = (start + count) % capacity
        if position == storage.count { storage.append(element) } else { storage[position] = element }
        count += 1
        return nil
    }

    /// The newest element, or nil when empty.
    var last: Element? { count > 0 ? storage[(start + count - 1) % capacity] : nil }

    /// Removes and returns the newest element, or nil when empty. (Its slot
    /// is reused by the next append.)
    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return storage[(start + count) % capacity]
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
        count = 0
    }

    /// Oldest first.
    var elements: [Element] { (0..<count).map { storage[(start + $0) % capacity] } }
}
