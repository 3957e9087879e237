inherit one two
