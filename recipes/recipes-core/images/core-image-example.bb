SUMMARY = "The example distribution's image: its programs on base-files and tinyinit"
LICENSE = "MIT"

IMAGE_INSTALL = "packagegroup-example-base"

inherit image
