# addtask does not expand the task name: __BBTASKS holds "do_${T}". Task
# finalisation expands it and sets the task flag on do_foo as well.
T = "foo"
addtask ${T}
