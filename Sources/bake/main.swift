import BakeCommands

BakeCommand.runMain()
