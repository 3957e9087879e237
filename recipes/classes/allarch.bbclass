# Packages that hold only data (text, scripts) are the same for every architecture: one
# build, in the "all" feed.
PACKAGE_ARCH = "all"
