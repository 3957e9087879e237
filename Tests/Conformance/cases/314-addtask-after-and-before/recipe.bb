addtask mid after first before last
