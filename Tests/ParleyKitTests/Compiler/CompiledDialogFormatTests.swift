import BuiltinDialogs
import Foundation
@testable import ParleyKit
import Testing

/// The compiled-dialog format (`CompiledDialog.serialised()`) and the
/// built-in dialogs the build stores in it: what `parley` loads must be what
/// compiling the source gives, field for field.
@Suite struct CompiledDialogFormatTests {
    /// Each built-in dialog compiled from its text now, and as the build stored it.
    static func pair(_ name: String) throws -> (source: CompiledDialog, loaded: CompiledDialog) {
        let compiled = BuiltinDialogs.compile(name, warnings: false)
        let source = try #require(compiled.dialog, "\(name) does not compile")
        let loaded = BuiltinDialogs.load(name)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.message))")
        #expect(loaded.sources == compiled.sources)
        return (source, try #require(loaded.dialog, "\(name) does not load"))
    }

    @Test(arguments: BuiltinDialogs.names)
    func builtInDialogLoadsAsItCompiles(_ name: String) throws {
        let (source, loaded) = try Self.pair(name)
        #expect(loaded.fingerprint == source.fingerprint)
        #expect(!loaded.fingerprint.isEmpty)
        let differences = structuralDifferences(source, loaded)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test(arguments: BuiltinDialogs.names)
    func roundTripGivesTheSameDialogAndTheSameBytes(_ name: String) throws {
        let source = try #require(BuiltinDialogs.compile(name, warnings: false).dialog)
        let bytes = source.serialised()
        let decoded = try CompiledDialog(serialised: bytes)
        let differences = structuralDifferences(source, decoded)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        // Dictionaries and sets are written sorted: the same dialog, the same bytes.
        #expect(decoded.serialised() == bytes)
    }

    /// A preloaded dialog is the one named, as `load` decodes it; it is used
    /// once, and a name that is no built-in starts nothing.
    @Test func preloadGivesTheNamedDialog() throws {
        // Not the default dialog, so that loading the default by mistake fails.
        let name = try #require(BuiltinDialogs.names.first { $0 != BuiltinDialogs.defaultName })
        BuiltinDialogs.preload(name)
        let preloaded = try #require(BuiltinDialogs.load(name).dialog)
        let decoded = try #require(BuiltinDialogs.load(name).dialog)
        #expect(preloaded.name == decoded.name)
        let differences = structuralDifferences(decoded, preloaded)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        BuiltinDialogs.preload("no such dialog")
        #expect(BuiltinDialogs.load("no such dialog").dialog == nil)

        // `loading` takes the preload over, or starts one; its result can be waited for again.
        BuiltinDialogs.preload(name)
        let takenOver = BuiltinDialogs.loading(name)
        #expect(BuiltinDialogs.load(name).dialog != nil)
        let started = BuiltinDialogs.loading(name)
        for background in [takenOver, started] {
            let first = try #require(background.wait().dialog)
            let again = try #require(background.wait().dialog)
            #expect(structuralDifferences(decoded, first).isEmpty)
            #expect(structuralDifferences(decoded, again).isEmpty)
        }
        #expect(BuiltinDialogs.loading("no such dialog").wait().diagnostics.map(\.message) == ["there is no built-in dialog 'no such dialog'"])
    }

    /// The comparison above can fail: a change to one field anywhere is found and named.
    @Test func theComparisonFindsAChangedField() throws {
        let (source, loaded) = try Self.pair("sample")
        var changed = loaded
        changed.states[changed.states.count - 1].notInCare.toggle()
        #expect(structuralDifferences(source, changed).first?.hasSuffix("notInCare: false ≠ true") == true)

        var reordered = loaded
        reordered.matcher = IntentMatcher(lexicon: loaded.matcher.lexicon, intents: loaded.matcher.intents,
                                          entries: loaded.matcher.entries.all.reversed())
        #expect(!structuralDifferences(source, reordered).isEmpty)

        var renamed = loaded
        renamed.stateIDs["no such state"] = 0
        #expect(structuralDifferences(source, renamed) == [".stateIDs[\"no such state\"]: only in the second"])
    }

    /// Conversations give the same turns (replies, options, state, intent and
    /// score, variables, signs of danger, and the states, handlers and options
    /// each turn went through), from the dialog loaded and the dialog compiled:
    /// every transcript of the built-in dialogs, replayed with both.
    @Test(arguments: BuiltinDialogs.names)
    func transcriptsGiveTheSameTurns(_ name: String) throws {
        let (source, loaded) = try Self.pair(name)
        let transcripts = Self.transcripts(of: name)
        #expect(!transcripts.isEmpty)
        for transcript in transcripts {
            let expected = TranscriptReplayer(dialog: source).replay(transcript)
            let actual = TranscriptReplayer(dialog: loaded).replay(transcript)
            #expect(actual.passed == expected.passed, "\(transcript.path)")
            #expect(actual.turns.count == expected.turns.count, "\(transcript.path)")
            #expect(actual.variables == expected.variables, "\(transcript.path)")
            for (k, (a, b)) in zip(expected.turns, actual.turns).enumerated() {
                let place = "\(transcript.path), turn \(k)"
                #expect(a.replies == b.replies, "\(place)")
                #expect(a.options == b.options, "\(place)")
                #expect(a.state == b.state, "\(place)")
                #expect(a.intent == b.intent && a.score == b.score, "\(place)")
                #expect(a.ended == b.ended && a.signs == b.signs, "\(place)")
                #expect(a.trace == b.trace, "\(place)")
            }
        }
    }

    /// The package's transcripts whose `dialog` line names the built-in dialog `name`.
    static func transcripts(of name: String) -> [Transcript] {
        Package.files(under: "Fixtures", suffix: ".chat").compactMap { path -> Transcript? in
            guard let text = try? Package.text(path), case .success(let transcript) = Transcript.parse(text, path: path),
                  transcript.dialog?.hasSuffix("Dialogs/" + name) == true else { return nil }
            return transcript
        }
    }

    // MARK: - Bytes that are not a compiled dialog

    static let sampleBytes = BuiltinDialogs.compile("sample", warnings: false).dialog!.serialised()

    @Test func wrongMagicIsRefused() {
        #expect(throws: CompiledDialogFormatError.notACompiledDialog) { try CompiledDialog(serialised: []) }
        #expect(throws: CompiledDialogFormatError.notACompiledDialog) {
            try CompiledDialog(serialised: Array("dialog Sample\n".utf8))
        }
        var bytes = Self.sampleBytes
        bytes[0] ^= 0x20
        #expect(throws: CompiledDialogFormatError.notACompiledDialog) { try CompiledDialog(serialised: bytes) }
    }

    @Test func anotherVersionIsRefused() {
        var bytes = Self.sampleBytes
        bytes[8] &+= 1
        #expect(throws: CompiledDialogFormatError.unsupportedVersion(found: CompiledDialog.binaryFormatVersion + 1,
                                                                       supported: CompiledDialog.binaryFormatVersion)) {
            try CompiledDialog(serialised: bytes)
        }
    }

    /// Every cut, at the header's bytes and at 300 places through the body, is
    /// an error (a typed one), never a trap. With the length field mended, so
    /// the reader goes on into the cut body, too.
    @Test func truncatedBytesAreRefused() {
        let bytes = Self.sampleBytes
        let cuts = Array(0..<40) + stride(from: 40, to: bytes.count, by: max(1, bytes.count / 300))
        for cut in cuts {
            let prefix = Array(bytes.prefix(cut))
            #expect(throws: CompiledDialogFormatError.self) { try CompiledDialog(serialised: prefix) }
            guard cut >= 20 else { continue }
            var mended = prefix
            mended.replaceSubrange(12..<20, with: CompiledDialog.lengthField(cut - 20))
            do {
                _ = try CompiledDialog(serialised: mended)
                Issue.record("a dialog cut at byte \(cut) of \(bytes.count) was read")
            } catch {
                #expect(error != .notACompiledDialog)
            }
        }
        var longer = bytes
        longer.append(0)
        #expect(throws: CompiledDialogFormatError.malformed("1 bytes after the dialog", offset: bytes.count)) {
            try CompiledDialog(serialised: longer)
        }
    }

    /// Changed bytes in the body give an error or some dialog, never a trap,
    /// a hang or an allocation beyond the input's size.
    @Test func changedBytesNeverTrap() {
        var generator = SplitMix64(state: 12)
        let bytes = Self.sampleBytes
        for _ in 0..<400 {
            var changed = bytes
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let at = 20 + Int(generator.next() % UInt64(bytes.count - 20))
                changed[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = try? CompiledDialog(serialised: changed)
        }
    }

    @Test func aHugeCountIsATruncationNotAnAllocation() {
        // The header, then a string table claiming 2^24 - 1 strings in four bytes.
        var bytes = Array("PARLEYCD".utf8)
        withUnsafeBytes(of: CompiledDialog.binaryFormatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        bytes += CompiledDialog.lengthField(4)
        bytes += [0x7F, 0x7F, 0x7F, 0x3F]
        #expect(throws: CompiledDialogFormatError.truncated(offset: 20)) { try CompiledDialog(serialised: bytes) }
    }

    /// The matcher's index is stored, not rebuilt: an index that does not fit
    /// its entries and vocabulary (a number out of range, an anchor on a
    /// wildcard or on an entry that is no pattern) is refused with what and where.
    @Test func anIndexThatDoesNotFitIsRefused() throws {
        let source = try #require(BuiltinDialogs.compile("trust", warnings: false).dialog)
        let entries = source.matcher.entries.count
        let all = source.matcher.entries.all
        let pattern = try #require(all.indices.first { index in
            if case .pattern(let elements) = all[index].shape { elements.contains(.anyWords) } else { false }
        })
        guard case .pattern(let elements) = all[pattern].shape else { return }
        let wildcard = try #require(elements.firstIndex(of: .anyWords))
        let notPattern = try #require(all.indices.first { index in
            if case .phrase = all[index].shape { true } else { false }
        })
        let lists = source.matcher.postings.lists
        let term = try #require(lists.indices.first { !lists[$0].isEmpty })
        func postings(_ change: (inout [[Int32]]) -> Void) -> IntentMatcher.Postings {
            var changed = lists
            change(&changed)
            return IntentMatcher.Postings(changed)
        }

        var changes: [(String, (inout IntentMatcher) -> Void)] = [
            ("entry \(entries) of \(entries) in the postings", { $0.postings = postings { $0[term].append(Int32(entries)) } }),
            ("entry -1 of \(entries) in the postings", { $0.postings = postings { $0[term][0] = -1 } }),
            ("postings for \(lists.count - 1) terms of \(lists.count)", { $0.postings = postings { _ = $0.popLast() } }),
            ("\(entries - 1) anchors for \(entries) entries", { _ = $0.patternAnchors.popLast() }),
            ("an anchor on a wildcard", { $0.patternAnchors[pattern] = Int32(wildcard) }),
            ("anchor \(elements.count) of \(elements.count) elements", { $0.patternAnchors[pattern] = Int32(elements.count) }),
            ("an anchor for entry \(notPattern), not a pattern", { $0.patternAnchors[notPattern] = 0 }),
            ("intent \(source.matcher.intents.count) of \(source.matcher.intents.count)", {
                $0.readingIntents.append(Int32(source.matcher.intents.count))
            }),
            ("\(source.matcher.topicTerms.count + 1) topic terms of \(source.matcher.topicTerms.count)", { $0.topicTerms.append(true) }),
        ]
        // The unchanged dialog reads, so each refusal below is the change's.
        changes.insert(("", { _ in }), at: 0)
        for (message, change) in changes {
            var dialog = source
            change(&dialog.matcher)
            do {
                _ = try CompiledDialog(serialised: dialog.serialised())
                #expect(message.isEmpty, "read despite: \(message)")
            } catch {
                guard case .malformed(let what, _) = error else {
                    Issue.record("\(error) for \(message)")
                    continue
                }
                #expect(what == message)
            }
        }
    }

    @Test func deepNestingIsRefused() {
        var condition = CompiledCondition.visited(0)
        for _ in 0..<BinaryReader.maximumDepth { condition = .not(condition) }
        var writer = BinaryWriter()
        writer.write(condition)
        writer.body.withUnsafeBufferPointer { body in
            var reader = BinaryReader(body, from: 0, to: body.count)
            #expect(throws: CompiledDialogFormatError.self) { try CompiledCondition(from: &reader) }
        }

        // One level less is read.
        guard case .not(let shallower) = condition else { return }
        writer = BinaryWriter()
        writer.write(shallower)
        writer.body.withUnsafeBufferPointer { body in
            var reader = BinaryReader(body, from: 0, to: body.count)
            #expect(throws: Never.self) { try CompiledCondition(from: &reader) }
        }
    }

    /// The format is UTF-8 text, so that the build can embed it in a string
    /// literal read in place: every byte outside the strings is below 0x80.
    @Test(arguments: BuiltinDialogs.names)
    func bytesAreUTF8Text(_ name: String) throws {
        let bytes = try #require(BuiltinDialogs.compile(name, warnings: false).dialog).serialised()
        #expect(Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes)
        // Numbers whose LEB128 bytes would be above 0x7F, and hashes.
        var writer = BinaryWriter()
        writer.writeUnsigned(.max)
        writer.writeSigned(.min)
        writer.write(-0.5)
        writer.writeFixedWidth([.max, 0x8080_8080_8080_8080])
        #expect(writer.body.allSatisfy { $0 < 0x80 })
    }

    /// Bytes above 0x7F where a number or a length belongs are refused with
    /// what and where, not read as another number.
    @Test func aByteAboveSevenBitsIsRefused() {
        var bytes = Array("PARLEYCD".utf8)
        withUnsafeBytes(of: CompiledDialog.binaryFormatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        bytes += CompiledDialog.lengthField(2)
        bytes += [0x41, 0x80]
        #expect(throws: CompiledDialogFormatError.malformed("a byte above 0x7F in a number", offset: 20)) {
            try CompiledDialog(serialised: bytes)
        }
        bytes[13] = 0x81
        #expect(throws: CompiledDialogFormatError.malformed("a length byte above 0x7F", offset: 13)) {
            try CompiledDialog(serialised: bytes)
        }
    }
}
