#!/usr/bin/env python3
"""End-to-end build of the example distribution with `bake`.

    image_test.py --bake .build/debug/bake

In a fresh build directory (made from the layer's templates, as scripts/bake-init-build-env
does) and a private copy of the layer, it checks that:
  1. `bake core-image-example` builds the image: ext4 and cpio.gz under
     tmp/deploy/images/${MACHINE}/ with their links, and BitBake's summary line;
  2. the image holds the programs, base files and the package that only arrives through
     RDEPENDS (example-data, wanted by sysinfo); a program from the image runs in a chroot of
     the unpacked image (with the host's C library copied in, as the example links against it);
  3. a second build runs nothing ("131 didn't need to be rerun");
  4. after editing one source file, `bake -n` names exactly that recipe's tasks and their
     dependants, with the file as the reason, and the rebuild runs them;
  5. `-C compile` reruns that task and the ones after it, and leaves the build current;
  6. a failing task stops the build with its log tail and a non-zero exit;
  7. in a second, empty build directory, `--runonly` and `--runall` select the tasks BitBake
     selects (measured with BitBake 2.19 on this layer: `--runonly=fetch core-image-example`
     is the 13 do_fetch tasks of the image's recipes; `--runall=package_write_ipk hello` is
     21 tasks, without hello's do_build), and a `--runonly=fetch` build runs just those;
  8. `bake -p` a second time is answered from the configuration snapshot with the same
     summary; `-e` resolves a PROVIDES name to its preferred provider, refuses an
     ASSUME_PROVIDED name and an unknown one with BitBake's ERROR lines.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(args, cwd, check=True):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit("%s failed (%d):\n%s\n%s" % (" ".join(args), result.returncode, result.stdout[-4000:], result.stderr[-4000:]))
    return result


def summary(output):
    m = re.search(r"Tasks Summary: Attempted (\d+) tasks of which (\d+) didn't need to be rerun and (.*)", output)
    if not m:
        sys.exit("no Tasks Summary line in:\n" + output[-3000:])
    return int(m.group(1)), int(m.group(2)), m.group(3)


def make_build_directory(build, layer):
    """conf/local.conf and conf/bblayers.conf from the layer's templates."""
    os.makedirs(os.path.join(build, "conf"))
    templates = os.path.join(layer, "conf", "templates", "default")
    shutil.copy(os.path.join(templates, "local.conf.sample"), os.path.join(build, "conf", "local.conf"))
    with open(os.path.join(templates, "bblayers.conf.sample")) as f:
        text = f.read()
    with open(os.path.join(build, "conf", "bblayers.conf"), "w") as f:
        f.write(text.replace("##OEROOT##", layer))
    return build


def would_run(output):
    """The tasks `bake -n` lists."""
    return set(re.findall(r"would run (\S+):", output))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bake", required=True)
    args = ap.parse_args()
    bake = os.path.abspath(args.bake)
    work = tempfile.mkdtemp(prefix="bake-image-test-")
    failures = []

    def check(condition, message):
        print(("ok   " if condition else "FAIL ") + message)
        if not condition:
            failures.append(message)

    try:
        layer = os.path.join(work, "layer")
        shutil.copytree(os.path.join(ROOT, "recipes"), layer)
        build = make_build_directory(os.path.join(work, "build"), layer)

        # 1. Full build.
        out = run([bake, "core-image-example"], build).stdout
        attempted, current, result = summary(out)
        check(result.startswith("all succeeded"), "full build succeeds (%d tasks)" % attempted)
        images = glob.glob(os.path.join(build, "tmp", "deploy", "images", "*", "core-image-example-*"))
        names = sorted(os.path.basename(p) for p in images)
        check(any(n.endswith(".rootfs.ext4") and os.path.islink(os.path.join(os.path.dirname(images[0]), n)) for n in names),
              "ext4 image link in deploy/images: %s" % names)
        check(any(n.endswith(".rootfs.cpio.gz") for n in names), "cpio.gz image in deploy/images")

        # 2. Contents, and a program run from the image.
        cpio = [p for p in images if p.endswith(".rootfs.cpio.gz")][0]
        rootfs = os.path.join(work, "rootfs")
        os.makedirs(rootfs)
        subprocess.run("gzip -dc '%s' | cpio -idm --quiet" % cpio, shell=True, cwd=rootfs, check=True)
        for path in ["usr/bin/hello", "usr/bin/sysinfo", "etc/os-release", "etc/passwd", "sbin/init"]:
            check(os.path.exists(os.path.join(rootfs, path)), "image has /" + path)
        data = glob.glob(os.path.join(rootfs, "usr", "share", "*", "motd.txt"))
        check(bool(data), "example-data arrived through sysinfo's RDEPENDS")
        # The example links against the host's C library: copy it in, then run in a chroot.
        for lib in ["/lib64/ld-linux-x86-64.so.2"] + glob.glob("/lib/x86_64-linux-gnu/libc.so.6"):
            target = os.path.join(rootfs, lib.lstrip("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy(os.path.realpath(lib), target)
        chroot = ["chroot", rootfs, "/usr/bin/hello"] if os.geteuid() == 0 else ["unshare", "-r", "chroot", rootfs, "/usr/bin/hello"]
        hello = subprocess.run(chroot, capture_output=True, text=True)
        check(hello.returncode == 0 and hello.stdout.strip() != "", "hello runs in a chroot of the image: %r" % hello.stdout.strip())

        # 3. No-op rebuild.
        attempted2, current2, result2 = summary(run([bake, "core-image-example"], build).stdout)
        check(attempted2 == current2 == attempted, "second build runs nothing (%d of %d current)" % (current2, attempted2))

        # 4. One source changed.
        source = os.path.join(layer, "recipes-core", "hello", "files", "hello.c")
        with open(source, "a") as f:
            f.write("\n/* changed by image_test */\n")
        dry = run([bake, "-n", "core-image-example"], build).stdout
        would = re.findall(r"would run (\S+): (.*)", dry)
        recipes = sorted(set(task.split(":")[0] for task, _ in would))
        check(recipes == ["core-image-example", "hello", "packagegroup-example-base"],
              "only hello and what packages or installs it would rerun: %s" % recipes)
        check(("hello:do_fetch", "file %s changed" % source) in would, "the reason names the changed file")
        attempted3, current3, result3 = summary(run([bake, "core-image-example"], build).stdout)
        check(attempted3 - current3 == len(would) and result3.startswith("all succeeded"),
              "rebuild ran exactly the %d tasks -n named (%d ran)" % (len(would), attempted3 - current3))

        # 5. -C TASK: that task and everything after it run again, nothing before it; then
        #    the build is current again.
        out = run([bake, "-C", "compile", "hello"], build).stdout
        ran = set(re.findall(r"Running (?:noexec )?task \d+ of \d+ \((\S+)\)", out))
        check("hello:do_compile" in ran and "hello:do_install" in ran and "hello:do_fetch" not in ran,
              "-C compile reruns do_compile and what follows, not do_fetch: %s" % sorted(ran))
        attempted4, current4, _ = summary(run([bake, "hello"], build).stdout)
        check(attempted4 == current4, "after -C, the next build runs nothing (%d of %d current)" % (current4, attempted4))

        # 6. A failing task.
        with open(source, "a") as f:
            f.write("\nthis is not C\n")
        failed = run([bake, "core-image-example"], build, check=False)
        check(failed.returncode != 0, "a compile error fails the build")
        check("Logfile of failure stored in:" in failed.stdout and "hello:do_compile" in failed.stdout,
              "the failure names the task and its log")

        # 7. --runonly / --runall, in a build directory of their own.
        fresh = make_build_directory(os.path.join(work, "build2"), layer)
        everything = would_run(run([bake, "-n", "core-image-example"], fresh).stdout)
        fetches = would_run(run([bake, "-n", "--runonly=fetch", "core-image-example"], fresh).stdout)
        check(fetches == {t for t in everything if t.endswith(":do_fetch")} and len(fetches) == 13,
              "--runonly=fetch: the do_fetch of each of the image's recipes (%d)" % len(fetches))
        hello = would_run(run([bake, "-n", "hello"], fresh).stdout)
        runall = would_run(run([bake, "-n", "--runall=package_write_ipk", "hello"], fresh).stdout)
        check(len(runall) == 21 and "hello:do_build" not in runall
              and all("%s:do_package_write_ipk" % r in runall for r in {t.split(":")[0] for t in hello}),
              "--runall=package_write_ipk hello: that task of each recipe and what it needs, not do_build (%d)" % len(runall))
        out = run([bake, "--runonly=fetch", "hello"], fresh).stdout
        ran = set(re.findall(r"Running (?:noexec )?task \d+ of \d+ \((\S+)\)", out))
        check(ran == {"hello:do_fetch", "libgreeting:do_fetch"}, "a --runonly=fetch build runs only the fetches: %s" % sorted(ran))
        missing = run([bake, "--runall=nosuch", "hello"], fresh, check=False)
        check(missing.returncode == 1 and "Could not find any tasks with the tasknames" in missing.stderr,
              "--runall of a task no recipe has is an error")

        # 8. Warm -p and -e target resolution.
        first = run([bake, "-p"], fresh).stdout.strip().splitlines()[-1]
        warm = subprocess.run([bake, "-p"], cwd=fresh, capture_output=True, text=True,
                              env=dict(os.environ, BAKE_TIMINGS="1"))
        check(warm.stdout.strip().splitlines()[-1] == first.replace("0 cached, 14 parsed", "14 cached, 0 parsed")
              and "warm parse from the snapshot" in warm.stderr and "configuration and recipe files" not in warm.stderr,
              "a second -p comes from the configuration snapshot: %s" % warm.stdout.strip())
        env = run([bake, "-e", "virtual/greeting"], fresh).stdout
        check('\nPN="libgreeting"\n' in env, "-e virtual/greeting shows its preferred provider, libgreeting")
        unknown = run([bake, "-e", "nosuch"], fresh, check=False)
        check(unknown.returncode == 1 and "ERROR: Nothing PROVIDES 'nosuch'" in unknown.stderr, "-e of an unknown name fails")
        with open(os.path.join(fresh, "conf", "local.conf"), "a") as f:
            f.write('ASSUME_PROVIDED += "example-data"\n')
        assumed = run([bake, "-e", "example-data"], fresh, check=False)
        check(assumed.returncode == 1 and "ERROR: example-data is in ASSUME_PROVIDED" in assumed.stderr,
              "-e of an ASSUME_PROVIDED name fails as in BitBake")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("image test: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
