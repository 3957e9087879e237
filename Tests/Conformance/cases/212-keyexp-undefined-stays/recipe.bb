A_${UNDEF} = "v"
