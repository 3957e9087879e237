# The export flag goes on the variable literally named "${V}"; key expansion
# then renames it to A but drops the flag, so A ends up not exported.
V = "A"
A = "x"
export ${V}
