includex y
