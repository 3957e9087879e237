"""Message levels and helpers (`bb.msg`, the parts metadata uses).

Messages themselves go through `bb._msg_sink`; see the `bb` package.
"""

import logging
import sys

import bb


class BBLogFormatter(logging.Formatter):
    """BitBake's logging levels (the formatting itself is the host's job)."""

    DEBUG3 = logging.DEBUG - 2
    DEBUG2 = logging.DEBUG - 1
    DEBUG = logging.DEBUG
    VERBOSE = logging.INFO - 1
    NOTE = logging.INFO
    PLAIN = logging.INFO + 1
    VERBNOTE = logging.INFO + 2
    ERROR = logging.ERROR
    ERRORONCE = logging.ERROR - 1
    WARNING = logging.WARNING
    WARNONCE = logging.WARNING - 1
    CRITICAL = logging.CRITICAL


loggerDefaultLogLevel = BBLogFormatter.NOTE
loggerDefaultDomains = {}


def init_msgconfig(verbose, debug, debug_domains=None):
    """Set the debug level (number of -D flags) used by bb.debug."""
    global loggerDefaultLogLevel
    bb._debug_level = int(debug or 0)
    if debug:
        loggerDefaultLogLevel = BBLogFormatter.DEBUG - debug + 1
    elif verbose:
        loggerDefaultLogLevel = BBLogFormatter.VERBOSE
    else:
        loggerDefaultLogLevel = BBLogFormatter.NOTE
    loggerDefaultDomains.clear()
    for domain, level in (debug_domains or {}).items():
        loggerDefaultDomains["BitBake.%s" % domain] = BBLogFormatter.DEBUG - level + 1


def constructLogOptions():
    return loggerDefaultLogLevel, loggerDefaultDomains


def stringToLevel(level):
    """A level number from a number or a level name (e.g. "WARNING")."""
    try:
        return int(level)
    except ValueError:
        pass
    try:
        return getattr(logging, level)
    except AttributeError:
        pass
    return getattr(BBLogFormatter, level)


def fatal(msgdomain, msg):
    """Print an error and exit (SystemExit(1)), as BitBake's bb.msg.fatal does."""
    bb._send("fatal", msg)
    sys.exit(1)
