OVERRIDES = "o"
A = "a"
A:append:o = " on"
A:append:z = " off"
