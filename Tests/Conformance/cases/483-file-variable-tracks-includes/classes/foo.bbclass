C := "${@os.path.basename(d.getVar('FILE'))}"
include b.conf
