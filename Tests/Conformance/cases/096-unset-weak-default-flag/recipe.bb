# 'unset VAR[flag]' only deletes a flag that was set with a strong operator;
# a ??= default for the flag survives (A). When both exist both go (B).
A[doc] ??= "weak"
unset A[doc]
B[doc] ??= "weak"
B[doc] = "strong"
unset B[doc]
