# "export " is taken as the export prefix, leaving an empty variable name.
export = "e"
