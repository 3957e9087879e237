#!/usr/bin/env python3
"""Parse benchmark: bake against the BitBake library on the same generated corpus.

    parse_benchmark.py --bake .build/release/bake --python .venv-oracle/bin/python [--recipes 1000]

Generates a corpus of recipes that inherit classes (with shell, Python and anonymous Python
functions, EXPORT_FUNCTIONS, addtask) and require include files, then times, in one run on the
same machine and cores:
  * bake: `bake parse` over every recipe (each recipe on an empty configuration), once in one
    process (-j 1) and once with one worker process per core (-j N);
  * BitBake: bb.parse.handle on each recipe in one process with the real library
    (statement caching for classes and includes as BitBake does it).
Prints recipes per second for both and the ratio.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

CLASS_COUNT = 24
INCLUDE_COUNT = 40


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def make_class(i, rng):
    lines = [
        "# generated class %d" % i,
        'CLASS%d_FLAGS ?= "-DCLASS%d=1 ${@bb.utils.contains(\'DISTRO_FEATURES\', \'f%d\', \'-DF%d\', \'\', d)}"' % (i, i, i % 7, i),
        'EXTRA_OECONF:append = " --with-class%d=${PN}"' % i,
        'DEPENDS:append:class-target = " dep%d"' % (i % 9),
        "PACKAGES =+ \"${PN}-c%d\"" % i,
        'FILES:${PN}-c%d = "${datadir}/c%d/*"' % (i, i),
        "do_configure[depends] += \"base-native:do_populate_sysroot\"",
        "c%d_do_compile() {" % i,
        "    oe_runmake -C ${S} CFLAGS='${CFLAGS} ${CLASS%d_FLAGS}'" % i,
        "    echo built ${PN} class %d" % i,
        "}",
        "python c%d_do_install() {" % i,
        "    import os",
        "    dest = d.getVar('D') + d.getVar('datadir')",
        "    bb.note('installing %s' % dest)",
        "}",
        "EXPORT_FUNCTIONS do_compile",
        "def c%d_helper(d):" % i,
        "    return d.getVar('PN') + '-%d'" % i,
        "",
        "python () {",
        "    pn = d.getVar('PN')",
        "    if d.getVar('CLASS%d_DISABLE') == '1':" % i,
        "        raise bb.parse.SkipRecipe('class %d disabled')" % i,
        "    d.appendVar('RDEPENDS:' + pn, ' c%d-runtime')" % i,
        "    d.setVarFlag('do_compile', 'vardeps', 'CLASS%d_FLAGS')" % i,
        "}",
        "addtask c%dextra after do_compile before do_install" % i,
        "do_c%dextra[doc] = \"Extra step %d\"" % (i, i),
    ]
    if i % 4 == 0:
        lines.append("inherit cls%d" % ((i + 1) % CLASS_COUNT))
    return "\n".join(lines) + "\n"


def make_include(i):
    return "\n".join([
        "# generated include %d" % i,
        'SUMMARY ?= "Shared settings %d"' % i,
        'LICENSE ?= "MIT"',
        'SRC_URI += "file://inc%d.patch;striplevel=1"' % i,
        'CFLAGS:append = " -DINC%d"' % i,
        'INC%d_VERSION = "${@\'.\'.join(d.getVar(\'PV\').split(\'.\')[:2])}"' % i,
    ]) + "\n"


def make_recipe(n, rng):
    classes = rng.sample(range(CLASS_COUNT), 4)
    lines = [
        "# generated recipe %d" % n,
        'PN = "pkg%d"' % n,
        'PV = "1.%d.%d"' % (n % 13, n % 5),
        'PR = "r%d"' % (n % 3),
        'S = "${WORKDIR}/${PN}-${PV}"',
        'WORKDIR = "/tmp/work/${PN}/${PV}-${PR}"',
        'D = "${WORKDIR}/image"',
        'datadir = "/usr/share"',
        'DISTRO_FEATURES = "f1 f3 f5"',
        'OVERRIDES = "linux:x86-64:class-target:pn-${PN}"',
        "require inc/common%d.inc" % (n % INCLUDE_COUNT),
        "include inc/optional%d.inc" % n,
        "inherit " + " ".join("cls%d" % c for c in classes),
        'DEPENDS = "zlib openssl ${@"libfoo" if int(d.getVar("PR")[1:]) > 0 else ""}"',
        'DEPENDS:append:x86-64 = " x86lib"',
        'DEPENDS:remove = "openssl"',
        'SRC_URI = "http://example.com/${PN}-${PV}.tar.gz"',
        'SRC_URI[sha256sum] = "%064x"' % (n * 7919),
        'CFLAGS = "-O2 -pipe"',
        'CFLAGS:pn-pkg%d = "-O3"' % n,
        'EXTRA_OEMAKE = "PREFIX=${prefix} ${@bb.utils.contains(\'DISTRO_FEATURES\', \'f3\', \'WITH_F3=1\', \'\', d)}"',
        'prefix = "/usr"',
        'RDEPENDS:${PN} += "bash"',
        'FILES:${PN} = "${bindir}/* ${datadir}/${PN}"',
        'bindir = "${prefix}/bin"',
        "do_install:append() {",
        "    install -d ${D}${bindir}",
        "    install -m 0755 ${S}/tool ${D}${bindir}/${PN}",
        "}",
        "python do_report() {",
        "    bb.plain('%s %s' % (d.getVar('PN'), d.getVar('PV')))",
        "}",
        "addtask report after do_install",
        "do_report[nostamp] = \"1\"",
    ]
    for k in range(rng.randint(5, 15)):
        lines.append('VAR%d_%d = "value ${PN} %d ${VAR%d_%d}"' % (n, k, k, n, max(k - 1, 0)) if k else 'VAR%d_0 = "base"' % n)
    return "\n".join(lines) + "\n"


def generate(root, count, seed=1):
    rng = random.Random(seed)
    for i in range(CLASS_COUNT):
        write(os.path.join(root, "classes", "cls%d.bbclass" % i), make_class(i, rng))
    for i in range(INCLUDE_COUNT):
        write(os.path.join(root, "inc", "common%d.inc" % i), make_include(i))
    recipes = []
    for n in range(count):
        path = os.path.join(root, "recipes", "pkg%d_1.0.bb" % n)
        write(path, make_recipe(n, rng))
        recipes.append(path)
    return recipes


BITBAKE_DRIVER = r'''
import sys, time, types, logging
for name in ("hashserv", "hashserv.client"):
    sys.modules.setdefault(name, types.ModuleType(name))
sys.modules["hashserv"].client = sys.modules["hashserv.client"]
import bb, bb.data, bb.parse, bb.siggen
logging.getLogger("BitBake").setLevel(logging.CRITICAL + 1)
root = sys.argv[1]
files = sys.argv[2:]
start = time.perf_counter()
errors = 0
for f in files:
    d = bb.data.init()
    d.setVar("BBPATH", root)
    d.setVar("__bbclasstype", "recipe")
    bb.parse.siggen = bb.siggen.init(d)
    try:
        bb.parse.handle(f, d)
    except Exception as e:
        errors += 1
print("%.6f %d" % (time.perf_counter() - start, errors))
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bake", required=True)
    ap.add_argument("--python", default=sys.executable, help="Python with the BitBake library")
    ap.add_argument("--recipes", type=int, default=1000)
    ap.add_argument("--keep", help="write the corpus here and keep it")
    ap.add_argument("--repeat", type=int, default=3, help="bake runs per setting (the best counts)")
    args = ap.parse_args()

    root = args.keep or tempfile.mkdtemp(prefix="bake-parse-bench-")
    try:
        files = generate(root, args.recipes)
        n = len(files)
        cores = os.cpu_count() or 1

        def run_bake(jobs):
            t0 = time.perf_counter()
            out = subprocess.run([args.bake, "parse", "--stats", "-j", str(jobs), "--bbpath", root, os.path.join(root, "recipes")],
                                 capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if out.returncode != 0:
                sys.stderr.write(out.stderr[-3000:])
                sys.exit("bake failed")
            return wall

        run_bake(1)  # warm the bytecode cache and the page cache, as BitBake's run below benefits too
        bake_one = min(run_bake(1) for _ in range(args.repeat))
        bake_all = min(run_bake(cores) for _ in range(args.repeat))

        t0 = time.perf_counter()
        bb_out = subprocess.run([args.python, "-c", BITBAKE_DRIVER, root] + files, capture_output=True, text=True)
        bb_wall = time.perf_counter() - t0
        if bb_out.returncode != 0:
            sys.stderr.write(bb_out.stderr[-3000:])
            sys.exit("BitBake failed")
        bb_parse, bb_errors = bb_out.stdout.split()
        if int(bb_errors):
            sys.exit("BitBake reported %s errors on the corpus" % bb_errors)
        print("corpus: %d recipes, %d classes, %d includes, %d cores" % (n, CLASS_COUNT, INCLUDE_COUNT, cores))
        print("BitBake library, 1 process:   %6.2f s  %8.1f recipes/s" % (bb_wall, n / bb_wall))
        print("bake parse -j 1:              %6.2f s  %8.1f recipes/s  %5.1fx" % (bake_one, n / bake_one, bb_wall / bake_one))
        print("bake parse -j %d:              %6.2f s  %8.1f recipes/s  %5.1fx" % (cores, bake_all, n / bake_all, bb_wall / bake_all))
        print("(wall times of whole processes, startup included; bake: best of %d)" % args.repeat)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
