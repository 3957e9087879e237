inherit dash-class
