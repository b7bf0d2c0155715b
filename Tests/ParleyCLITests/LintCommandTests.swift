import Testing

@Suite struct LintCommandTests {
    @Test func dialogsFolderLintsClean() throws {
        let result = try ParleyProcess.run(["lint", "Dialogs"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 errors"))
    }
}
