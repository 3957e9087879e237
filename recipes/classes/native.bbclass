# Programs built to run on the build host during other recipes' builds, staged in their
# ${RECIPE_SYSROOT_NATIVE} (whose bin directory is on PATH). A recipe gets a native variant
# with BBCLASSEXTEND = "native": BitBake then names it ${PN}-native and inherits this class.
# Native recipes are staged, never packaged.

CLASSOVERRIDE = "class-native"
PACKAGE_ARCH = "${BUILD_ARCH}"
TARGET_VENDOR = ""
CFLAGS = "${BUILD_CFLAGS}"
CPPFLAGS = "${BUILD_CPPFLAGS}"
LDFLAGS = "${BUILD_LDFLAGS}"
PACKAGES = ""

deltask package
deltask packagedata
deltask package_write_ipk

# What a native recipe builds against must itself be native.
python () {
    depends = []
    for dep in bb.utils.explode_deps(d.getVar("DEPENDS") or ""):
        if not dep.endswith("-native") and not dep.startswith("virtual/"):
            dep = dep + "-native"
        depends.append(dep)
    d.setVar("DEPENDS", " ".join(depends))
}
