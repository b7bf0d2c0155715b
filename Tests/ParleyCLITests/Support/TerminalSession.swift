import Foundation

/// Runs the real `parley` binary on a real pseudo-terminal, inside a private
/// tmux server: keys are typed with `send-keys`, the screen is read with
/// `capture-pane`. Each session has its own folder (socket, inputrc, HOME,
/// XDG_STATE_HOME) and waits for what it expects to see, never for a fixed time.
final class TerminalSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The session's own folder; `home` and `state` are inside it.
    let folder: URL
    var home: URL { folder.appendingPathComponent("home") }
    var state: URL { folder.appendingPathComponent("state") }
    /// A new socket for every `start`: `kill-server` returns before the old
    /// server is gone, and a new session on the same socket could reach it.
    private var socket: String
    private var starts = 0
    private var running = false

    /// How long to wait for anything to appear: generous, since the CPU is shared.
    /// A guard against hangs, not a speed requirement: CI machines can be slow and busy.
    static let timeout: TimeInterval = 120

    /// A session folder; `start` runs parley in it (more than once, for restarts).
    init(folder existing: URL? = nil) throws {
        folder = existing ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-tty-\(UUID().uuidString.prefix(8))")
        socket = folder.appendingPathComponent("tmux.sock").path
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // Bracketed paste would wrap what tmux types in escape sequences.
        try "set enable-bracketed-paste off\n".write(to: folder.appendingPathComponent("inputrc"), atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts `parley ARGUMENTS` on a terminal of `columns`×`rows`. The
    /// surrounding shell records the exit status and the terminal's settings
    /// before and after, to check that parley gives the terminal back.
    func start(_ arguments: [String], environment: [String: String] = [:], columns: Int = 100, rows: Int = 40,
               umask: String = "022") throws {
        stop()
        starts += 1
        socket = folder.appendingPathComponent("tmux-\(starts).sock").path
        for name in ["status", "stty.before", "stty.after"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        var variables = [
            "HOME": home.path,
            "XDG_STATE_HOME": state.path,
            "INPUTRC": folder.appendingPathComponent("inputrc").path,
            "TERM": "screen",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
        ]
        for (key, value) in environment { variables[key] = value }
        let assignments = variables.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        let unset = variables.filter { $0.value.isEmpty }.map { "-u \($0.key)" }.joined(separator: " ")
        let command = ([ParleyProcess.executable.path] + arguments).map(Self.quoted).joined(separator: " ")
        let dir = Self.quoted(folder.path)
        // The shell shares parley's process group, so Ctrl-C and Ctrl-\ reach it too:
        // the trap keeps it alive to record the status (a trapped signal is
        // back to its default in parley, as in a real shell).
        let script = """
            trap : INT QUIT; umask \(umask); cd \(dir); stty -g > stty.before; \
            env \(unset) \(assignments) \(command); echo $? > status.tmp; \
            stty -g > stty.after; mv status.tmp status; exec sleep 3600
            """
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", String(columns), "-y", String(rows), "sh", "-c", script])
        running = true
    }

    /// Starts an interactive bash (job control: Ctrl-Z, `bg`, `fg`) with the
    /// session's environment and the prompt "sh$ "; type the command to run.
    func startShell(environment: [String: String] = [:], columns: Int = 100, rows: Int = 40) throws {
        stop()
        starts += 1
        socket = folder.appendingPathComponent("tmux-\(starts).sock").path
        var variables = [
            "HOME": home.path, "XDG_STATE_HOME": state.path, "INPUTRC": folder.appendingPathComponent("inputrc").path,
            "TERM": "screen", "LANG": "C.UTF-8", "NO_COLOR": "1", "PS1": "sh$ ", "PATH": "/usr/bin:/bin",
        ]
        for (key, value) in environment { variables[key] = value }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", String(columns), "-y", String(rows), "-c", folder.path,
                  "env -i " + assignments.joined(separator: " ") + " bash --norc --noprofile -i"])
        running = true
    }

    /// The command line that runs parley with `arguments`, for `startShell`.
    static func commandLine(_ arguments: [String]) -> String {
        ([ParleyProcess.executable.path] + arguments).map(quoted).joined(separator: " ")
    }

    /// Replaces the session's inputrc (the default turns bracketed paste off).
    func inputrc(_ text: String) throws {
        try text.write(to: folder.appendingPathComponent("inputrc"), atomically: true, encoding: .utf8)
    }

    /// Ends the tmux server and everything in it.
    func stop() {
        guard running else { return }
        running = false
        _ = try? tmux(["kill-server"])
    }

    /// Types `text` literally.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-l", "--", text])
    }

    /// Presses keys by tmux name: "Enter", "Left", "C-c", "Up", "Tab"…
    func press(_ keys: String...) throws {
        try tmux(["send-keys"] + keys)
    }

    /// Resizes the terminal, as a person resizing the window would.
    func resize(columns: Int, rows: Int = 40) throws {
        try tmux(["resize-window", "-x", String(columns), "-y", String(rows)])
    }

    /// Sends raw bytes, given in hex ("1b", "ff").
    func send(bytes: [String]) throws {
        try tmux(["send-keys", "-H"] + bytes)
    }

    /// The screen and its scroll-back as text, trailing spaces trimmed;
    /// `escapes` keeps colours and attributes as escape sequences.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-S", "-500"] + (escapes ? ["-e"] : []))
    }

    /// The screen's lines without the blank ones at the bottom.
    func lines() throws -> [String] {
        var lines = try screen().split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " }.reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Waits until `condition` holds for the screen's lines; the lines.
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = TerminalSession.timeout,
                   _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String] = []
        while Date() < deadline {
            last = try lines()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n" + last.joined(separator: "\n"))
    }

    /// Waits until `text` is on the screen.
    @discardableResult
    func waitFor(_ text: String) throws -> [String] {
        try waitUntil("'\(text)'") { $0.contains { $0.contains(text) } }
    }

    /// Waits for an empty prompt on the last line, after `count` prompts in all.
    @discardableResult
    func waitForPrompt(_ count: Int? = nil, prompt: String = "you>") throws -> [String] {
        try waitUntil("prompt \(count.map(String.init) ?? "")") { lines in
            lines.last == prompt && (count == nil || lines.filter { $0.hasPrefix(prompt) }.count == count)
        }
    }

    /// Waits until the last line is `line`.
    @discardableResult
    func waitForLastLine(_ line: String) throws -> [String] {
        try waitUntil("last line '\(line)'") { $0.last == line }
    }

    struct Exit {
        var status: Int32
        /// The terminal's settings (`stty -g`) were the same after parley as before.
        var terminalRestored: Bool
    }

    /// Waits for parley to end.
    func waitForExit(timeout: TimeInterval = TerminalSession.timeout) throws -> Exit {
        let statusFile = folder.appendingPathComponent("status")
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: statusFile, encoding: .utf8) {
                let before = try String(contentsOf: folder.appendingPathComponent("stty.before"), encoding: .utf8)
                let after = try String(contentsOf: folder.appendingPathComponent("stty.after"), encoding: .utf8)
                return Exit(status: Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
                            terminalRestored: before == after)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "parley did not exit; the screen was:\n" + ((try? screen()) ?? ""))
    }

    /// Every file under the session's HOME and XDG_STATE_HOME.
    func storedFiles() -> [String] {
        var found: [String] = []
        for root in [home, state] {
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let item = walker.nextObject() as? String { found.append(root.lastPathComponent + "/" + item) }
        }
        return found.sorted()
    }

    /// Marks every descriptor above stderr close-on-exec, so a program started
    /// now inherits none of them (Foundation's pipes are not marked). The
    /// descriptors a child should have are dup'ed into 0-2, which clears the mark.
    static func closeOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            guard let descriptor = Int32(entry), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// Runs tmux and waits for it. Spawned with posix_spawn and reaped with
    /// waitpid: Foundation's Process can miss the exit of a client whose
    /// server daemonized. Output goes to a file, not a pipe: the server that
    /// `new-session` starts would hold a pipe open for as long as it runs.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputFile = folder.appendingPathComponent("tmux.out").path
        // -u: keys typed with send-keys are UTF-8 whatever the test runner's locale.
        let argv = ["tmux", "-u", "-S", socket] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server tmux starts outlives this call: it must not keep copies of
        // pipes other tests are using (their readers would never see the end)...
        Self.closeOnExec()
        // ...nor the test thread's blocked signals, or it never hears kill-server's
        // SIGCHLDs and the like, and lingers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        var pid: pid_t = 0
        // Outside any tmux the test runner may itself be in.
        var environment: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment
            .filter { $0.key != "TMUX" && $0.key != "TMUX_PANE" }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &pointers, &environment)
        guard spawned == 0 else { throw Failure(description: "cannot run tmux: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        let text = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0 && (status >> 8) & 0xFF == 0
        if !exited, arguments.first != "kill-server" {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Whether tmux can be run here (the tests need it; .ci/run installs it).
    static var tmuxAvailable: Bool {
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
        } ?? false
    }
}
