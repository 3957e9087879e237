A = "${B}"
B = "late"
