import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyKit
import ParleyStore
import ParleyThreads

/// Runs the plain requests of a read that holds many lines on several lanes
/// at once, one thread a lane, with the in-memory store: the way chat-bot
/// servers serve conversations concurrently with one lock per conversation,
/// here one lock per shard of sessions (`MemorySessionStore`).
///
/// A session always goes to the same lane (`SessionShard` of its id), so its
/// turns run one at a time, in order, on one thread; lane 0 runs on the
/// caller's thread, every other lane on a persistent thread of its own, each
/// with its own handler (and so its own engine and word memo) and its own
/// output. The responses and the events are then handed back in request
/// order, so the bytes a client reads are the ones one lane would give.
///
/// Only plain requests run on lanes: a line `CommonRequestReader` reads (an
/// `open` or a `say` in the common shape). The front end collects them
/// (`collect`); any other line (`info`, `close`, `reset`, a batch, a blank or
/// malformed line, an over-long one) is a barrier: the front end runs what it
/// collected (`run`), then handles that line alone through `handler`.
public final class BridgeLanes {
    /// A read holding fewer lines than this is handled line by line, as with
    /// one lane (`isWorthSplitting`): a client that sends a line at a time
    /// gets no thread hand-off and no added latency. Likewise a run of fewer
    /// collected requests runs on lane 0 alone: waking a lane's thread costs
    /// about as much as a few turns.
    public static let minimumLines = 32

    /// Lane 0's handler: runs lane 0 on the caller's thread, and every barrier.
    public let handler: BridgeHandler
    /// Lanes 1 and up, each on its own thread (started on first use).
    private let workers: [LaneWorker]
    /// What lane 0 wrote during the current run.
    private var first = LaneOutput()
    /// The requests collected since the last run. One stored property,
    /// changed once a line: each change of a class's property is checked
    /// for exclusive access at run time, about 90 instructions (issue 12,
    /// `lanes8`), and not checked here: only the front end's thread uses it,
    /// in `collect` and `run`, which never call each other (issue 12, `lanes9`).
    @exclusivity(unchecked) private var batch: Batch
    /// True once a termination signal arrives: lanes start no further request.
    private let isStopping: @Sendable () -> Bool

    /// How many lanes run at once.
    public var laneCount: Int { workers.count + 1 }

    /// One lane per shard of `store`: lane i serves the sessions of shard i.
    /// Each lane gets its own `Engine` of `dialog` (an engine's word memo is
    /// shared by its copies, behind a lock the lanes would otherwise contend
    /// for on every turn). `isStopping` is asked before each request a lane
    /// starts, from the lanes' threads.
    public init(dialog: CompiledDialog, store: MemorySessionStore, configuration: BridgeConfiguration,
                isStopping: @escaping @Sendable () -> Bool) {
        func makeHandler() -> BridgeHandler {
            BridgeHandler(engine: Engine(dialog: dialog), store: store, configuration: configuration)
        }
        handler = makeHandler()
        workers = (1..<store.shardCount).map { _ in LaneWorker(handler: makeHandler(), isStopping: isStopping) }
        batch = Batch(laneCount: store.shardCount)
        self.isStopping = isStopping
    }

    deinit { stop() }

    /// Whether a read of `chunk` holds enough lines (`minimumLines` line
    /// ends) to be run on lanes. Stops counting there: libc's `memchr` a line.
    public func isWorthSplitting(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !workers.isEmpty, let base = chunk.baseAddress else { return false }
        var position = 0
        for _ in 0..<Self.minimumLines {
            guard position < chunk.count, let found = memchr(base + position, 0x0A, chunk.count - position) else { return false }
            position = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return true
    }

    /// Collects `line` (without its line end) for the next `run` if it is a
    /// plain request; false if it is a barrier, which the caller handles
    /// through `handler` once it has run what was collected before it.
    ///
    /// The line is checked and its session's lane found here, from its
    /// bytes; its strings are made by the lane that runs it (`CommonLine`).
    public func collect(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let shape = CommonRequestReader.scan(line) else { return false }
        let lane = workers.isEmpty ? 0 : SessionShard.index(ofUTF8: UnsafeBufferPointer(rebasing: line[shape.session]),
                                                            among: laneCount)
        batch.add(line, shape, lane: lane)
        return true
    }

    /// Runs the requests collected since the last run, at `now` (wall-clock
    /// seconds), and appends their response lines to `output` in request
    /// order (a notification has none), calling `logged` in request order
    /// with the events `BridgeLog` logs at `logLevel`. Requests not started
    /// because of a termination signal (`isStopping`) get no response, nor
    /// any after them; returns false then. Nothing stays collected afterwards.
    ///
    /// The responses go to `output` in one pass, each lane's consecutive
    /// ones copied at once: a call of the caller's closure a response, with
    /// its checks, was about 400 instructions a `say` (issue 12, `lanes8`).
    public func run(now: Int64, logLevel: LogLevel, into output: inout JSONWriter, logged: (BridgeEvent) -> Void) -> Bool {
        // Taken out, so that the loops below check no access, and put back
        // emptied (keeping its room) once run: the lanes have let go of it
        // by then, so emptying it copies nothing.
        var batch = Batch(laneCount: 0)
        swap(&batch, &self.batch)
        defer {
            batch.removeAll()
            self.batch = batch
        }
        guard !batch.order.isEmpty else { return true }
        guard batch.order.count >= Self.minimumLines, workers.allSatisfy({ $0.startThread() }) else {
            return runAlone(batch, now: now, logLevel: logLevel, into: &output, logged: logged)
        }
        for (index, worker) in workers.enumerated() {
            worker.start(batch.byLane[index + 1], in: batch.bytes, lane: index + 1, now: now, logLevel: logLevel)
        }
        first.removeAll()
        first.run(batch.byLane[0], in: batch.bytes, lane: 0, on: handler, now: now, logLevel: logLevel, isStopping: isStopping)
        for worker in workers { worker.wait() }
        return LaneOutput.merge([first] + workers.map(\.output), in: batch.order, into: &output, logged: logged)
    }

    /// Every collected request in request order, on lane 0 (whatever the
    /// lane it was collected for: every lane's thread is idle now).
    private func runAlone(_ batch: Batch, now: Int64, logLevel: LogLevel, into output: inout JSONWriter,
                          logged: (BridgeEvent) -> Void) -> Bool {
        var next = Array(repeating: 0, count: laneCount)
        return batch.bytes.withUnsafeBufferPointer { bytes in
            for lane in batch.order {
                let request = batch.byLane[lane][next[lane]].request(in: bytes)
                next[lane] += 1
                if isStopping() { return false }
                let event = handler.handle(common: request, now: now, into: &output, named: logLevel >= .info, shard: lane)
                if let level = BridgeLog.level(of: event), level <= logLevel { logged(event) }
            }
            return true
        }
    }

    /// Ends the lanes' threads (each finishes nothing new: they are idle
    /// between runs). Called when the front end stops, and when the lanes go.
    public func stop() {
        for worker in workers { worker.stop() }
    }
}

/// The plain requests collected from a read, by lane, and the lane of
/// each in request order. The requests are kept as their lines' bytes,
/// each with where its parts lie: a line's strings are made by the lane
/// that runs it (`CommonLine`), and emptying the batch destroys no string.
struct Batch {
    /// The lines, one after another. Copied: the read's buffer is reused by
    /// the next read, and a line that spans two reads lies in the framer's
    /// buffer only while the framer hands it over.
    private(set) var bytes: [UInt8] = []
    /// Each lane's requests, in request order.
    private(set) var byLane: [[CollectedLine]]
    /// The lane of each request, in request order.
    private(set) var order: [Int] = []

    init(laneCount: Int) {
        byLane = Array(repeating: [], count: laneCount)
    }

    mutating func add(_ line: UnsafeBufferPointer<UInt8>, _ shape: CommonLine, lane: Int) {
        byLane[lane].append(CollectedLine(start: bytes.count, count: line.count, shape: shape))
        bytes.append(contentsOf: line)
        order.append(lane)
    }

    /// Empties the batch, keeping its room.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        for lane in byLane.indices { byLane[lane].removeAll(keepingCapacity: true) }
        order.removeAll(keepingCapacity: true)
    }
}

/// A collected request: where its line lies in the batch's bytes, and
/// where its parts lie in the line.
struct CollectedLine {
    var start: Int
    var count: Int
    var shape: CommonLine

    /// The request, its strings made from `bytes`, the batch's bytes.
    func request(in bytes: UnsafeBufferPointer<UInt8>) -> BridgeRequest {
        shape.request(in: UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]))
    }
}

/// What one lane wrote during a run: its responses one after another in one
/// writer, where each ends, and the events to log.
struct LaneOutput {
    private(set) var writer = JSONWriter()
    /// Where the response to the lane's i-th request of the run ends in `writer`.
    private(set) var ends: [Int] = []
    /// The events logged at the run's level, each with the number of its
    /// request in the lane's run; most runs log none. An optional event for
    /// every request was copied in and out for nothing, about 250
    /// instructions a request (issue 12, `lanes8`).
    private(set) var events: [(index: Int, event: BridgeEvent)] = []
    mutating func removeAll() {
        writer.removeAll()
        ends.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
    }

    /// Runs `requests`, lane `lane`'s (whose sessions are those of the
    /// store's shard `lane`), in order on `handler`, stopping before any
    /// request once `isStopping` says so. Each request is made from its line
    /// in `bytes`, the batch's, here on the lane's thread.
    mutating func run(_ requests: [CollectedLine], in bytes: [UInt8], lane: Int, on handler: BridgeHandler, now: Int64,
                      logLevel: LogLevel, isStopping: () -> Bool) {
        // Below `info` only a failed request is logged, and it is named anyway.
        let named = logLevel >= .info
        bytes.withUnsafeBufferPointer { bytes in
            for line in requests {
                if isStopping() { return }
                let request = line.request(in: bytes)
                let event = handler.handle(common: request, now: now, into: &writer, named: named, shard: lane)
                ends.append(writer.count)
                if let level = BridgeLog.level(of: event), level <= logLevel {
                    events.append((ends.count - 1, event))
                }
            }
        }
    }

    /// The responses of `lanes` (each lane's in its own order) appended to
    /// `output` in request order, `order` naming the lane of each request,
    /// and their logged events handed to `logged` in that order. Each lane's
    /// consecutive responses are copied at once. False if a lane stopped
    /// before one of its requests (a termination signal): the responses
    /// from that request on are left out.
    static func merge(_ lanes: [LaneOutput], in order: [Int], into output: inout JSONWriter,
                      logged: (BridgeEvent) -> Void) -> Bool {
        // Per lane: the next response, and the next logged event.
        var next = Array(repeating: 0, count: lanes.count)
        var nextEvent = Array(repeating: 0, count: lanes.count)
        var position = 0
        // Each lane's output read where it lies: a copy of it a run of
        // requests retained and released its three arrays (issue 12, `lanes9`).
        return lanes.withUnsafeBufferPointer { lanes in
            while position < order.count {
                let lane = order[position]
                let first = next[lane]
                // The run of requests on this lane from here.
                var last = first
                position += 1
                while position < order.count, order[position] == lane {
                    last += 1
                    position += 1
                }
                let stopped = last >= lanes[lane].ends.count
                if stopped { last = lanes[lane].ends.count - 1 }
                if last >= first {
                    let start = first == 0 ? 0 : lanes[lane].ends[first - 1]
                    let end = lanes[lane].ends[last]
                    lanes[lane].writer.withBytes { output.raw(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                    while nextEvent[lane] < lanes[lane].events.count, lanes[lane].events[nextEvent[lane]].index <= last {
                        logged(lanes[lane].events[nextEvent[lane]].event)
                        nextEvent[lane] += 1
                    }
                }
                if stopped { return false }
                next[lane] = last + 1
            }
            return true
        }
    }
}

/// One lane's thread and what it works on.
///
/// `@unchecked Sendable` because the thread and the caller share its
/// mutable fields (`requests`, `bytes`, `lane`, `now`, `logLevel`, `output`, `stopping`) and
/// its handler, which are not Sendable, by a hand-off the compiler cannot
/// see: the caller writes them only while the thread waits on `started`, the
/// thread uses them only between taking `started` and signalling `finished`,
/// and the caller reads `output` only after taking `finished`. A semaphore's
/// signal and wait order memory between the two threads, so no field is
/// ever used by both at once. The handler's store is a `MemorySessionStore`,
/// whose shards are locked, and its engine is a value of its own.
final class LaneWorker: @unchecked Sendable {
    private let handler: BridgeHandler
    private let isStopping: @Sendable () -> Bool
    private var requests: [CollectedLine] = []
    /// The batch's bytes, which `requests` lie in.
    private var bytes: [UInt8] = []
    /// The lane's number: its sessions are those of the store's shard `lane`.
    private var lane = 0
    private var now: Int64 = 0
    private var logLevel: LogLevel = .warning
    /// What the lane wrote during the last run; read once `wait` returns.
    private(set) var output = LaneOutput()
    /// Set before the last signal of `started`: the thread ends.
    private var stopping = false
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var thread: pthread_t?
    /// The thread could not be made: the lanes run on lane 0 alone.
    private var failed = false

    init(handler: BridgeHandler, isStopping: @escaping @Sendable () -> Bool) {
        self.handler = handler
        self.isStopping = isStopping
    }

    /// Starts the thread if it has not started yet; false if none can be made.
    func startThread() -> Bool {
        if thread != nil { return true }
        if failed { return false }
        // Joinable: `stop` waits for it to end.
        guard let made = PosixThread.start(detached: false, { [self] in serve() }) else {
            failed = true
            return false
        }
        thread = made
        return true
    }

    /// Hands the thread `requests`, lines of `bytes` of lane `lane`, to run at `now`.
    func start(_ requests: [CollectedLine], in bytes: [UInt8], lane: Int, now: Int64, logLevel: LogLevel) {
        self.requests = requests
        self.bytes = bytes
        self.lane = lane
        self.now = now
        self.logLevel = logLevel
        output.removeAll()
        started.signal()
    }

    /// Waits until the thread has run what `start` gave it.
    func wait() { finished.wait() }

    /// Ends the thread, if it runs, once it is idle; waits for it to end.
    func stop() {
        guard let thread else { return }
        stopping = true
        started.signal()
        #if canImport(Darwin)
        if let thread { pthread_join(thread, nil) }
        #else
        pthread_join(thread, nil)
        #endif
        self.thread = nil
    }

    /// The thread's loop: a run each time `started` is signalled.
    private func serve() {
        while true {
            started.wait()
            if stopping { return }
            output.run(requests, in: bytes, lane: lane, on: handler, now: now, logLevel: logLevel, isStopping: isStopping)
            // Let go of the batch's arrays, so that the front end empties them in place.
            requests = []
            bytes = []
            finished.signal()
        }
    }
}
