#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts POSIX threads for `parley`'s two uses: the background decoding of a
/// dialog (`BackgroundCompilation`) and the bridge's lanes (`LaneWorker`).
///
/// A POSIX thread rather than Foundation's `Thread`, so that `parley` links
/// no Foundation (docs/performance.md, "Chat start-up"). Each new thread's
/// stack is as deep as the main thread's (8 MiB): the dialog parser's and
/// decoder's nesting limits, and the engine's, are set for that.
public enum PosixThread {
    /// The stack size of every thread `start` makes, in bytes (8 MiB, the
    /// main thread's default on Linux).
    public static let stackSize = 8 << 20

    /// Runs `body` on a new thread.
    ///
    /// - Parameters:
    ///   - detached: true for a thread nobody joins (its resources go when
    ///     `body` returns); false for one the caller ends with `pthread_join`.
    ///   - body: the thread's work; it runs once, on the new thread.
    /// - Returns: the thread, or nil when the system could not make one
    ///   (`pthread_create` failed, e.g. `EAGAIN`); `body` has not run then,
    ///   and never will.
    public static func start(detached: Bool, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        // The body goes to the thread as its one pointer-sized argument.
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        #endif
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

/// A thread's work, boxed so that it fits the one pointer `pthread_create`
/// passes.
private final class Body {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
