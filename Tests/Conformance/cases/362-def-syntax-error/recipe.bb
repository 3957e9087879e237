def broken(d):
    return (
A = "x"
