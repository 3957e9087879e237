addtask mid before last after first
