include cycle-a.inc
