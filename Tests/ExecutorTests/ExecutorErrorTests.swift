import BakeBasics
import Testing

@testable import BakeExecutor

@Suite struct ExecutorErrorTests {
    @Test func rendersWithoutLocation() {
        #expect(ExecutorError("no such file").description == "error: no such file")
    }
}
