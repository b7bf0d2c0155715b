/// Content kept as data: quotes, FAQs and lists.
extension ScriptParser {
    mutating func parseQuote(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var author: String?
        var text: Template?
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch Self.fieldName(word) {
            case "by"?: author = plainText(rest, child)
            case "text"?: text = template(rest, child)
            default: unexpected(child, expected: "'by:' or 'text:'")
            }
        }
        guard let author, !author.isEmpty else {
            error(.missingField, "quote '\(name.text)' needs 'by:' (who said it)", line)
            return
        }
        guard let text else {
            error(.missingField, "quote '\(name.text)' needs 'text:'", line)
            return
        }
        file.quotes.append(QuoteDecl(name: name, author: author, text: text))
    }

    mutating func parseFAQ(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var question: String?
        var answer: Template?
        var intent = IntentDecl(name: name)
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch Self.fieldName(word) {
            case "question"?: question = plainText(rest, child)
            case "answer"?: answer = template(rest, child)
            default:
                if !parseIntentField(child, into: &intent) {
                    unexpected(child, expected: "a FAQ field: question:, answer:, keywords:, pattern:, rank:, unless: or negated:")
                }
            }
        }
        guard let question, !question.isEmpty else {
            error(.missingField, "FAQ '\(name.text)' needs 'question:'", line)
            return
        }
        guard let answer else {
            error(.missingField, "FAQ '\(name.text)' needs 'answer:'", line)
            return
        }
        if intent.keywords.isEmpty, intent.patterns.isEmpty {
            error(.missingField, "FAQ '\(name.text)' has no 'keywords:' or 'pattern:', so no question can reach it", line)
        }
        file.faqs.append(FAQDecl(name: name, question: question, answer: answer, intent: intent))
    }

    mutating func parseList(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var list = ListDecl(name: name, title: nil, items: [])
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            if word == "-" {
                list.items.append(template(rest, child))
            } else if word.hasPrefix("-"), word.count > 1 {
                list.items.append(template(child.text.dropFirst(), child))
            } else if Self.fieldName(word) == "title" {
                list.title = template(rest, child)
            } else {
                unexpected(child, expected: "'- item' or 'title:'")
            }
        }
        if list.items.isEmpty {
            error(.missingField, "list '\(name.text)' has no items ('- item' lines below it)", line)
        }
        file.lists.append(list)
    }
}
