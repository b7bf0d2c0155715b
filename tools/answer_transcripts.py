#!/usr/bin/env python3
"""Writes the inputs of Fixtures/trust/answers/*.chat: every answer class at
every reflective question of every track (issue 11).

Usage: python3 tools/answer_transcripts.py && .build/debug/parley test --update Fixtures/trust/answers

For each track and class, one conversation answers every question of the
track with a line of that class; each answer is followed by `? intent CLASS`,
so the transcript fails if the line is read as another kind of answer.
Leaving ends a track, so `*-leave.chat` reaches each question from the
track's menu and says it wants to leave there. `parley test --update` then
records the coach's replies; read them before committing.
"""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "trust" / "answers"

OPENERS = {"betrayer": "i cheated on my wife", "betrayed": "my husband cheated on me",
           "couple": "we both want to work on it together", "leaving": "i think i want to leave him",
           "rebuild": "can trust be rebuilt?"}

# The questions of each track, each with the lines that reach it from the track's menu.
QUESTIONS = {
    "betrayer": [("tip.1", ["1"]), ("apology.1", ["2", "yes"]), ("apology.2", ["2", "yes", "skip"]),
                 ("apology.3", ["2", "yes", "skip", "skip"]), ("apology.4", ["2", "yes", "skip", "skip", "skip"]),
                 ("tip.3", ["3"]), ("tip.4", ["4"]), ("tip.5", ["5"]), ("tip.6", ["6"]), ("tip.7", ["7"])],
    "betrayed": [("tip.1", ["1"])] + [(f"decide.{k}", ["2", "yes"] + ["skip"] * (k - 1)) for k in range(1, 6)]
    + [("tip.3", ["3"]), ("tip.4", ["4"])] + [(f"demands.{k}", ["5", "yes"] + ["skip"] * (k - 1)) for k in range(1, 5)]
    + [("tip.6", ["6"]), ("tip.7", ["7"])],
    "couple": [(f"tip.{k}", [str(k)]) for k in range(1, 4)],
    "leaving": [("decide", ["1"]), ("care", ["2"]), ("break", ["3"])],
    "rebuild": [(f"q.{k}", ["1"] + ["skip"] * (k - 1)) for k in range(1, 5)],
}

# Lines of each class, per track (the classes each track's `answers` block has).
CLASSES = {
    "betrayer": {"excuse": "i was drunk, it just happened", "blame": "it's her fault, she pushed me away",
                 "self-blame": "i blame myself for all of it", "anger": "this is pointless, stop asking me",
                 "feel": "i feel so ashamed", "hurt": "she won't even look at me", "dont-know": "idk",
                 "refuse": "none of your business", "skip": "skip"},
    "betrayed": {"blame": "it's his fault, not mine", "self-blame": "maybe it's my fault he cheated",
                 "anger": "i am so angry i can't even think", "excuse": "he says he was drunk and it meant nothing",
                 "feel": "i feel so lost", "hurt": "it hurts so much", "dont-know": "not sure",
                 "refuse": "none of your business", "skip": "skip"},
    "couple": {"blame": "it's her fault really", "self-blame": "i blame myself", "anger": "we are both so fed up",
               "feel": "i feel nervous about it", "hurt": "it hurts", "dont-know": "no idea",
               "refuse": "i'd rather not say", "skip": "skip"},
    "rebuild": {"excuse": "he says it just happened", "anger": "i am so angry about all of it",
                "feel": "i feel hopeless", "hurt": "it hurts so much", "dont-know": "no idea",
                "refuse": "none of your business", "skip": "skip"},
    "leaving": {"anger": "i am so angry at him", "feel": "i feel numb", "hurt": "it hurts so much",
                "dont-know": "idk", "skip": "skip"},
}

# What a track asks between its reflective questions, answered to go on.
BETWEEN = {"betrayer": {"tip.1": ["yes"]}, "betrayed": {"tip.1": ["yes"], "tip.4": ["yes"]}}


def header(title):
    return f"# {title}\n# Written by tools/answer_transcripts.py; replies recorded by parley test --update.\n" \
           "dialog ../../../Dialogs/trust\nseed 1\n\n"


def walk(track, kind, line):
    """One pass through the track, every question answered with `line`."""
    out = [OPENERS[track]]
    answer = [line, f"? intent {kind}"] + (["skip"] if kind in ("more", "nonsense", "off-topic") else [])
    if track == "leaving":
        # Each pass answers the leaving questions and the summary's question about the next step.
        out += ["1"] + answer + answer + answer + ["1", "i want to leave him", "3"] + answer + answer + answer + ["2"]
        return out
    out.append("1")
    for name, _ in QUESTIONS[track]:
        out += [line, f"? intent {kind}"]
        if kind in ("more", "nonsense", "off-topic"):
            out += ["skip"]  # both stay on the question: a quote (or a word that there is none), or a re-ask
        if name == "tip.1" and kind in ("excuse", "blame") and track == "betrayer":
            out += [line, f"? intent {kind}"]  # the first excuse is met by tip 1 itself, which asks once more
        out += BETWEEN.get(track, {}).get(name, [])
    if track != "rebuild":
        out += ["yes"]  # the summary, which asks about the next step with the same answer class
        if kind not in ("leave",):
            out += [line, f"? intent {kind}"] + (["skip"] if kind in ("nonsense", "off-topic") else [])
    return out


# The summary's question about the next step, reached by skipping the last tip.
SUMMARY = {"betrayer": ("summary", ["7", "skip", "yes"]), "betrayed": ("summary", ["7", "skip", "yes"]),
           "couple": ("summary", ["3", "skip", "yes"])}


def leave_everywhere(track):
    out = [OPENERS[track]]
    questions = QUESTIONS[track] + ([SUMMARY[track]] if track in SUMMARY else [])
    for n, (name, path) in enumerate(questions):
        out += path + ["i think i want to leave", "? intent leave", "? state leaving.start", "4"]
        if n + 1 < len(questions):
            out.append(OPENERS[track])
    return out


def write(name, title, lines):
    text = header(title)
    for line in lines:
        text += line + "\n" if line.startswith("? ") else f"you: {line}\n"
    (OUT / name).write_text(text, encoding="utf-8")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # A non-answer is not kept: the coach asks again, so each is followed by "skip".
    nonsense = {"betrayer": "asdfgh", "betrayed": "blorp", "couple": "🙂", "leaving": "qwzx vbnm",
                "rebuild": "jjjjjj"}
    # Off-topic: a question about the world or to the coach, chat, English the dialog has no word for.
    off_topic = {"betrayer": "whats the weather tomorrow", "betrayed": "who won the game last night",
                 "couple": "lol ok ??? 🐸🐸", "leaving": "can you recommend a good pizza place",
                 "rebuild": "banana banana"}
    for track, classes in CLASSES.items():
        classes["more"] = "tell me more"
        classes["nonsense"] = nonsense[track]
        classes["off-topic"] = off_topic[track]
    for track, classes in CLASSES.items():
        for kind, line in classes.items():
            write(f"{track}-{kind}.chat", f"The {track} track: every question answered as '{kind}'.", walk(track, kind, line))
        if track != "leaving":
            write(f"{track}-leave.chat", f"The {track} track: wanting to leave, at every question.", leave_everywhere(track))


if __name__ == "__main__":
    main()
