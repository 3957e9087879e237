require greeting.inc
DESCRIPTION = "A small library that says ${GREETING}."
SRC_URI = "file://greeting.c file://greeting.h"
PROVIDES += "virtual/greeting"
EXTRA_OEMAKE = "PREFIX=${prefix}"

