// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley-main"]),
        .library(name: "ParleyKit", targets: ["ParleyKit"]),
        .library(name: "ParleyStore", targets: ["ParleyStore"]),
        .library(name: "ParleyBridge", targets: ["ParleyBridge"]),
        .library(name: "ParleyLSP", targets: ["ParleyLSP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The engine: dialog language, compiler, matcher, runtime, transcripts.
        // No terminal or process code; the only I/O is reading dialog files.
        // NFKC through the toolchain's ICU (`_FoundationICU`, which has no
        // `link` in its module map), not Foundation: Unicode/CompatibilityNormalization.swift.
        .target(name: "ParleyKit", linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]),

        // Session stores: the SessionStore protocol, the codec of a stored
        // session, and the SQLite store.
        .target(name: "ParleyStore", dependencies: ["ParleyKit", "ParleyFiles", "CSQLite", "CSQLiteLoader", "CLibPQ", "CLibPQLoader"]),

        // The bridge protocol with no I/O: JSON-RPC requests, the handler over
        // a session store, log lines, recorded bridge sessions, line framing.
        .target(name: "ParleyBridge", dependencies: ["ParleyKit", "ParleyStore", "ParleyThreads"]),

        // Starting a POSIX thread, for the two targets that do (the bridge's
        // lanes, the background decoding of a built-in dialog); not in
        // ParleyKit, which starts no threads.
        .target(name: "ParleyThreads"),

        // Private files (0600 in 0700 folders, atomic, never through a link):
        // one implementation for the chat's files and the session store.
        .target(name: "ParleyFiles"),

        // The system SQLite, for the bridge's session store (Debian: libsqlite3-dev).
        // Headers only: no `link`, which would load SQLite at every start.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // SQLite loaded on first use (dlopen), as libpq is.
        .target(name: "CSQLiteLoader"),
        // libpq, PostgreSQL's client library, for the PostgreSQL session store
        // (Debian: libpq-dev); not PostgresNIO, see docs/bridge-protocol.md.
        // Headers only: no `pkgConfig:`, whose flags would link libpq.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        // libpq loaded on first use (dlopen), not at every start of `parley`.
        .target(name: "CLibPQLoader"),

        // The dialogs that ship inside the binary, compiled at build time
        // (the compiled-dialog format), with their source text beside them.
        .target(
            name: "BuiltinDialogs",
            dependencies: ["ParleyKit", "ParleyThreads"],
            plugins: ["EmbedDialogs"]
        ),
        .executableTarget(name: "parley-embed", dependencies: ["ParleyKit"], path: "Sources/parley-embed"),
        .plugin(
            name: "EmbedDialogs",
            capability: .buildTool(),
            dependencies: ["parley-embed"]
        ),

        // GNU readline for the terminal chat (Debian: libreadline-dev). No
        // `pkgConfig:`: Debian's readline.pc adds flags SwiftPM rejects.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // C helpers: readline's globals for the chat (Swift 6 rejects direct
        // use of C mutable globals), the async-signal-safe signal handler
        // the chat and the bridge share, and glibc's malloc arena limit
        // (malloc.h is not in Swift's Glibc module).
        .target(name: "CTerminal", dependencies: ["CReadline"]),

        // The language server's logic (documents, positions, requests); the
        // `parley lsp` command does its stdin/stdout.
        .target(name: "ParleyLSP", dependencies: ["ParleyKit"]),

        // The command-line tool: argument parsing and the front ends' I/O.
        // A library target, so that the tests link it without the executable's
        // static runtime (no static XCTest or Testing exists to link with it).
        .target(
            name: "parley",
            dependencies: [
                "ParleyKit",
                "ParleyStore",
                "ParleyBridge",
                "ParleyLSP",
                "ParleyFiles",
                "BuiltinDialogs",
                "CReadline",
                "CTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The `parley` executable: only its entry point, linked with the Swift
        // runtime and FoundationEssentials statically on Linux (no target it
        // links imports Foundation). Loading them as shared libraries cost
        // about 16 M instructions of symbol binding per start
        // (docs/performance.md, "Chat start-up").
        .executableTarget(
            name: "parley-main",
            dependencies: ["parley"],
            path: "Sources/parley-main",
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))],
            // Not position-independent: the dynamic linker then has no
            // relative relocations to apply (about 82,000, with the pages
            // they write copied, at every start; LD_DEBUG=statistics).
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux]))]
        ),

        // Benchmarks: `swift run -c release parley-bench`.
        .executableTarget(name: "parley-bench", dependencies: ["ParleyKit", "ParleyLSP", "BuiltinDialogs"]),

        // The bridge benchmark: drives the real `parley bridge` process.
        // `swift build -c release && .build/release/parley-bridge-bench`.
        .executableTarget(name: "parley-bridge-bench"),

        .testTarget(name: "ParleyKitTests", dependencies: ["ParleyKit", "ParleyStore", "ParleyBridge", "ParleyFiles", "BuiltinDialogs", "CSQLite"]),
        .testTarget(name: "ParleyLSPTests", dependencies: ["ParleyLSP", "ParleyKit"]),
        // End-to-end: drives the real `parley` binary.
        .testTarget(name: "ParleyCLITests", dependencies: ["ParleyKit", "ParleyStore", "ParleyBridge", "parley", "BuiltinDialogs"]),
        // The chat's pieces (rendering, commands, files), unit-tested in process.
        .testTarget(name: "ParleyChatTests", dependencies: ["parley", "ParleyKit", "ParleyFiles", "BuiltinDialogs"]),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (issue 17), only when PARLEY_FUZZ is set, so that `swift build`
// and `swift test` never build them. Fuzz/run builds them with libFuzzer
// (`-sanitize=fuzzer`) in .build-fuzz and runs them; docs/fuzzing.md.
if Context.environment["PARLEY_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzer", path: "Fuzz/CFuzzer"),
        .executableTarget(name: "fuzz-dialog-compiler", dependencies: ["ParleyKit", "CFuzzer"], path: "Fuzz/DialogCompiler"),
        .executableTarget(name: "fuzz-transcript", dependencies: ["ParleyKit", "CFuzzer"], path: "Fuzz/Transcript"),
        .executableTarget(name: "fuzz-bridge-request", dependencies: ["ParleyKit", "ParleyBridge", "CFuzzer"], path: "Fuzz/BridgeRequest"),
    ]
}
