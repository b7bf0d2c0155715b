/// What the dialog refers to, gathered while linking, for the "never used"
/// and "never set" checks.
struct Usage {
    var quotes = Set<Int32>()
    var faqs = Set<Int32>()
    var lists = Set<Int32>()
    var intents = Set<Int32>()
    var variablesSet = Set<String>()
    var variableReads: [(name: String, location: SourceLocation)] = []
    var hasAnyFAQHandler = false
    var quoteLocations: [SourceLocation] = []
    var faqLocations: [SourceLocation] = []
    var listLocations: [SourceLocation] = []
    /// Where each repair's last level is, and whether it can vary its line.
    var repairEndings: [(location: SourceLocation, varies: Bool)] = []
}
