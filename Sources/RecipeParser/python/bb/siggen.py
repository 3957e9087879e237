"""Signature generator classes (`bb.siggen`), as a skeleton.

bake computes task signatures itself. This module exists because OE's lib
(oe/sstatesig.py, loaded at parse time through `addpylib`) subclasses these
classes and assigns module attributes when it is imported; the classes
carry BitBake's names and `name` attributes but compute nothing.
"""


class SignatureGenerator(object):
    """Base class: the "noop" generator."""

    name = "noop"

    def __init__(self, data):
        self.basehash = {}
        self.taskhash = {}
        self.unihash = {}
        self.runtaskdeps = {}
        self.file_checksum_values = {}
        self.taints = {}
        self.unitaskhashes = {}
        self.tidtopn = {}
        self.setscenetasks = set()

    def finalise(self, fn, d, variant):
        return

    def postparsing_clean_cache(self):
        return

    def setup_datacache(self, datacaches):
        self.datacaches = datacaches

    def get_unihash(self, tid):
        return self.unihash.get(tid, self.taskhash.get(tid))

    def get_taskhash(self, tid, deps, dataCaches):
        return "0"

    def writeout_file_checksum_cache(self):
        return

    def invalidate_task(self, task, mcfn):
        return

    def reset(self, data):
        self.__init__(data)

    def exit(self):
        return


class SignatureGeneratorBasic(SignatureGenerator):
    name = "basic"


class SignatureGeneratorBasicHash(SignatureGeneratorBasic):
    name = "basichash"


class SignatureGeneratorUniHashMixIn(object):
    """Mixin for generators backed by a hash equivalence server."""


class SignatureGeneratorTestEquivHash(SignatureGeneratorUniHashMixIn, SignatureGeneratorBasicHash):
    name = "TestEquivHash"


def init(d):
    """The generator named by BB_SIGNATURE_HANDLER among the subclasses
    defined so far (OE adds its own), falling back to the noop one."""
    wanted = d.getVar("BB_SIGNATURE_HANDLER")
    pending = [SignatureGenerator]
    while pending:
        cls = pending.pop()
        if getattr(cls, "name", None) == wanted:
            return cls(d)
        pending.extend(cls.__subclasses__())
    return SignatureGenerator(d)
