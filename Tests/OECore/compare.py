#!/usr/bin/env python3
"""bake against real BitBake on OpenEmbedded-Core (opt-in: needs both fetched onto the machine).

    OECORE_DIR=/path/to/openembedded-core BITBAKE_DIR=/path/to/bitbake \\
        Tests/OECore/compare.py --bake .build/release/bake [--sample 50]

Writes a build directory of its own (MACHINE = "qemux86-64", BB_NO_NETWORK, oe-core's `meta`
layer only) under /var/tmp, then runs real BitBake and bake on it with the same environment
and compares:
  1. `-p`: the summary line (.bb files, targets, skipped, masked, errors);
  2. the skip list: every skipped target and its reason (BitBake's through tinfoil);
  3. `-e TARGET` for a sample of targets (plain recipes, -native and nativesdk- variants,
     images, packagegroups): every variable's final value.
Ignored, because they change from run to run or name the tool rather than the metadata:
DATETIME, DATE, TIME (the clock, also replaced inside other values such as image names),
PID (the process), BB_ORIGENV (a Python object's address), BUILDNAME/BUILDSTART
(set when a build starts), BB_CMDLINE (the command line), BB_CONSOLELOG, BB_DEFAULT_EVENTLOG
and LOGFIFO (per-run log names), BB_HASHSERVE (BitBake rewrites "auto" to the socket of the
hash server it starts; bake runs none). BBFILES_PRIORITIZED is empty in `bitbake -e TARGET`
because BitBake resets its configuration to a copy taken before collecting files; the real
parse has it set, as bake prints it.
COMBINED_FEATURES and the feature lists in skip reasons are compared as sets of words: they
come from Python sets, whose order changes from process to process (string hashing is
randomised), so two BitBake runs disagree on them too.
For BBCLASSEXTEND variants (native, nativesdk, and the mcextend variants of
core-image-ptest) `bitbake -e` parses the virtual file name without its layer, so its
OVERRIDES (and what derives from it) says `layer-${FILE_LAYERNAME}` where the real parse has
`layer-core`; bake prints the real parse's value and the comparison maps BitBake's text to it.

Real BitBake refuses to run as root: run this as an ordinary user, or as root with
BAKE_ORACLE_USER (default bboracle, see /work/shared/tools/bitbake-reference-setup.sh), who
then runs both tools. Exit status 1 on any difference; skipped (77) without OECORE_DIR/BITBAKE_DIR.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

VOLATILE = {"DATETIME", "DATE", "TIME", "PID", "BB_ORIGENV", "BUILDNAME", "BUILDSTART", "BB_CMDLINE", "BB_CONSOLELOG",
            "BB_DEFAULT_EVENTLOG", "LOGFIFO", "BB_HASHSERVE", "BBFILES_PRIORITIZED"}
# For BBCLASSEXTEND variants `bitbake -e` has no FILE_LAYERNAME, so these come out as if the
# recipe were in no layer; bake gives the real parse's values.
VARIANT_LAYER_DERIVED = {"FILE_LAYERNAME", "SPDX_PACKAGE_URLS", "WARN_QA"}
# Values built by iterating a Python set: their word order follows string hashing, which
# Python randomises in every process (BitBake's own runs disagree with each other), so they
# are compared as sets of words. oe-core: COMBINED_FEATURES (oe.utils.set_intersect), and the
# feature lists features_check.bbclass quotes in skip reasons.
SET_ORDERED = {"COMBINED_FEATURES"}
PASSTHROUGH = ("ALL_PROXY BBPATH_EXTRA BB_LOGCONFIG BB_NO_NETWORK BB_NUMBER_THREADS BB_SETSCENE_ENFORCE "
               "BB_SRCREV_POLICY DISTRO MACHINE PARALLEL_MAKE SDKMACHINE TCLIBC TCMODE")


def environment(oecore, bitbake, build, user):
    home = os.path.expanduser("~" + user) if user else os.environ.get("HOME", "/")
    return {
        "HOME": home, "USER": user or os.environ.get("USER", ""), "LOGNAME": user or os.environ.get("USER", ""),
        "SHELL": "/bin/bash", "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "BB_NO_NETWORK": "1",
        "PATH": "%s/scripts:%s/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" % (oecore, bitbake),
        "BUILDDIR": build, "BBPATH": build, "BB_ENV_PASSTHROUGH_ADDITIONS": PASSTHROUGH, "PWD": build,
    }


def run(command, env, cwd, user):
    if user and os.geteuid() == 0:
        command = ["runuser", "-u", user, "--"] + command
    return subprocess.run(["env", "-i"] + ["%s=%s" % kv for kv in env.items()] + command,
                          cwd=cwd, capture_output=True, text=True)


SUMMARY = re.compile(r"Parsing of (\d+) \.bb files complete \(\d+ cached, \d+ parsed\)\. (\d+) targets, "
                     r"(\d+) skipped, (\d+) masked, (\d+) errors\.")


def without_clock(values):
    """Each tool's own DATETIME (then DATE, TIME) replaced in every value: image names and
    the like embed the time of the run."""
    out = dict(values)
    for name in ("DATETIME", "DATE", "TIME"):
        stamp = values.get(name)
        if stamp and len(stamp) >= 6:
            out = {k: v.replace(stamp, "${%s}" % name) for k, v in out.items()}
    return out


def same_set_order(a, b):
    return a is not None and b is not None and sorted(a.split()) == sorted(b.split())


def quoted_sets_sorted(reason):
    """A skip reason with each '...' word list sorted."""
    return re.sub(r"'([^']*)'", lambda m: "'%s'" % " ".join(sorted(m.group(1).split())), reason or "")


def summary(output):
    m = SUMMARY.search(output)
    return tuple(int(x) for x in m.groups()) if m else None


def environment_values(text):
    """VAR -> value from `-e` output (emit_var's quoting: \\" \\$ and ' \\' line continuations)."""
    values = {}
    lines = text.split("\n")
    i = 0
    assignment = re.compile(r'^(?:export )?([^\s=#"]+)="(.*)$')
    while i < len(lines):
        m = assignment.match(lines[i])
        i += 1
        if not m:
            continue
        name, rest = m.group(1), m.group(2)
        while not rest.endswith('"') or rest.endswith('\\"'):
            if i >= len(lines):
                break
            rest = (rest[:-1] if rest.endswith("\\") else rest) + "\n" + lines[i]
            i += 1
        values[name] = rest[:-1]
    return values


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bake", required=True)
    ap.add_argument("--sample", type=int, default=50)
    args = ap.parse_args()
    oecore, bitbake = os.environ.get("OECORE_DIR"), os.environ.get("BITBAKE_DIR")
    if not oecore or not bitbake:
        print("skipped: set OECORE_DIR and BITBAKE_DIR to compare with real BitBake on OpenEmbedded-Core")
        sys.exit(77)
    oecore, bitbake = os.path.abspath(oecore), os.path.abspath(bitbake)
    bake = os.path.abspath(args.bake)
    user = os.environ.get("BAKE_ORACLE_USER", "bboracle") if os.geteuid() == 0 else None

    work = tempfile.mkdtemp(prefix="bake-oecore-", dir="/var/tmp")
    build = os.path.join(work, "build")
    os.makedirs(os.path.join(build, "conf"))
    with open(os.path.join(build, "conf", "bblayers.conf"), "w") as f:
        f.write('LCONF_VERSION = "7"\nBBPATH = "${TOPDIR}"\nBBFILES ?= ""\nBBLAYERS = "%s/meta"\n' % oecore)
    with open(os.path.join(build, "conf", "local.conf"), "w") as f:
        f.write('MACHINE = "qemux86-64"\nBB_NO_NETWORK = "1"\nCONF_VERSION = "2"\n')
    if user:
        subprocess.run(["chown", "-R", user, work], check=True)
    env = environment(oecore, bitbake, build, user)
    failures = []

    def check(ok, message):
        print(("ok   " if ok else "FAIL ") + message, flush=True)
        if not ok:
            failures.append(message)

    try:
        # 1. -p
        t = time.time()
        real = run(["bitbake", "-p"], env, build, user)
        real_time = time.time() - t
        t = time.time()
        ours = run([bake, "-p"], env, build, user)
        ours_time = time.time() - t
        check(summary(real.stdout + real.stderr) is not None, "bitbake -p printed its summary (%.1f s)" % real_time)
        check(summary(real.stdout + real.stderr) == summary(ours.stdout + ours.stderr),
              "-p summary: BitBake %s, bake %s (%.1f s)" % (summary(real.stdout + real.stderr), summary(ours.stdout + ours.stderr), ours_time))

        # 2. Skipped targets and reasons.
        script = ("import bb.tinfoil, json\n"
                  "with bb.tinfoil.Tinfoil() as t:\n"
                  "    t.prepare()\n"
                  "    print(json.dumps({fn: s.skipreason for fn, s in t.get_skipped_recipes().items()}))\n")
        tinfoil = run(["python3", "-c", script], dict(env, PYTHONPATH=os.path.join(bitbake, "lib")), build, user)
        real_skips = json.loads(tinfoil.stdout.strip().split("\n")[-1]) if tinfoil.returncode == 0 else None
        check(real_skips is not None, "tinfoil listed BitBake's skipped targets" + ("" if real_skips is not None else ": " + tinfoil.stderr[-500:]))
        varsfile = os.path.join(work, "vars")
        with open(varsfile, "w") as f:
            f.write("[config]\n[recipes]\nPN\n")
        if user:
            subprocess.run(["chown", user, varsfile], check=True)
        report = run([bake, "parse-report", "--vars", varsfile], env, build, user)
        data = json.loads(report.stdout)
        our_skips = {fn: r["skipped"] for fn, r in data["recipes"].items() if r["skipped"] is not None}
        if real_skips is not None:
            missing = sorted(set(real_skips) - set(our_skips))
            extra = sorted(set(our_skips) - set(real_skips))
            differing = sorted(fn for fn in set(real_skips) & set(our_skips)
                               if quoted_sets_sorted(real_skips[fn]) != quoted_sets_sorted(our_skips[fn]))
            check(not missing and not extra, "skip list: %d skipped in both; only BitBake: %s; only bake: %s"
                  % (len(set(real_skips) & set(our_skips)), missing[:5], extra[:5]))
            check(not differing, "skip reasons equal" + ("" if not differing else ": %s: %r vs %r" % (
                differing[0], real_skips[differing[0]], our_skips[differing[0]])))

        # 3. -e for a sample of targets.
        names = sorted(r["values"]["PN"] for r in data["recipes"].values() if r["skipped"] is None and r["values"]["PN"])
        names = sorted(set(names))
        # Targets that are BBCLASSEXTEND variants (native, nativesdk, mcextend:...): their
        # virtual file names start with "virtual:".
        variants = {r["values"]["PN"] for fn, r in data["recipes"].items() if fn.startswith("virtual:")}
        wanted = [n for n in names if n.endswith("-native")][:8] + [n for n in names if n.startswith("nativesdk-")][:6]
        wanted += [n for n in names if n.startswith(("core-image", "packagegroup-"))][:4]
        step = max(1, len(names) // max(1, args.sample - len(wanted)))
        wanted += names[::step]
        sample = []
        for n in wanted:
            if n not in sample:
                sample.append(n)
        sample = sample[:max(args.sample, 18)]
        compared = 0
        for name in sample:
            real = run(["bitbake", "-e", name], env, build, user)
            ours = run([bake, "-e", name], env, build, user)
            if real.returncode != 0:
                check(ours.returncode != 0, "-e %s fails in both" % name)
                continue
            expected = without_clock(environment_values(real.stdout))
            actual = without_clock(environment_values(ours.stdout))
            ignored = set(VOLATILE)
            if name in variants:
                expected = {k: v.replace("layer-\\${FILE_LAYERNAME}", "layer-core") for k, v in expected.items()}
                ignored |= VARIANT_LAYER_DERIVED
            diffs = [k for k in sorted(set(expected) | set(actual)) if k not in ignored and expected.get(k) != actual.get(k)
                     and not (k in SET_ORDERED and same_set_order(expected.get(k), actual.get(k)))]
            compared += len(expected)
            check(not diffs, "-e %s: %d variables%s" % (name, len(expected), "" if not diffs else ", %d differ: %s" % (
                len(diffs), "; ".join("%s: %r vs %r" % (k, (expected.get(k) or "")[:80], (actual.get(k) or "")[:80]) for k in diffs[:3]))))
        print("compared %d values over %d targets" % (compared, len(sample)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("oe-core comparison: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
