inherit child
