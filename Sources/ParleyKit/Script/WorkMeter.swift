import Synchronization

/// Counts the characters the compiler steps over to place columns and to show
/// excerpts, so tests can check that these costs grow linearly with the
/// input (issue 17) by counting operations instead of timing. Off unless a
/// test binds `WorkMeter.current`; then each step costs a task-local read.
final class WorkMeter: Sendable {
    @TaskLocal static var current: WorkMeter?

    private let counter = Atomic<Int>(0)

    init() {}

    /// Characters (or bytes, where bytes are scanned) stepped over so far.
    var steps: Int { counter.load(ordering: .relaxed) }

    static func add(_ steps: Int) {
        current?.counter.add(steps, ordering: .relaxed)
    }
}
