import BakeCommands

await BakeCommand.runMain()
