COUNT .= "x"
