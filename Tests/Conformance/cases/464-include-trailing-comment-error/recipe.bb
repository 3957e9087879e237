# Words after include are all file names: "#" is "not a BitBake file".
include a.inc # comment
