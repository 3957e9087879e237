#!/usr/bin/env python3
"""Parse a layered build directory with BitBake's own cooker code (the oracle).

Run with the BitBake library's interpreter:

    /work/main/.venv-oracle/bin/python Tests/Layers/oracle.py [--fixture DIR] [--vars FILE] [--keep]

The fixture (default: fixture/ next to this file) is copied to a fresh
temporary directory first, so BitBake's cache and tmp folders never land in
the source tree. The copy's build/ folder is the current directory, as for
`bitbake -p` run from a build directory.

No BitBake server is started. The steps of the server's parse
(bb.cooker.BBCooker.initConfigurationData, updateCache, CookerParser) run in
this process, in order, calling BitBake's functions and classes themselves:

  1. the environment is reduced to ENVIRONMENT, then bb.utils.clean_environment()
     filters it as bb.main.setup_bitbake does before the server starts; the
     unfiltered environment goes to CookerConfiguration.env, as the UI sends it
     (so it lands in BB_ORIGENV, while only approved names become variables);
  2. bb.cookerdata.CookerDataBuilder(...).parseBaseConfiguration(): bblayers.conf,
     every layer.conf, BBFILES_DYNAMIC, conf/bitbake.conf through BBPATH, base.bbclass
     and INHERIT, configuration event handlers, ConfigParsed;
  3. BBCooker.handleCollections (layer priorities, LAYERDEPENDS/LAYERRECOMMENDS,
     BBFILE_PATTERN_*), called on a BBCooker created without __init__;
  4. bb.cooker.CookerCollectFiles.collect_bbfiles: BBFILES, BBMASK, bbappends;
  5. per recipe file, what CookerParser/Parser do: reset the Python context and
     class handlers, bb.cache.Cache.parse (all BBCLASSEXTEND variants, skip
     reasons), Cache.add_info into a bb.cache.CacheData;
  6. BBCooker.show_appends_with_no_recipes, handlePrefProviders,
     CookerCollectFiles.collection_priorities, then BBCooker.findBestProvider and
     findProviders for the providers and preferred versions.

It prints one JSON object (format in README.md). Absolute paths inside the
copy are written as ${FIXTURE}/..., so output from another copy compares equal
after the same substitution.
"""
import argparse
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import types
from collections import defaultdict

# bb.siggen and bb.cooker import hashserv and prserv, which the PyPI
# bitbake-setup package does not ship. Neither server is used here.
for _name in ("hashserv", "hashserv.client", "prserv", "prserv.serv"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
sys.modules["hashserv"].client = sys.modules["hashserv.client"]
sys.modules["prserv"].serv = sys.modules["prserv.serv"]

import bb  # noqa: E402
import bb.cache  # noqa: E402
import bb.cooker  # noqa: E402
import bb.cookerdata  # noqa: E402
import bb.event  # noqa: E402
import bb.parse  # noqa: E402
import bb.providers  # noqa: E402
import bb.utils  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# The whole environment BitBake sees. BB_ENV_PASSTHROUGH_ADDITIONS approves
# FIXTURE_EXTRA; FIXTURE_BLOCKED is not approved, so it reaches BB_ORIGENV only.
# clean_environment() adds LC_ALL=en_US.UTF-8 (bb.utils.filter_environment).
ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/nonexistent-home",
    "BB_ENV_PASSTHROUGH_ADDITIONS": "FIXTURE_EXTRA",
    "FIXTURE_EXTRA": "from-environment",
    "FIXTURE_BLOCKED": "from-environment",
}

PLACEHOLDER = "${FIXTURE}"


class _Log(logging.Handler):
    """Echoes BitBake's warnings and errors to stderr and keeps the errors
    (bb.fatal logs its message, then raises an empty BBHandledException)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.errors = []

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the oracle
            message = str(record.msg)
        sys.stderr.write("oracle: BitBake %s: %s\n" % (record.levelname, message))
        if record.levelno >= logging.ERROR - 1:  # ERROR - 1 is BitBake's erroronce
            self.errors.append(message)


class _RecordingBuilder:
    """Stands in front of the real CookerDataBuilder for bb.cache.Cache.parse,
    which keeps only CoreRecipeInfo; this keeps the datastores it returns."""

    def __init__(self, builder):
        self._builder = builder
        self.last = None

    def __getattr__(self, name):
        return getattr(self._builder, name)

    def parseRecipeVariants(self, *args, **kwargs):
        self.last = self._builder.parseRecipeVariants(*args, **kwargs)
        return self.last


class Paths:
    """Replaces the copy's root (plain and regex-escaped) by ${FIXTURE}."""

    def __init__(self, root):
        self.pairs = [(re.escape(root), PLACEHOLDER), (root, PLACEHOLDER)]

    def __call__(self, text):
        for old, new in self.pairs:
            text = text.replace(old, new)
        return text

    def json(self, value):
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, str):
            return self(value)
        if isinstance(value, (list, tuple)):
            return [self.json(v) for v in value]
        if isinstance(value, (set, frozenset)):
            return sorted(self.json(v) for v in value)
        if isinstance(value, dict):
            return {self(str(k)): self.json(v) for k, v in value.items()}
        return self(str(value))


def read_vars(path):
    """`[config]` and `[recipes]` sections, one name per line, # comments."""
    sections = {"config": [], "recipes": []}
    current = None
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line in ("[config]", "[recipes]"):
                current = line[1:-1]
                continue
            if current is None:
                raise SystemExit("%s:%d: variable before a [config] or [recipes] section" % (path, lineno))
            sections[current].append(line)
    return sections


def lookup(d, name, paths):
    """Expanded value of VAR or VAR[flag]; the name itself is expanded first."""
    try:
        if name.endswith("]") and "[" in name:
            var, flag = name[:-1].split("[", 1)
            value = d.getVarFlag(d.expand(var), flag)
        else:
            value = d.getVar(d.expand(name))
    except Exception as exc:  # an expansion error is a result, not a crash
        return {"expansion_error": type(exc).__name__}
    return paths.json(value)


def values_of(d, names, paths):
    return {name: lookup(d, name, paths) for name in names}


def error_entry(filename, exc, log, paths):
    message = "%s: %s" % (type(exc).__name__, exc)
    if isinstance(exc, bb.cooker.ParsingFailure):
        message = "%s: %s" % (type(exc.realexception).__name__, exc.realexception)
    if log.errors:
        message += " [logged: %s]" % " | ".join(log.errors)
        log.errors.clear()
    return {"file": paths(filename) if filename else None, "message": paths(message)}


def parse(fixture, var_names, log):
    root = os.path.realpath(tempfile.mkdtemp(prefix="bakelayers"))
    shutil.copytree(fixture, root, dirs_exist_ok=True, symlinks=True)
    paths = Paths(root)
    os.chdir(os.path.join(root, "build"))

    # Step 1: the environment (bb.main.setup_bitbake, BBCooker.updateConfigOpts).
    # setup_bitbake filters os.environ before it starts the server, then puts
    # the removed names back for the UI, which sends that environment
    # (including the LC_ALL that filtering sets) to the server.
    os.environ.clear()
    os.environ.update(ENVIRONMENT)
    removed = bb.utils.clean_environment()
    ui_environment = dict(os.environ)
    ui_environment.update(removed)

    result = {
        "summary": None,
        "layers": {},
        "bbfiles": [],
        "bbappends": [],
        "config": {},
        "recipes": {},
        "providers": {},
        "preferred_versions": {},
        "preferred_files": {},
        "errors": [],
    }

    # A BBCooker without __init__: no server, no signal handlers, no command
    # channel; only the attributes its parse-time methods read.
    cooker = bb.cooker.BBCooker.__new__(bb.cooker.BBCooker)
    cooker.configuration = bb.cookerdata.CookerConfiguration()
    cooker.configuration.env = ui_environment
    cooker.skiplist_by_mc = defaultdict(dict)
    cooker.caches_array = [bb.cache.CoreRecipeInfo]

    # Step 2: the base configuration (BBCooker.initConfigurationData).
    try:
        bb.parse.clear_cache()
        bb.parse.BBHandler.cached_statements = {}
        cooker.databuilder = bb.cookerdata.CookerDataBuilder(cooker.configuration, False)
        cooker.databuilder.parseBaseConfiguration()
        cooker.data = cooker.databuilder.data

        # Steps 3-4 (BBCooker.updateCache, parseConfiguration).
        bb.parse.siggen.reset(cooker.data)
        cooker.multiconfigs = cooker.databuilder.mcdata.keys()
        cooker.recipecaches = {mc: bb.cache.CacheData(cooker.caches_array) for mc in cooker.multiconfigs}
        cooker.handleCollections(cooker.data.getVar("BBFILE_COLLECTIONS"))
        cooker.collections = {mc: bb.cooker.CookerCollectFiles(cooker.bbfile_config_priorities, mc)
                              for mc in cooker.multiconfigs}
        for mc in cooker.multiconfigs:
            ignore = cooker.databuilder.mcdata[mc].getVar("ASSUME_PROVIDED") or ""
            cooker.recipecaches[mc].ignored_dependencies = set(ignore.split())

        mcfilelist = {}
        masked = 0
        for mc in cooker.multiconfigs:
            mcdata = cooker.databuilder.mcdata[mc]
            filelist, mc_masked, _ = cooker.collections[mc].collect_bbfiles(mcdata, mcdata)
            mcfilelist[mc] = filelist
            masked += mc_masked
    except BaseException as exc:  # bb.fatal, ParseError, CollectionError, SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        result["errors"].append(error_entry(None, exc, log, paths))
        return result, root

    for collection, pattern, _, priority in cooker.bbfile_config_priorities:
        result["layers"][collection] = {"pattern": paths(pattern), "priority": priority}
    result["bbfiles"] = [paths(f) for f in mcfilelist[""]]
    result["bbappends"] = [paths(f) for _, f in cooker.collections[""].bbappends]
    # Read after collect_bbfiles, which sets BBFILES_PRIORITIZED.
    result["config"] = values_of(cooker.data, var_names["config"], paths)

    # Step 5: CookerParser and Parser.parse, in this process and in order.
    caches = bb.cache.MulticonfigCache(cooker.databuilder, cooker.databuilder.data_hash, cooker.caches_array)
    recorders = {}
    for mc in cooker.multiconfigs:
        recorders[mc] = _RecordingBuilder(cooker.databuilder)
        caches[mc].databuilder = recorders[mc]
    jobs = []
    for mc in cooker.multiconfigs:
        for filename in mcfilelist[mc]:
            appends = cooker.collections[mc].get_file_appends(filename)
            layername = cooker.collections[mc].calc_bbfile_priority(filename)[2]
            jobs.append((mc, filename, appends, layername))
    context = bb.utils.get_context().copy()
    handlers = bb.event.get_class_handlers().copy()
    bb.cache.SiggenRecipeInfo.reset()

    counts = {"bbfiles": len(jobs), "targets": 0, "skipped": 0, "masked": masked, "errors": 0}
    for mc, filename, appends, layername in jobs:
        bb.utils.set_context(context.copy())
        bb.event.set_class_handlers(handlers.copy())
        try:
            infos = caches[mc].parse(filename, appends, layername)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            # CookerParser.parse_next counts the error and stops parsing.
            counts["errors"] += 1
            result["errors"].append(error_entry(filename, exc, log, paths))
            break
        datastores = {bb.cache.variant2virtual(filename, variant): d
                      for variant, d in recorders[mc].last.items()}
        counts["targets"] += len(infos)
        for virtualfn, info_array in infos:
            info = info_array[0]
            if info.skipped:
                counts["skipped"] += 1
                cooker.skiplist_by_mc[mc][virtualfn] = bb.cooker.SkippedPackage(info)
            caches[mc].add_info(virtualfn, info_array, cooker.recipecaches[mc], parsed=True)
            priority, _, layer = cooker.collections[mc].calc_bbfile_priority(filename)
            result["recipes"][paths(virtualfn)] = {
                "skipped": paths(str(info.skipreason)) if info.skipped else None,
                "layer": layer,
                "priority": priority,
                "appends": [paths(a) for a in appends],
                "values": values_of(datastores[virtualfn], var_names["recipes"], paths),
            }
    result["summary"] = counts
    if counts["errors"]:
        return result, root

    # Step 6: what BBCooker.updateCache does once parsing is complete.
    try:
        cooker.show_appends_with_no_recipes()
        cooker.handlePrefProviders()
        for mc in cooker.multiconfigs:
            cooker.recipecaches[mc].bbfile_priority = cooker.collections[mc].collection_priorities(
                cooker.recipecaches[mc].pkg_fn, mcfilelist[mc], cooker.data)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        counts["errors"] += 1
        result["errors"].append(error_entry(None, exc, log, paths))
        return result, root

    cache = cooker.recipecaches[""]
    for item in sorted(cache.providers):
        filename = cooker.findBestProvider(item)[3]
        result["providers"][item] = cache.pkg_fn[filename] if filename else None
    _, preferred, _ = cooker.findProviders()
    for pn in sorted(preferred):
        version, filename = preferred[pn]
        if version is None:
            result["preferred_versions"][pn] = None
            result["preferred_files"][pn] = None
            continue
        pe, pv, pr = version
        text = "%s-%s" % (pv, pr)
        result["preferred_versions"][pn] = "%s:%s" % (pe, text) if pe else text
        result["preferred_files"][pn] = paths(filename)
    return result, root


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", default=os.path.join(HERE, "fixture"),
                        help="fixture root holding build/ and the layers (default: %(default)s)")
    parser.add_argument("--vars", default=os.path.join(HERE, "vars"),
                        help="variables to print (default: %(default)s)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary copy and print its path on stderr")
    args = parser.parse_args()

    fixture = os.path.abspath(args.fixture)
    if not os.path.isfile(os.path.join(fixture, "build", "conf", "bblayers.conf")):
        raise SystemExit("oracle: %s has no build/conf/bblayers.conf" % fixture)
    var_names = read_vars(os.path.abspath(args.vars))

    log = _Log()
    bb_logger = logging.getLogger("BitBake")
    bb_logger.setLevel(logging.WARNING)
    bb_logger.propagate = False
    bb_logger.handlers = [log]

    result, root = parse(fixture, var_names, log)
    os.chdir(HERE)
    if args.keep:
        sys.stderr.write("oracle: copy kept in %s\n" % root)
    else:
        shutil.rmtree(root, ignore_errors=True)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
