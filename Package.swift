// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyKit", targets: ["ParleyKit"]),
        .library(name: "ParleyLSP", targets: ["ParleyLSP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The engine: dialog language, compiler, matcher, runtime, transcripts.
        // No terminal or process code; the only I/O is reading dialog files.
        .target(name: "ParleyKit", dependencies: ["CSQLite"]),

        // The system SQLite, for the bridge's session store (Debian: libsqlite3-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),

        // The dialogs that ship inside the binary, embedded as source at build time.
        .target(
            name: "BuiltinDialogs",
            dependencies: ["ParleyKit"],
            plugins: ["EmbedDialogs"]
        ),
        .executableTarget(name: "parley-embed", path: "Sources/parley-embed"),
        .plugin(
            name: "EmbedDialogs",
            capability: .buildTool(),
            dependencies: ["parley-embed"]
        ),

        // GNU readline for the terminal chat (Debian: libreadline-dev). No
        // `pkgConfig:`: Debian's readline.pc adds flags SwiftPM rejects.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // C helpers the chat needs: readline's globals (Swift 6 rejects direct
        // use of C mutable globals) and an async-signal-safe signal handler.
        .target(name: "CTerminal", dependencies: ["CReadline"]),

        // The language server's logic (documents, positions, requests); the
        // `parley lsp` command does its stdin/stdout.
        .target(name: "ParleyLSP", dependencies: ["ParleyKit"]),

        // The command-line tool: argument parsing and the front ends' I/O.
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyKit",
                "ParleyLSP",
                "BuiltinDialogs",
                "CReadline",
                "CTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmarks: `swift run -c release parley-bench`.
        .executableTarget(name: "parley-bench", dependencies: ["ParleyKit", "ParleyLSP", "BuiltinDialogs"]),

        // The bridge benchmark: drives the real `parley bridge` process.
        // `swift build -c release && .build/release/parley-bridge-bench`.
        .executableTarget(name: "parley-bridge-bench"),

        .testTarget(name: "ParleyKitTests", dependencies: ["ParleyKit", "BuiltinDialogs", "CSQLite"]),
        .testTarget(name: "ParleyLSPTests", dependencies: ["ParleyLSP", "ParleyKit"]),
        // End-to-end: drives the real `parley` binary.
        .testTarget(name: "ParleyCLITests", dependencies: ["ParleyKit", "parley", "BuiltinDialogs"]),
        // The chat's pieces (rendering, commands, files), unit-tested in process.
        .testTarget(name: "ParleyChatTests", dependencies: ["parley", "ParleyKit", "BuiltinDialogs"]),
    ],
    swiftLanguageModes: [.v6]
)
