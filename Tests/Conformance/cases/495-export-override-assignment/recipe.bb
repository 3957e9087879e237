# ...but an export-prefixed assignment does, flagging the variable "A:o".
OVERRIDES = "o"
export A:o = "x"
