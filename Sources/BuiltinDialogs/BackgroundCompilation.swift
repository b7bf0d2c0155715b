import Dispatch
import ParleyKit
import ParleyThreads

/// A dialog loaded or compiled on a thread of its own, so that the work
/// overlaps what the caller does meanwhile; `wait` gives the result. The one
/// type for both of `parley`'s uses: a built-in dialog decoded while the
/// arguments are parsed (`BuiltinDialogs.preload`), and the chat's dialog
/// loaded while readline starts and the history loads (`parley chat`). Here,
/// rather than in `parley`, because `BuiltinDialogs` needs it and `parley`
/// sees it here; not in ParleyKit, which starts no threads.
public final class BackgroundCompilation: @unchecked Sendable {
    // Written once by the working thread before `done` is signalled, read after.
    private var result: CompileResult?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a new thread at once.
    public init(_ work: @escaping @Sendable () -> CompileResult) {
        let body: @Sendable () -> Void = { [self] in
            result = work()
            done.signal()
        }
        // Detached: nobody joins it; `wait` takes the result. With no
        // thread to be had, the work is done here, before returning.
        if PosixThread.start(detached: true, body) == nil { body() }
    }

    /// The result, once the work is done.
    public func wait() -> CompileResult {
        done.wait()
        // For a later wait, if any.
        defer { done.signal() }
        return result!
    }
}
