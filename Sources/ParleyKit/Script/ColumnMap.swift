/// Character columns of positions in one line of a script.
///
/// Every token's location needs its column, and counting characters from the
/// line's start for each token made a line of n tokens cost O(n²) (a 30,000-term
/// condition took 10 s). The map is built once per line, in O(line length):
/// an ASCII line needs nothing (a byte is a character), any other line keeps
/// the byte offset of every `stride`-th character. A lookup is then O(1) for
/// ASCII and O(log n + stride) otherwise.
struct ColumnMap: Sendable {
    /// Byte offsets, from the line's start, of characters 0, stride, 2·stride…;
    /// nil for an ASCII line.
    private var checkpoints: [Int]?
    static let stride = 32

    static let ascii = ColumnMap(checkpoints: nil)

    private init(checkpoints: [Int]?) { self.checkpoints = checkpoints }

    init(_ text: Substring) {
        WorkMeter.add(text.utf8.count)
        if text.utf8.allSatisfy({ $0 < 0x80 }) { checkpoints = nil; return }
        var marks: [Int] = []
        var offset = 0
        var count = 0
        for character in text {
            if count % Self.stride == 0 { marks.append(offset) }
            offset += character.utf8.count
            count += 1
        }
        checkpoints = marks
    }

    /// Characters in `text` before `index` (an index into `text`, the line this map was built for).
    func characters(before index: Substring.Index, in text: Substring) -> Int {
        let bytes = text.utf8.distance(from: text.startIndex, to: index)
        guard let checkpoints, !checkpoints.isEmpty else { WorkMeter.add(1); return bytes }
        var low = 0
        var high = checkpoints.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if checkpoints[middle] <= bytes { low = middle } else { high = middle - 1 }
        }
        let from = text.utf8.index(text.startIndex, offsetBy: checkpoints[low])
        let walked = text[from..<index].count
        WorkMeter.add(walked + 1)
        return low * Self.stride + walked
    }

    /// Characters between two indices of `text`, `from` <= `to`.
    func characters(from start: Substring.Index, to end: Substring.Index, in text: Substring) -> Int {
        guard checkpoints != nil else { return text.utf8.distance(from: start, to: end) }
        return characters(before: end, in: text) - characters(before: start, in: text)
    }
}

extension Substring {
    /// The UTF-8 offset of `index` from the start of the whole string this is a slice of: O(1) on native strings.
    func fileOffset(of index: Index) -> Int {
        base.utf8.distance(from: base.startIndex, to: index)
    }
}
