# Any variable name containing "_remove" (or "_append"/"_prepend") is rejected.
PACKAGES_removed = "x"
