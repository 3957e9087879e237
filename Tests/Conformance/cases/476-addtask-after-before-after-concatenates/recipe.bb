# BitBake joins the two "after" parts without a separator: the dependency
# becomes do_bd, not do_b and do_d.
addtask a after b before c after d
