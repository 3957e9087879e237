"""Old name of bb.fetch2: `import bb.fetch` yields the bb.fetch2 module itself."""

import sys

import bb.fetch2

sys.modules[__name__] = bb.fetch2
