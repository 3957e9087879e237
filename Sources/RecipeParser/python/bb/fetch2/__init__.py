"""URL helpers, fetcher exceptions and `Fetch` (`bb.fetch2`, BitBake 2.19.0 behaviour).

URI parsing and building (`URI`, `decodeurl`, `encodeurl`, `decodemirrorurl`), the exception
types, `mirror_from_string`, `get_autorev`, `get_fetcher_environment` and `Fetch`. A `Fetch`
answers questions about URLs anywhere; its `download()` and `unpack()` run bake's fetcher
(Swift, Sources/Executor/Fetch), which the task runner offers while bake runs a task.
"""

import os
import re
import sys
import urllib.parse
from collections import OrderedDict

import bb
from bb import event

__version__ = "2"

CHECKSUM_LIST = ["goh1", "md5", "sha256", "sha1", "sha384", "sha512"]
SHOWN_CHECKSUM_LIST = ["sha256"]

#: Variables the fetchers pass from the datastore into their commands' environment.
FETCH_EXPORT_VARS = [
    "HOME", "PATH",
    "HTTP_PROXY", "http_proxy",
    "HTTPS_PROXY", "https_proxy",
    "FTP_PROXY", "ftp_proxy",
    "FTPS_PROXY", "ftps_proxy",
    "NO_PROXY", "no_proxy",
    "ALL_PROXY", "all_proxy",
    "GIT_CONFIG_GLOBAL",
    "GIT_PROXY_COMMAND",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_SSL_CAINFO",
    "GIT_SMART_HTTP",
    "SSH_AUTH_SOCK", "SSH_AGENT_PID",
    "SOCKS5_USER", "SOCKS5_PASSWD",
    "DBUS_SESSION_BUS_ADDRESS",
    "P4CONFIG",
    "SSL_CERT_FILE",
    "NODE_EXTRA_CA_CERTS",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_DEFAULT_REGION",
    "AWS_SESSION_TOKEN",
    "GIT_CACHE_PATH",
    "REMOTE_CONTAINERS_IPC",
    "GITHUB_TOKEN",
    "SSL_CERT_DIR",
]


# ---------------------------------------------------------------------------
# Exceptions

class BBFetchException(Exception):
    """Base class of the fetcher exceptions; str() is the message."""

    def __init__(self, message):
        self.msg = message
        Exception.__init__(self, message)

    def __str__(self):
        return self.msg


class UntrustedUrl(BBFetchException):
    """The URL's host is not in BB_ALLOWED_NETWORKS."""

    def __init__(self, url, message=""):
        msg = str(message) if message else "The URL: '%s' is not trusted and cannot be used" % url
        self.url = url
        BBFetchException.__init__(self, msg)
        self.args = (url,)


class MalformedUrl(BBFetchException):
    """The URL cannot be interpreted."""

    def __init__(self, url, message=""):
        msg = message if message else "The URL: '%s' is invalid and cannot be interpreted" % url
        self.url = url
        BBFetchException.__init__(self, msg)
        self.args = (url,)


class FetchError(BBFetchException):
    """A fetch failed."""

    def __init__(self, message, url=None):
        if url:
            msg = "Fetcher failure for URL: '%s'. %s" % (url, message)
        else:
            msg = "Fetcher failure: %s" % message
        self.url = url
        BBFetchException.__init__(self, msg)
        self.args = (message, url)


class ChecksumError(FetchError):
    """A downloaded file has the wrong checksum."""

    def __init__(self, message, url=None, checksum=None):
        self.checksum = checksum
        FetchError.__init__(self, message, url)


class NoChecksumError(FetchError):
    """No checksum is given although BB_STRICT_CHECKSUM asks for one."""


class UnpackError(BBFetchException):
    """Unpacking failed."""

    def __init__(self, message, url):
        msg = "Unpack failure for URL: '%s'. %s" % (url, message)
        self.url = url
        BBFetchException.__init__(self, msg)
        self.args = (message, url)


class NoMethodError(BBFetchException):
    """No fetcher handles the URL."""

    def __init__(self, url):
        msg = "Could not find a fetcher which supports the URL: '%s'" % url
        self.url = url
        BBFetchException.__init__(self, msg)
        self.args = (url,)


class MissingParameterError(BBFetchException):
    """The URL lacks a parameter its fetcher requires."""

    def __init__(self, missing, url):
        msg = "URL: '%s' is missing the required parameter '%s'" % (url, missing)
        self.url = url
        self.missing = missing
        BBFetchException.__init__(self, msg)
        self.args = (missing, url)


class ParameterError(BBFetchException):
    """The URL has invalid parameters."""

    def __init__(self, message, url):
        msg = "URL: '%s' has invalid parameters. %s" % (url, message)
        self.url = url
        BBFetchException.__init__(self, msg)
        self.args = (message, url)


class NetworkAccess(BBFetchException):
    """Network access is needed but disabled."""

    def __init__(self, url, cmd):
        msg = ("Network access disabled through BB_NO_NETWORK (or set indirectly due to use of "
               "BB_FETCH_PREMIRRORONLY) but access requested with command %s (for url %s)" % (cmd, url))
        self.url = url
        self.cmd = cmd
        BBFetchException.__init__(self, msg)
        self.args = (url, cmd)


class NonLocalMethod(Exception):
    def __init__(self):
        Exception.__init__(self)


class MissingChecksumEvent(event.Event):
    def __init__(self, url, **checksums):
        self.url = url
        self.checksums = checksums
        event.Event.__init__(self)


# ---------------------------------------------------------------------------
# URIs

def _split_pairs(text, separator):
    """"a=1;b;c=2" -> {"a": "1", "b": None, "c": "2"} (empty items skipped)."""
    pairs = OrderedDict()
    for item in text.split(separator):
        if not item:
            continue
        key, eq, value = item.partition("=")
        pairs[key] = value if eq else None
    return pairs


# Matches the "//" right after "file:" in "file://relative/path".
_FILE_NETLOC = re.compile(r"(?<=:)//(?!/)")
_RELATIVE_PREFIX = re.compile(r"^\w+:(?!//)")


class URI(object):
    """A URL as BitBake understands it: `;name=value` parameters at the end
    are BitBake's own, and `file://foo` (and `file:foo`, `git:foo`) are
    relative paths rather than host names.

    Attributes: scheme, userinfo (username, password), hostname, port,
    hostport (read only), path, path_quoted, params, query, relative.
    str() gives the URL back.
    """

    _relative_schemes = ["file", "git"]
    _netloc_forbidden = ["file"]

    def __init__(self, uri=None):
        self.scheme = ""
        self.userinfo = ""
        self.hostname = ""
        self.port = None
        self._path = ""
        self.params = {}
        self.query = {}
        self.relative = False

        if not uri:
            return

        uri, _, param_str = uri.partition(";")
        parts = urllib.parse.urlparse(uri)
        self.scheme = parts.scheme

        if parts.scheme in self._netloc_forbidden:
            # file://foo.diff means the relative path foo.diff: parse it as file:foo.diff.
            uri = _FILE_NETLOC.sub("", uri, count=1)
            parts = urllib.parse.urlparse(uri)

        if parts.scheme in self._relative_schemes and _RELATIVE_PREFIX.match(uri):
            self.relative = True

        if not self.relative:
            self.hostname = parts.hostname or ""
            self.port = parts.port
            self.userinfo += parts.username or ""
            if parts.password:
                self.userinfo += ":%s" % parts.password

        # Setting the path also decides `relative` (no leading slash).
        self.path = urllib.parse.unquote(parts.path)

        if param_str:
            self.params = _split_pairs(param_str, ";")
        if parts.query:
            self.query = _split_pairs(parts.query, "&")

    def __str__(self):
        userinfo = self.userinfo + "@" if self.userinfo else ""
        query = ""
        if self.query:
            query = "?" + "&".join("=".join((k, v)) if v else k for k, v in self.query.items())
        params = ""
        if self.params:
            # A parameter without a value cannot be written back (TypeError), as in BitBake.
            params = ";" + ";".join("=".join((k, v)) for k, v in self.params.items())
        return "%s:%s%s%s%s%s%s" % (self.scheme, "" if self.relative else "//", userinfo,
                                    self.hostport, self.path_quoted, query, params)

    @property
    def hostport(self):
        if not self.port:
            return self.hostname
        return "%s:%d" % (self.hostname, self.port)

    @property
    def path_quoted(self):
        return urllib.parse.quote(self.path)

    @path_quoted.setter
    def path_quoted(self, path):
        self.path = urllib.parse.unquote(path)

    @property
    def path(self):
        return self._path

    @path.setter
    def path(self, path):
        self._path = path
        self.relative = bool(path) and not path.startswith("/")

    @property
    def username(self):
        if self.userinfo:
            return self.userinfo.split(":", 1)[0]
        return ""

    @username.setter
    def username(self, username):
        password = self.password
        self.userinfo = username
        if password:
            self.userinfo += ":%s" % password

    @property
    def password(self):
        if self.userinfo and ":" in self.userinfo:
            return self.userinfo.split(":", 1)[1]
        return ""

    @password.setter
    def password(self, password):
        self.userinfo = "%s:%s" % (self.username, password)


def decodeurl(url):
    """(scheme, host[:port], path or "/", user, password, params) of a URL."""
    uri = URI(url)
    return uri.scheme, uri.hostport, uri.path or "/", uri.username, uri.password, uri.params


_MIRROR_URL = re.compile(r"([^:]*)://(?:([^/;]+)@)?([^;]+)(?:;(.*))?")
_MIRROR_USER = re.compile(r"([^:]+):?(.*)")


def decodemirrorurl(url):
    """Decode a mirror URL (which may hold regular expressions) into
    (scheme, host, path, user, password, params) without URI's parsing."""
    m = _MIRROR_URL.match(url)
    if not m:
        raise MalformedUrl(url)
    scheme, user, location, param_str = m.groups()
    if not location:
        raise MalformedUrl(url)

    slash = location.find("/")
    if scheme.lower() == "file":
        host = ""
        path = location
        if user:
            path = user + "@" + path
            user = ""
    elif slash != -1:
        host = location[:slash]
        path = location[slash:]
    else:
        host = location
        path = "/"

    password = ""
    if user:
        um = _MIRROR_USER.match(user)
        if um:
            user, password = um.groups()
    else:
        user = ""

    params = OrderedDict()
    if param_str:
        for item in param_str.split(";"):
            if not item:
                continue
            if "=" not in item:
                raise MalformedUrl(url, "The URL: '%s' is invalid: parameter %s does not specify a value "
                                        "(missing '=')" % (url, item))
            key, value = item.split("=", 1)
            params[key] = value

    return scheme, host, urllib.parse.unquote(path), user, password, params


def encodeurl(decoded):
    """Build a URL from (scheme, host, path, user, password, params).

    Repeated slashes in the path are collapsed; file URLs never carry a
    host or user and always use the `file://path` form.
    """
    scheme, host, path, user, password, params = decoded
    if not scheme:
        raise MissingParameterError("type", "encoded from the data %s" % str(decoded))
    uri = URI()
    uri.scheme = scheme
    if user and scheme != "file":
        uri.username = user
        if password:
            uri.password = password
    if host and scheme != "file":
        uri.hostname = host
    if path:
        while "//" in path:
            path = path.replace("//", "/")
        uri.path = path
        if scheme == "file":
            uri.relative = False
    if params:
        uri.params = params
    return str(uri)


def mirror_from_string(data):
    """Pairs (find, replace) from a MIRRORS-style string ("\\n" counts as a space)."""
    mirrors = (data or "").replace("\\n", " ").split()
    if len(mirrors) % 2 != 0:
        bb.warn("Invalid mirror data %s, should have paired members." % data)
    return list(zip(mirrors[::2], mirrors[1::2]))


# ---------------------------------------------------------------------------
# Parse-time helpers

def mark_recipe_nocache(d):
    """Keep the recipe out of the parse cache unless BB_SRCREV_POLICY is "cache"."""
    if d.getVar("BB_SRCREV_POLICY") != "cache":
        d.setVar("BB_DONT_CACHE", "1")


def get_autorev(d):
    """The value of AUTOREV: marks the recipe uncacheable and returns "AUTOINC"."""
    mark_recipe_nocache(d)
    d.setVar("__BBAUTOREV_SEEN", True)
    return "AUTOINC"


def get_fetcher_environment(d):
    """FETCH_EXPORT_VARS that have a value in `d` (or in BB_ORIGENV)."""
    env = {}
    origenv = d.getVar("BB_ORIGENV")
    for name in FETCH_EXPORT_VARS:
        value = d.getVar(name)
        if not value and origenv:
            value = origenv.getVar(name)
        if value:
            env[name] = value
    return env


# Fetch objects. Metadata asks a fetcher where a source would land while parsing (oe-core's
# psplash, for one); tasks download and unpack through it. The questions are answered here;
# the work is done by bake's fetcher, called through `host_call` with the task's `d`.

class FetchData(object):
    """What BitBake's FetchData says about one URL: its parts, parameters and local path."""

    def __init__(self, url, d):
        self.url = url
        self.type, self.host, self.path, self.user, self.pswd, self.parm = decodeurl(d.expand(url))
        self.decodedurl = self.path if self.type == "file" and not self.host else (self.host + self.path)
        if self.type == "file":
            if "*" in self.path:
                raise ParameterError("file:// urls using globbing are no longer supported. Please place the files "
                                     "in a directory and reference that instead.", url)
            self.basename = os.path.basename(self.path)
            self.localfile = ""
        else:
            self.basename = self.parm.get("downloadfilename") or os.path.basename(self.path)
            self.localfile = self.basename
        self.names = self.parm.get("name", "default").split(",")
        self.localpath = self._localpath(d)

    def searchpaths(self, d):
        """The FILESPATH candidates of a local file, up to the one that exists."""
        path = self.decodedurl
        if path.startswith("/"):
            return [path]
        filespath = d.getVar("FILESPATH")
        if not filespath:
            return []
        _, tried = bb.utils.which(filespath, path, history=True)
        return tried

    def _localpath(self, d):
        if self.type == "file":
            tried = self.searchpaths(d)
            return tried[-1] if tried else self.decodedurl
        return os.path.join(d.getVar("DL_DIR") or "", self.localfile)


class Fetch(object):
    """BitBake's Fetch: `ud[url]`, `localpath(url)`, `localpaths()`, `download()`, `unpack(root)`."""

    def __init__(self, urls, d, cache=True, localonly=False, connection_cache=None):
        self.d = d
        self.urls = urls if urls else (d.getVar("SRC_URI") or "").split()
        self.ud = {}
        for url in self.urls:
            self.ud[url] = FetchData(url, d)

    def localpath(self, url):
        if url not in self.urls:
            self.ud[url] = FetchData(url, self.d)
        return self.ud[url].localpath

    def localpaths(self):
        return [self.ud[url].localpath for url in self.urls]

    def download(self, urls=None):
        """Fetches `urls` (default: all of this fetcher's) into DL_DIR, through PREMIRRORS,
        upstream and MIRRORS, checking checksums."""
        _run_fetcher(self.d, "fetch.download", urls or self.urls)

    def unpack(self, root, urls=None):
        """Unpacks `urls` (default: all) under `root`, as BitBake's unpack does."""
        _run_fetcher(self.d, "fetch.unpack", urls or self.urls, root)


# What bake's fetcher reports (its FetchError codes) -> the exception BitBake raises.
_ERRORS = {
    "malformedURL": MalformedUrl, "noMethod": NoMethodError, "untrustedURL": UntrustedUrl,
    "missingParameter": MissingParameterError, "invalidParameter": ParameterError,
    "checksumMismatch": ChecksumError, "missingChecksum": NoChecksumError,
    "networkAccess": NetworkAccess, "unpackFailed": UnpackError,
}


def _run_fetcher(d, operation, urls, *args):
    from bb.data_smart import host_call
    failure = host_call(d, operation, list(urls), *args)
    if failure is None:
        return
    code, message, url = failure
    cls = _ERRORS.get(code, FetchError)
    # The message is already in BitBake's words; only the exception class is chosen here.
    error = cls.__new__(cls)
    BBFetchException.__init__(error, message)
    error.url = url or None
    raise error


def get_checksum_file_list(d):
    """`path:True|False` for every FILESPATH candidate of each local SRC_URI entry, up to the
    one found: what `do_fetch[file-checksums]` lists, so a local source's content (and a
    file appearing earlier in FILESPATH) changes the task signature."""
    fetch = Fetch([], d)
    entries = []
    for url in fetch.urls:
        ud = fetch.ud[url]
        if ud.type != "file":
            continue
        found = False
        for path in ud.searchpaths(d):
            exists = os.path.exists(path)
            found = found or exists
            entries.append("%s:%s" % (path, exists))
        if not found:
            bb.fatal(("Unable to get checksum for %s SRC_URI entry %s: file could not be found"
                      % (d.getVar("PN"), os.path.basename(ud.path))))
    return " ".join(entries)


# BitBake keeps the old module name as an alias.
sys.modules.setdefault("bb.fetch", sys.modules[__name__])
