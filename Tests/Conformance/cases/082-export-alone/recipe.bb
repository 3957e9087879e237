export A
