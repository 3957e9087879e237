BBCLASSEXTEND = "nativesdk"
A = "main"
