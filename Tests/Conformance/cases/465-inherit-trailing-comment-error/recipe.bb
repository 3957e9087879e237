inherit foo # comment
