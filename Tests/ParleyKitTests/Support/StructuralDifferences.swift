/// Where two values differ, field by field, found by reflection: every
/// stored property of every struct, enum payload, array element, dictionary
/// entry and set member, however deep. Dictionaries and sets are compared by
/// content, not by their (hash-seeded) order. Because it walks whatever the
/// types hold, a field added to a type is compared without changing this
/// code: a serialiser that forgets it is caught.
///
/// Returns paths such as `.states[3].body[0].say.0.single.parts[1]: "a" ≠ "b"`,
/// at most `limit` of them.
func structuralDifferences(_ a: Any, _ b: Any, limit: Int = 20) -> [String] {
    var found: [String] = []
    compare(a, b, path: "", into: &found, limit: limit)
    return found
}

private func compare(_ a: Any, _ b: Any, path: String, into found: inout [String], limit: Int) {
    guard found.count < limit else { return }
    guard type(of: a) == type(of: b) else {
        found.append("\(path): a \(type(of: a)) ≠ a \(type(of: b))")
        return
    }
    // Values of plain types are compared directly: reflecting over each
    // element of a large array (a typo index has tens of thousands) is slow.
    if let same = plainEqual(a, b) {
        if !same { found.append("\(path): \(String(reflecting: a).prefix(80)) ≠ \(String(reflecting: b).prefix(80))") }
        return
    }
    let left = Mirror(reflecting: a), right = Mirror(reflecting: b)
    switch left.displayStyle {
    case .dictionary:
        // Each child is a (key, value) pair; keys are matched by their description.
        func entries(_ mirror: Mirror) -> [String: Any] {
            var result: [String: Any] = [:]
            for child in mirror.children {
                let pair = Array(Mirror(reflecting: child.value).children)
                result[String(reflecting: pair[0].value)] = pair[1].value
            }
            return result
        }
        let leftEntries = entries(left), rightEntries = entries(right)
        for key in Set(leftEntries.keys).union(rightEntries.keys).sorted() {
            guard let x = leftEntries[key], let y = rightEntries[key] else {
                found.append("\(path)[\(key)]: only in the \(leftEntries[key] == nil ? "second" : "first")")
                if found.count >= limit { return }
                continue
            }
            compare(x, y, path: "\(path)[\(key)]", into: &found, limit: limit)
        }
    case .set:
        let leftItems = left.children.map { String(reflecting: $0.value) }.sorted()
        let rightItems = right.children.map { String(reflecting: $0.value) }.sorted()
        if leftItems != rightItems { found.append("\(path): sets differ (\(leftItems.count) and \(rightItems.count) members)") }
    default:
        let leftChildren = Array(left.children), rightChildren = Array(right.children)
        if leftChildren.isEmpty && rightChildren.isEmpty {
            let x = String(reflecting: a), y = String(reflecting: b)
            if x != y { found.append("\(path): \(x.prefix(80)) ≠ \(y.prefix(80))") }
            return
        }
        guard leftChildren.count == rightChildren.count else {
            found.append("\(path): \(leftChildren.count) ≠ \(rightChildren.count) elements or fields")
            return
        }
        for (k, (x, y)) in zip(leftChildren, rightChildren).enumerated() {
            guard x.label == y.label else {
                found.append("\(path): \(x.label ?? "?") ≠ \(y.label ?? "?")")
                return
            }
            let step = left.displayStyle == .collection ? "[\(k)]" : ".\(x.label ?? String(k))"
            compare(x.value, y.value, path: path + step, into: &found, limit: limit)
        }
    }
}

/// Whether two values of the same plain type are equal; nil for other types.
private func plainEqual(_ a: Any, _ b: Any) -> Bool? {
    func test<T: Equatable>(_: T.Type) -> Bool? {
        type(of: a) == T.self ? (a as! T) == (b as! T) : nil
    }
    let tests: [() -> Bool?] = [
        { test(String.self) }, { test(Int.self) }, { test(Int32.self) }, { test(UInt64.self) }, { test(Bool.self) },
        { test(Double.self) }, { test(Character.self) }, { test(Unicode.Scalar.self) }, { test([UInt64].self) },
        { test([Int32].self) }, { test([Int].self) }, { test([String].self) }, { test([Unicode.Scalar].self) },
        { test([[Int32]].self) },
    ]
    for check in tests {
        if let result = check() { return result }
    }
    return nil
}
