# Only " after " / " before " with single spaces are keywords; with a tab every
# word is a task name.
addtask a	after b
