A = "a"
this is not bitbake
