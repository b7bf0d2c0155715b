import Dispatch
import ParleyKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        let start = ThreadStart { [self] in
            result = work()
            done.signal()
        }
        // A POSIX thread rather than Foundation's `Thread`, so that `parley`
        // links no Foundation (docs/performance.md, "Chat start-up").
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        // As deep as the main thread's: the parser's nesting limit and the
        // decoder's are set for that.
        pthread_attr_setstacksize(&attributes, 8 << 20)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(start).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<ThreadStart>.fromOpaque(context).takeRetainedValue().body()
            return nil
        }, context)
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        #endif
        guard status == 0 else {
            // No thread to be had: the work is done here, before returning.
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            start.body()
            return
        }
    }

    /// The result, once the work is done.
    public func wait() -> CompileResult {
        done.wait()
        // For a later wait, if any.
        defer { done.signal() }
        return result!
    }
}

/// The work of a thread `BackgroundCompilation` starts, handed to it as its
/// one pointer-sized argument.
private final class ThreadStart {
    let body: () -> Void

    init(_ body: @escaping () -> Void) { self.body = body }
}
