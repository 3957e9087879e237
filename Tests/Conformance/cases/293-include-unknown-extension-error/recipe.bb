include missing.txt
