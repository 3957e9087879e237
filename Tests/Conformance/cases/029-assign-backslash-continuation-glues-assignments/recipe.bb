# A trailing backslash after the closing quote glues the next line on; the
# combined line still matches as one assignment with inner quotes.
A = "x"\
B = "y"
