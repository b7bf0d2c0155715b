import Foundation

/// Runs the real `parley` binary, as a user or a bridge would.
enum ParleyProcess {
    /// The built `parley` next to the test bundle (`.build/<config>/parley`).
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is `.build/<config>/ParleyPackageTests.xctest`; on macOS a bundle inside it.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("parley").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("parley")
    }

    /// The package's root folder, for fixtures and dialogs.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs parley with `arguments`, feeding `input` on stdin, in `directory`
    /// (default: the package root), with extra environment variables.
    static func run(_ arguments: [String], input: Data = Data(), directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["PARLEY_STORE"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while writing, so a full pipe cannot block either side.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        group.enter()
        DispatchQueue.global().async { out = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        group.wait()
        let status = try ChildExit.wait(for: process, timeout: 300)
        return Output(status: status, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    static func run(_ arguments: [String], input: String, directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> Output {
        try run(arguments, input: Data(input.utf8), directory: directory, environment: environment)
    }
}
