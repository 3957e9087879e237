"""pytest setup for bake's `bb` package tests: in-process tests import bake's
bb from Sources/RecipeParser/python."""

import os
import sys

_TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
_BAKE_PYTHON_DIR = os.path.join(os.path.dirname(os.path.dirname(_TESTS_DIR)),
                                "Sources", "RecipeParser", "python")

for _path in (_TESTS_DIR, _BAKE_PYTHON_DIR):
    if _path not in sys.path:
        sys.path.insert(0, _path)
