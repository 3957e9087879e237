# Statement keywords win over assignments: this adds tasks "=" and '"x"'.
addtask = "x"
