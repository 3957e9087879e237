# The value regexp only rejects values with exactly three quote characters of the
# delimiting kind; four are fine and the inner ones are kept.
A = "say "hi""
