addhandler h
h[eventmask] = "bb.event.RecipeParsed"
python h() {
    raise Exception("handler")
}
