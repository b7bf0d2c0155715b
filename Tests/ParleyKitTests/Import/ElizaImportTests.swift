@testable import ParleyKit
import Testing

/// `parley import eliza`'s reader and converter, on scripts written here.
@Suite struct ElizaImportTests {
    /// A small script of our own in Weizenbaum's format, using every construct.
    static let script = """
        ; A tiny gardener: comments, START, substitutions, DLIST tags,
        ; precedence, links, NEWKEY, PRE, MEMORY and NONE.
        (HELLO.  WHAT GROWS IN YOUR GARDEN)
        START
        (MY = YOUR 2
            ((0 YOUR 0 (/PLANT) 0)
                (TELL ME ABOUT YOUR 4)
                (WHERE DOES YOUR 4 GROW))
            ((0 YOUR 0)
                (YOUR 3)))
        (I = YOU
            ((0 YOU (* LIKE LOVE) 0)
                (WHY DO YOU 3 4))
            ((0)
                (NEWKEY)))
        (I'M = YOU'RE
            ((0 YOU'RE 0)
                (PRE (YOU ARE 3) (=I))))
        (ARE
            ((0 YOU ARE 0)
                (HOW LONG HAVE YOU BEEN 4)))
        (TREE 5 (=PLANT))
        (PLANT
            ((0)
                (PLANTS NEED PATIENCE)
                (WHAT ELSE DO YOU GROW)))
        (ROSE DLIST(/PLANT))
        (TULIP DLIST(/ PLANT))
        (ME = YOU)
        (MEMORY MY
            (0 YOUR 0 = EARLIER YOU MENTIONED YOUR 3)
            (0 YOUR 0 = LET US RETURN TO YOUR 3)
            (0 YOUR 0 = WHAT ABOUT YOUR 3)
            (0 YOUR 0 = STILL THINKING OF YOUR 3))
        (NONE
            ((0)
                (GO ON)
                (TELL ME MORE)))
        ()
        """

    static func imported() throws -> CompiledDialog {
        let text = try ElizaConverter.dialog(from: try ElizaScript.parse(script), name: "gardener", source: "gardener.txt")
        let result = compile(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))\n\(text)")
        return try dialog(text)
    }

    @Test func readsEveryPart() throws {
        let parsed = try ElizaScript.parse(Self.script)
        #expect(parsed.opening == ["HELLO.", "WHAT", "GROWS", "IN", "YOUR", "GARDEN"])
        #expect(parsed.rules.map(\.keyword) == ["MY", "I", "I'M", "ARE", "TREE", "PLANT", "ROSE", "TULIP", "ME"])
        let my = parsed.rules[0]
        #expect(my.substitute == "YOUR" && my.precedence == 2 && my.transformations.count == 2)
        #expect(my.transformations[0].decomposition == [.count(0), .word("YOUR"), .count(0), .tags(["PLANT"]), .count(0)])
        #expect(parsed.rules[1].transformations[0].decomposition[2] == .oneOf(["LIKE", "LOVE"]))
        #expect(parsed.rules[1].transformations[1].reassemblies == [.newkey])
        guard case .pre(let words, "I", _) = parsed.rules[2].transformations[0].reassemblies[0] else {
            Issue.record("PRE not read")
            return
        }
        #expect(words == ["YOU", "ARE", "3"])
        #expect(parsed.rules[4].link == "PLANT" && parsed.rules[4].precedence == 5)
        #expect(parsed.rules[7].tags == ["PLANT"])
        #expect(parsed.memory?.transformations.count == 4)
        #expect(parsed.none == [["GO", "ON"], ["TELL", "ME", "MORE"]])
    }

    @Test func theConvertedDialogRunsTheScript() throws {
        // Line by line, as ELIZA would answer (the opening is line 1):
        var fresh = Conversation(try Self.imported())
        #expect(fresh.last.replies.map(\.text) == ["Hello. What grows in your garden"])
        func ask(_ line: String) -> String { fresh.say(line).replies.map(\.text).joined(separator: " | ") }
        #expect(ask("Well, my rose is wilting.") == "Tell me about your rose")  // MY outranks; ROSE is a PLANT
        #expect(ask("I love tulips") == "Why do you love tulips")
        #expect(ask("Hmm.") == "Let us return to your rose is wilting", "line 4: the memory rule chosen by the hash of WILTING")
        #expect(ask("I'm tired of weeds") == "Go on",
                "PRE rewrites and goes to I, which passes; ARE was not a keyword of the line, so NONE answers")
        #expect(ask("a tree fell") == "Plants need patience", "TREE links to PLANT")
        #expect(ask("the weather") == "Tell me more")
        #expect(ask("I think so") == "Go on", "NEWKEY with no keyword left goes to NONE")
        #expect(ask("my tulip died") == "Where does your tulip grow")
    }

    @Test func theHashPicksTheMemoryRuleAsELIZADid() throws {
        // WILTING is held as INVENT-style cells, WILTIN and G: the hash reads "G     ".
        #expect(LastWordHash.lastChunk("wilting") == 0o276060606060)
        #expect(LastWordHash.choice(lastWord: "wilting", count: 4) == 1)
    }

    @Test func malformedScriptsArePointedAtByLineAndColumn() {
        func problem(_ text: String) -> String {
            do {
                let script = try ElizaScript.parse(text)
                _ = try ElizaConverter.dialog(from: script, name: "x", source: "x")
                return "no problem"
            } catch {
                return error.description
            }
        }
        #expect(problem("(HI)\n(NONE ((0) (GO ON))\n") == "2:1: '(' is never closed")
        #expect(problem("(HI)\n(NONE ((0) (GO ON))))\n") == "2:21: ')' without its '('")
        #expect(problem("HI\n") == "1:1: a script starts with its opening remark in a list, as in (HOW DO YOU DO)")
        #expect(problem("(HI)\n(X\n  ((0 X 0)\n    (WHY 4)))\n(NONE ((0) (GO ON)))") == "3:4: reassembly part 4, but the pattern has 3 parts")
        #expect(problem("(HI)\n(X ((0) (=Y)))\n(NONE ((0) (GO ON)))") == "2:10: Y is linked to, but has no rules of its own")
        #expect(problem("(HI)\n(X 3 ((0) (OK)))\n") .hasSuffix("the script has no NONE rule; every script needs one, as in (NONE ((0) (PLEASE GO ON)))"))
        #expect(problem("(HI)\n(X ((0 (+ A B)) (OK)))\n(NONE ((0) (GO ON)))") == "2:8: a list in a pattern starts with '*' (one of these words) or '/' (tags)")
        #expect(problem("(HI)\n(X = )\n(NONE ((0) (GO ON)))") == "2:4: '=' is followed by the word that replaces the keyword")
        #expect(problem("(HI)\n(X ((0) (OK)))\n(X ((0) (OK)))\n(NONE ((0) (GO ON)))") == "3:2: keyword X has a rule already, at 2:2")
        #expect(problem("(HI)\n(MEMORY X (0 X 0 = Y 3))\n(NONE ((0) (GO ON)))") == "2:1: the MEMORY rule's keyword X has no rule of its own")
        #expect(problem("(HI)\n(X ((0) (PRE (A) B)))\n(NONE ((0) (GO ON)))") == "2:9: PRE takes a reassembly and a link, as in (PRE (I ARE 3) (=YOU))")
        #expect(problem("(HI)\n(X ((0 Y*Z 0) (OK)))\n(NONE ((0) (GO ON)))") == "2:8: 'Y*Z': a word in a pattern is made of letters, digits, ' and -")
        #expect(problem("(HI)\n(X ((0 (/PETS) 0) (OK)))\n(NONE ((0) (GO ON)))") == "2:5: no keyword has PETS in its DLIST, so (/PETS) can never match")
        #expect(problem(String(repeating: "(", count: 40)).hasSuffix("lists nested more than 32 deep"))
    }

    @Test func damagedScriptsGiveAProblemOrADialogNeverACrash() throws {
        var random = SplitMix64(state: 14)
        let pieces: [Character] = ["(", ")", " ", "0", "3", "=", "A", "*", "/", "\n", ";"]
        var outcomes = (parsed: 0, refused: 0)
        for _ in 0..<300 {
            var text = Array(Self.script)
            for _ in 0..<1 + Int(random.next() % 4) {
                let at = Int(random.next() % UInt64(text.count))
                text[at] = pieces[Int(random.next() % UInt64(pieces.count))]
            }
            do {
                let dialogText = try ElizaConverter.dialog(from: try ElizaScript.parse(String(text)), name: "x", source: "x")
                // What converts must compile: the converter never writes what the compiler refuses.
                let result = compile(dialogText)
                #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
                outcomes.parsed += 1
            } catch {
                #expect(error.position.line >= 1 && error.position.column >= 1)
                outcomes.refused += 1
            }
        }
        #expect(outcomes.parsed > 0 && outcomes.refused > 0)
    }

    @Test func namesAreMadeValidAndUnique() {
        let names = ElizaConverter.names(for: ["I'M", "I-M", "2ND", "YOU'RE"])
        #expect(names == ["I'M": "i-m", "I-M": "i-m-2", "2ND": "k2nd", "YOU'RE": "you-re"])
    }
}
