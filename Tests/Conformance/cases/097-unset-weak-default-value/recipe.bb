A ??= "weak"
unset A
