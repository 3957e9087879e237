public import ArgumentParser

/// `bake`: the command line, a thin layer over the libraries.
public struct BakeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "A BitBake-compatible build tool.",
        subcommands: [EvalCommand.self]
    )

    public init() {}
}

extension BakeCommand {
    /// Parses the process arguments and runs the chosen subcommand (the executable's only call).
    public static func runMain() {
        main()
    }
}
