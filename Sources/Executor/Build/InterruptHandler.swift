import Dispatch
import Foundation

/// Counts SIGINTs (Ctrl-C) while a build runs and hands each to `handler`, instead of letting
/// the first one kill bake; the default action comes back when it is cancelled.
final class InterruptHandler: @unchecked Sendable {
    // Unchecked: the source is created once and only cancelled afterwards, which Dispatch
    // allows from any thread.
    private let source: any DispatchSourceSignal

    init(_ handler: @escaping @Sendable (Int) -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "bake.interrupts"))
        let count = Counter()
        source.setEventHandler { handler(count.next()) }
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    private final class Counter: @unchecked Sendable {
        // Unchecked: only touched from the signal source's serial queue.
        private var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }
}
