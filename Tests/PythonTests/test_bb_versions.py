"""Differential tests: version comparison and dependency strings vs BitBake."""

import itertools

from bbref import assert_same

VERSIONS = [
    "", "0", "1", "1.0", "1.0.0", "1.00", "01", "1.0-r0", "1.0-r1", "1.0a", "1.0b", "1.0-r0.1",
    "1.0~rc1", "1.0~rc2", "1.0~", "1.0+git", "1.0+gitAUTOINC+abc", "1.0_rc1", "1:1.0", "2:0.1",
    "0:1.0-r0", "1.0-", "-r0", "a", "A", "aa", "1a1", "1.a", "1..0", "1.0.", "10", "9", "1.10",
    "1.9", "2.0-r0a", "1.0-1-2", "1.0-r0~", "~", "~~", "1~", ".", "+", "1.2.3~4.5", "3.14.7",
    "1.0 ", " 1.0", ">=1.0", "<<2.0", "=1.0", "1.0-r0-r1", "0.0.0+git0+1234567890",
]


def test_vercmp_string_all_pairs():
    pairs = [[a, b] for a, b in itertools.product(VERSIONS, repeat=2)]
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome\n"
        "result = [outcome(bb.utils.vercmp_string, a, b) for a, b in payload]\n",
        pairs)


def test_vercmp_helpers():
    cases = VERSIONS + ["1:2:3", "x:1.0", "1.0:", ":", "1\u0663", "\u0663"]
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome\n"
        "result = [[outcome(bb.utils.explode_version, v), outcome(bb.utils.split_version, v),\n"
        "           outcome(bb.utils.vercmp_part, v, '1.0'), outcome(bb.utils.vercmp_part, '1.0', v)]\n"
        "          for v in payload]\n",
        cases)


def test_vercmp_tuples_and_operators():
    tuples = [
        [[0, "1.0", "r0"], [0, "1.0", "r0"]], [[1, "1.0", "r0"], [0, "9.0", "r0"]],
        [[3, "1.0", ""], [1, "1.0", ""]], [[None, "1.0", "r0"], ["0", "1.0", "r1"]],
        [["", "1.0", ""], [0, "1.0", ""]], [[0, "1.0", "r10"], [0, "1.0", "r9"]],
    ]
    ops = ["=", "==", "<=", ">=", ">", ">>", "<", "<<", "!=", "=>", "~", ""]
    pairs = [["1.0", "1.0"], ["1.0", "1.1"], ["2:1", "1:9"], ["1.0-r0", "1.0a"], ["1.0~rc1", "1.0"]]
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome\n"
        "result = [[outcome(bb.utils.vercmp, a, b) for a, b in payload['tuples']],\n"
        "          [[outcome(bb.utils.vercmp_string_op, a, b, op) for op in payload['ops']]\n"
        "           for a, b in payload['pairs']]]\n",
        {"tuples": tuples, "ops": ops, "pairs": pairs})


DEPENDS = [
    "", "   ", "a", "a b c", "a, b, c", "a,b", "b a c a",
    "a (>= 1.0)", "a (>=1.0)", "a ( >= 1.0 )", "a (>= 1.0) b (<< 2.0) c",
    "a (= 1.0-r0)", "a (== 1)", "a (!= 1)", "a (=< 1)", "a (=> 1)", "a (<< 1)", "a (>> 1)",
    "a (< 1)", "a (> 1)", "a (=1)", "a (>= 1.0 2.0)", "a (>= 1.0 2.0 3.0)",
    "a (>= 1.0) (<< 2.0)", "a (>= 1.0) a (<< 2.0)", "a (>= 1.0) a", "a a (>= 1.0)",
    "a (1.0)", "a (~1.0)", "a ()", "a ( )", "a (", "a (>=", "a (>= 1.0", "(>= 1.0)",
    "a (>=) b", "a (>= ) b", "a (>= 1.0))", "a ((>= 1.0)", "a (>= 1.0) )", "a )",
    "z y x (>= 1) w", "a (>= ${PV})", "a (>= 1:2.0-r3)", "libc6 (>= 2.3), libx (<< 5), liby",
    "a\t(>=\t1.0)\nb", "a (<= 1.0,2.0)",
]


def test_explode_dep_versions2():
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome, ordered\n"
        "def both(s):\n"
        "    return [outcome(lambda: ordered(bb.utils.explode_dep_versions2(s))),\n"
        "            outcome(lambda: ordered(bb.utils.explode_dep_versions2(s, sort=False)))]\n"
        "result = [both(s) for s in payload]\n",
        DEPENDS)


def test_explode_deps_and_join_deps():
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome\n"
        "def join(s, comma):\n"
        "    return bb.utils.join_deps(bb.utils.explode_dep_versions2(s), comma)\n"
        "def join1(s, comma):\n"
        "    return bb.utils.join_deps(bb.utils.explode_dep_versions(s), comma)\n"
        "result = [[outcome(bb.utils.explode_deps, s), outcome(join, s, True), outcome(join, s, False),\n"
        "           outcome(join1, s, True)] for s in payload]\n"
        "result.append(outcome(bb.utils.explode_deps, 'a (b) c ) d ( e f) g'))\n",
        DEPENDS[1:])


def test_explode_dep_versions_warns_on_duplicates():
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome, ordered, MessageLog\n"
        "log = MessageLog()\n"
        "result = [[outcome(lambda: ordered(bb.utils.explode_dep_versions(s))) for s in payload],\n"
        "          log.messages]\n",
        ["a (>= 1.0) a (<< 2.0) b", "a (>= 1.0 2.0)", "a b (= 1)", "a (>= 1) a (>= 1)"])
