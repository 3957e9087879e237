# Tabs in python only produce a warning.
python () {
	d.setVar("A", "tabbed")
}
