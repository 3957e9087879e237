# The path is expanded when the include line is evaluated; "${INC}" has no
# known extension so even a plain include fails ("not a BitBake file").
include ${INC}
INC = "inc.inc"
