INC = "inc"
include ${INC}.inc
