include x.conf
