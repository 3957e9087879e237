inherit ${@'fuzz'} fuzz.bbclass classes/fuzz.bbclass /abs/nonexistent
