import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `bake parse-worker` (hidden): one process of a parallel parse. It builds the configuration
/// itself in the working directory and environment it inherited (firing the configuration
/// events only once its parent says its own handlers are done), reports its cache key, then
/// parses each recipe path its parent sends on standard input and answers on standard output
/// with `ParseWorkerMessage` frames.
struct ParseWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse-worker", shouldDisplay: false)

    private static let parentStopped = "the parent stopped before its configuration was complete"

    func run() throws {
        // Frames go to the original standard output; anything metadata Python prints lands on
        // standard error instead of corrupting them.
        let channel = dup(1)
        dup2(2, 1)
        let cooker: Cooker
        let key: [UInt8]
        do {
            cooker = try Cooker(.init(
                workingDirectory: FileManager.default.currentDirectoryPath, environment: ProcessInfo.processInfo.environment,
                beforeConfigurationEvents: { () throws(EvaluationError) in
                    guard readLine(strippingNewline: true) == ParseWorkerMessage.configured else {
                        throw EvaluationError(.fatal, Self.parentStopped)
                    }
                }))
            key = try ConfigurationHash.key(cooker.configuration.data,
                                            pythonLibraries: cooker.evaluator.pythonLibraryDirectories)
        } catch where error.message == Self.parentStopped {
            return  // the parent's configuration failed, and it reports why
        } catch {
            ParseWorkerMessage.fatal(error.diagnostic.withSourceLineFromFile().description).send(to: channel)
            throw ExitCode(1)
        }
        guard ParseWorkerMessage.ready(key: key).send(to: channel) else { return }
        while let line = readLine(strippingNewline: true), !line.isEmpty {
            let message: ParseWorkerMessage
            do {
                message = .parsed(try cooker.parseForCache(line))
            } catch {
                message = .failed(error)
            }
            guard message.send(to: channel) else { return }
        }
        // The parent waits for this process to end: skip taking the cooker's data apart.
        Glibc.exit(0)
    }
}
