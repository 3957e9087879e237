export ${A}
unset ${A}
unset OVERRIDES
export PN
