# '@' may appear inside a flag name but not as its first character.
A[@x] = "1"
